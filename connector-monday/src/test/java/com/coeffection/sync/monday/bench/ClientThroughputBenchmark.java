package com.coeffection.sync.monday.bench;

import com.coeffection.sync.monday.graphql.MondayClientConfig;

import com.coeffection.sync.monday.columns.ColumnCodecs;
import com.coeffection.sync.monday.columns.ColumnType;
import com.coeffection.sync.monday.graphql.BatchResult;
import com.coeffection.sync.monday.graphql.Model;
import com.coeffection.sync.monday.graphql.MondayClient;
import com.coeffection.sync.monday.graphql.Operations;
import com.coeffection.sync.monday.standin.MondayStandIn;
import com.coeffection.sync.monday.standin.StandInConfig;
import com.coeffection.sync.values.FieldValues;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prints how fast the client writes through the local stand-in (item creations and column changes in aliased
 * batches), and what it cost in complexity. Run:
 * {@code mvn -q -o -pl connector-monday exec:java -Dexec.mainClass=com.coeffection.sync.monday.bench.ClientThroughputBenchmark -Dexec.classpathScope=test}
 * (optional args: items batchSize).
 */
public final class ClientThroughputBenchmark {
    private ClientThroughputBenchmark() {
    }

    public static void main(String[] args) {
        int items = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 25;
        ColumnCodecs codecs = ColumnCodecs.standard();
        try (MondayStandIn monday = MondayStandIn.start(StandInConfig.defaults().withBudget(1_000_000_000L,
                java.time.Duration.ofMinutes(1)).withDailyCallLimit(Long.MAX_VALUE));
             MondayClient client = new MondayClient(MondayClientConfig.of(monday.apiUrl(), monday.token()).withAssumedBudget(monday.config().budgetPerWindow()))) {
            long board = client.execute(new Operations.CreateBoard("Benchmark", "public", null, null, null)).id();
            client.execute(new Operations.CreateColumn(board, "Email", "email", "email", null, null));
            client.execute(new Operations.CreateColumn(board, "Stage", "status", "stage", null, null));
            client.execute(new Operations.CreateColumn(board, "Amount", "numbers", "amount", null, null));
            // warm-up
            run(client, codecs, board, 200, batch);
            long started = System.nanoTime();
            List<Long> ids = run(client, codecs, board, items, batch);
            double createSeconds = (System.nanoTime() - started) / 1e9;
            started = System.nanoTime();
            for (int i = 0; i < ids.size(); i += batch) {
                List<Operations.ChangeColumnValues> ops = new ArrayList<>();
                for (long id : ids.subList(i, Math.min(ids.size(), i + batch))) {
                    ops.add(new Operations.ChangeColumnValues(board, id, Map.of("stage",
                            codecs.toMonday(ColumnType.STATUS, "stage", FieldValues.status("Done"))), false));
                }
                BatchResult<Model.ItemRef> r = client.executeBatch(ops);
                if (!r.allSucceeded()) {
                    throw new IllegalStateException("changes failed: " + r.failures());
                }
            }
            double changeSeconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("client -> stand-in, aliased batches of %d: create_item %.0f items/s (%d in %.2f s); "
                            + "change_multiple_column_values %.0f items/s; learned cost create_item %d points%n",
                    batch, items / createSeconds, items, createSeconds, ids.size() / changeSeconds,
                    client.costs().estimate("create_item"));
        }
    }

    private static List<Long> run(MondayClient client, ColumnCodecs codecs, long board, int items, int batch) {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < items; i += batch) {
            List<Operations.CreateItem> ops = new ArrayList<>();
            for (int j = i; j < Math.min(items, i + batch); j++) {
                Map<String, String> values = new LinkedHashMap<>();
                values.put("email", codecs.toMonday(ColumnType.EMAIL, "email", FieldValues.email("p" + j + "@example.com")));
                values.put("amount", codecs.toMonday(ColumnType.NUMBERS, "amount", FieldValues.number(j + ".50")));
                ops.add(new Operations.CreateItem(board, "Person " + j, null, values, false));
            }
            BatchResult<Model.ItemRef> r = client.executeBatch(ops);
            if (!r.allSucceeded()) {
                throw new IllegalStateException("creates failed: " + r.failures());
            }
            r.values().forEach(v -> ids.add(v.id()));
        }
        return ids;
    }
}

package com.coeffection.sync.monday.sink;

import com.coeffection.sync.monday.standin.StandInConfig;
import com.coeffection.sync.schema.MondayAction;
import com.coeffection.sync.testkit.RealInfra;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.awaitility.Awaitility;

import static com.coeffection.sync.monday.sink.Commands.command;
import static com.coeffection.sync.monday.sink.Commands.number;
import static com.coeffection.sync.monday.sink.Commands.text;
import static com.coeffection.sync.monday.sink.SinkHarness.TENANT;

/**
 * Prints how many monday calls the sink makes per 1,000 edits, next to one call per edit, and the latency from the
 * change to monday's confirmation (p50/p95/p99), on the real broker against the monday stand-in. Three scenarios: a
 * burst (10 edits to each of 1,000 records at once), a steady stream (500 edits/s spread over time) and a low
 * steady stream (50 edits/s, one edit per record). Run:
 * {@code mvn -q -o -pl monday-sink exec:java -Dexec.mainClass=com.coeffection.sync.monday.sink.MondaySinkBenchmark
 * -Dexec.classpathScope=test} (optional arguments: records, edits per record, steady edits per second, window ms).
 */
public final class MondaySinkBenchmark {
    private MondaySinkBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
        int edits = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int steadyRate = args.length > 2 ? Integer.parseInt(args[2]) : 500;
        Duration window = Duration.ofMillis(args.length > 3 ? Long.parseLong(args[3]) : 250);
        RealInfra infra = RealInfra.shared();
        try {
            // warm-up: broker, registry, JIT
            run(infra, "warm-up", 200, 5, 0, window, false);
            run(infra, "burst", records, edits, 0, window, true);
            run(infra, "steady", records, edits, steadyRate, window, true);
            // a low steady rate: every edit of its own (the adaptive batching sends a lone edit at once)
            run(infra, "steady-low", records, 1, 50, window, true);
        } finally {
            System.out.flush();
            System.exit(0);
        }
    }

    private static void run(RealInfra infra, String name, int records, int edits, int ratePerSecond, Duration window,
                            boolean print) throws Exception {
        StandInConfig standIn = StandInConfig.defaults().withBudget(1_000_000_000L, Duration.ofMinutes(1));
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        try (SinkHarness h = new SinkHarness(infra, standIn, 1)) {
            Map<String, Long> items = new HashMap<>();
            for (int r = 0; r < records; r++) {
                items.put("r" + r, h.seedItem("r" + r, "Record " + r));
            }
            int queriesBefore = h.monday.receivedQueries().size();
            int total = records * edits;
            long started = System.nanoTime();
            try (MondaySinkWorker worker = new MondaySinkWorker(h.config(window).withMetrics(metrics))) {
                worker.start();
                long sent = 0;
                for (int e = 1; e <= edits; e++) {
                    for (int r = 0; r < records; r++) {
                        int record = ratePerSecond == 0 ? (int) (sent / edits) : r;
                        int edit = ratePerSecond == 0 ? (int) (sent % edits) + 1 : e;
                        if (ratePerSecond > 0) {
                            long due = started + sent * 1_000_000_000L / ratePerSecond;
                            long wait = due - System.nanoTime();
                            if (wait > 0) {
                                LockSupport.parkNanos(wait); // paces the steady stream; not a wait for a result
                            }
                        }
                        h.send(command(TENANT, h.board, "r" + record, items.get("r" + record), MondayAction.UPDATE_COLUMNS,
                                null, null, List.of(text("text", "e" + edit), number("numbers", Integer.toString(edit))),
                                Instant.now()));
                        sent++;
                    }
                }
                h.flush();
                Awaitility.await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(50))
                        .until(() -> metrics.counter("monday.sink.commands.delivered").count() >= total);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            if (!print) {
                return;
            }
            List<String> queries = h.monday.receivedQueries().subList(queriesBefore, h.monday.receivedQueries().size());
            long mutationRequests = queries.stream().filter(q -> q.startsWith("mutation")).count();
            long mutations = queries.stream().filter(q -> q.startsWith("mutation"))
                    .mapToLong(q -> q.split("change_multiple_column_values\\(", -1).length - 1).sum();
            long calls = queries.size();
            HistogramSnapshot latency = metrics.timer("monday.sink.latency").takeSnapshot();
            System.out.printf("%n== %s: %,d edits (%d records x %d edits%s), window %d ms, %.1f s%n", name, total, records,
                    edits, ratePerSecond == 0 ? ", all at once" : ", " + ratePerSecond + " edits/s", window.toMillis(), seconds);
            System.out.printf("   delivered            %,.0f of %,d%n", metrics.counter("monday.sink.commands.delivered").count(), total);
            System.out.printf("   monday calls         %,d (%,d mutation requests carrying %,d mutations)%n", calls,
                    mutationRequests, mutations);
            System.out.printf("   calls per 1,000 edits %.1f   vs one call per edit: 1,000.0   (%.0fx fewer)%n",
                    calls * 1000.0 / total, total / (double) Math.max(1, calls));
            System.out.printf("   items per request    %.1f (mean)%n", mutations / (double) Math.max(1, mutationRequests));
            StringBuilder percentiles = new StringBuilder();
            for (ValueAtPercentile p : latency.percentileValues()) {
                percentiles.append(String.format("p%.0f %.0f ms   ", p.percentile() * 100, p.value(TimeUnit.MILLISECONDS)));
            }
            System.out.printf("   latency (change -> monday confirmed)  %s max %.0f ms%n", percentiles,
                    latency.max(TimeUnit.MILLISECONDS));
            var requests = metrics.find("monday.sink.request.duration").timers();
            requests.forEach(t -> System.out.printf("   monday %s requests   %d, mean %.0f ms, max %.0f ms (stand-in on the same 2 cores)%n",
                    t.getId().getTag("kind"), t.count(), t.mean(TimeUnit.MILLISECONDS), t.max(TimeUnit.MILLISECONDS)));
        }
    }
}

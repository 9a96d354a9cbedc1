package com.coeffection.sync.processor.match.bench;

import com.coeffection.sync.matching.ItemIndex;
import com.coeffection.sync.matching.MatchOutcome;
import com.coeffection.sync.matching.Normalizer;
import com.coeffection.sync.matching.RecordFacts;
import com.coeffection.sync.monday.graphql.Model;
import com.coeffection.sync.monday.graphql.MondayClient;
import com.coeffection.sync.monday.graphql.MondayClientConfig;
import com.coeffection.sync.monday.graphql.Operations;
import com.coeffection.sync.monday.standin.MondayStandIn;
import com.coeffection.sync.monday.standin.StandInConfig;
import com.coeffection.sync.monday.standin.StandInViews;
import com.coeffection.sync.processor.match.BenchAccess;
import com.coeffection.sync.processor.match.MondayBoardReader;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Indexing an existing board of {@code bench.items} items (default 10,000) from the monday stand-in with the
 * matcher's reader (monday's cursor paging through the real client, which waits for the complexity budget) and
 * matching {@code bench.records} records (default 10,000) against it as a board being connected (matchAll): a third
 * by email, a sixth by phone, a sixth by name in group, a sixth near-duplicates (review), a sixth nothing. The same
 * reading with pages of 100 items runs as the baseline in the same run. What is not measured: Kafka and RocksDB (the
 * matcher writes each item to its store once), see docs/board-mappings.md.
 *
 * <pre>mvn -q -o -pl stream-processor test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=com.coeffection.sync.processor.match.bench.BoardIndexingBenchmark</pre>
 */
public final class BoardIndexingBenchmark {
    private BoardIndexingBenchmark() {
    }

    public static void main(String[] args) {
        int items = Integer.getInteger("bench.items", 10_000);
        int records = Integer.getInteger("bench.records", 10_000);
        try (MondayStandIn monday = MondayStandIn.start(StandInConfig.defaults());
             MondayClient client = new MondayClient(MondayClientConfig.of(monday.apiUrl(), monday.token())
                     .withAssumedBudget(monday.config().budgetPerWindow()))) {
            long board = client.execute(new Operations.CreateBoard("Bench contacts", "public", null, null, null)).id();
            client.execute(new Operations.CreateColumn(board, "Email", "email", "email", null, null));
            client.execute(new Operations.CreateColumn(board, "Phone", "phone", "phone", null, null));
            String group = client.execute(new Operations.CreateGroup(board, "Contacts", null)).id();
            MondayStandIn.AsUser ana = monday.asUser(monday.config().users().get(0).id());
            long setUp = System.nanoTime();
            for (int i = 0; i < items; i++) {
                Map<String, String> values = new LinkedHashMap<>();
                if (i % 3 == 0) {
                    values.put("email", "{\"email\":\"p" + i + "@example.com\",\"text\":\"p" + i + "\"}");
                } else if (i % 3 == 1) {
                    values.put("phone", "{\"phone\":\"+1415" + String.format("%07d", 2_000_000 + i) + "\",\"countryShortName\":\"US\"}");
                }
                ana.createItem(board, name(i), group, values);
            }
            System.out.printf("board of %,d items created on the stand-in in %d ms%n", items,
                    (System.nanoTime() - setUp) / 1_000_000);

            Run baseline = index(monday, client, board, 100);
            Run production = index(monday, client, board, 500);
            System.out.printf("%-22s %8s %8s %12s %10s%n", "indexing", "items", "calls", "complexity", "ms");
            for (Run r : List.of(baseline, production)) {
                System.out.printf("%-22s %,8d %8d %,12d %10d%n", "pages of " + r.pageSize, r.index.size(), r.calls,
                        r.points, r.millis);
            }

            List<RecordFacts> facts = new ArrayList<>(records);
            for (int i = 0; i < records; i++) {
                String key = "acme:Contact:r" + i;
                facts.add(switch (i % 6) {
                    case 0, 3 -> new RecordFacts(key, "Other " + i, " P" + i + "@Example.com ", null, group);
                    case 1, 4 -> new RecordFacts(key, "Other " + i, null, "(415) " + phoneLocal(i), group);
                    case 2 -> new RecordFacts(key, name(i).toUpperCase(), null, null, group);
                    default -> i % 12 == 5
                            ? new RecordFacts(key, name(i).substring(0, name(i).length() - 1) + "q", null, null, group)
                            : new RecordFacts(key, "Nobody Known " + i, null, null, group);
                });
            }
            long start = System.nanoTime();
            Map<String, MatchOutcome> outcomes = production.index.matchAll(facts);
            long matchMs = (System.nanoTime() - start) / 1_000_000;
            Map<String, Integer> counts = new LinkedHashMap<>();
            outcomes.values().forEach(o -> counts.merge(o instanceof MatchOutcome.Linked l ? "linked " + l.rule()
                    : o instanceof MatchOutcome.Review r ? "review " + r.rule() : "none", 1, Integer::sum));
            System.out.printf("matching %,d records (matchAll) in %d ms (%,.0f/s): %s%n", records, matchMs,
                    records * 1000.0 / Math.max(1, matchMs), counts);
            System.out.printf("indexing + matching: %d ms%n", production.millis + matchMs);
        }
    }

    private record Run(int pageSize, ItemIndex index, long calls, long points, long millis) {
    }

    private static Run index(MondayStandIn monday, MondayClient client, long board, int pageSize) {
        MondayBoardReader reader = new MondayBoardReader(client);
        long pointsBefore = used(monday.stats());
        long start = System.nanoTime();
        ItemIndex index = new ItemIndex(new Normalizer("US"));
        Model.ItemsPage page = reader.first(board, pageSize);
        while (true) {
            BenchAccess.indexPage(page, index);
            if (page.cursor() == null) {
                break;
            }
            page = reader.next(page.cursor(), pageSize);
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        return new Run(pageSize, index, reader.calls(), used(monday.stats()) - pointsBefore, millis);
    }

    private static long used(StandInViews.Stats stats) {
        return stats.windows().stream().mapToLong(StandInViews.WindowUsage::used).sum();
    }

    private static String phoneLocal(int i) {
        String digits = String.format("%07d", 2_000_000 + i);
        return digits.substring(0, 3) + "-" + digits.substring(3);
    }

    private static final String[] FIRST = {"Sarah", "John", "Amélie", "Kenji", "Priya", "Lukas", "María", "Omar",
            "Chloé", "Mateo", "Ingrid", "Wei", "Fatima", "Noah", "Zoë", "Rafael", "Hana", "Elif", "Tomás", "Aisha"};
    private static final String[] LAST = {"Chen", "Doe", "Dubois", "Tanaka", "Patel", "Müller", "García", "Haddad",
            "Martin", "López", "Larsen", "Zhang", "Khan", "Smith", "Novak", "Costa", "Kim", "Yılmaz", "Berg", "Okafor"};

    private static String name(int i) {
        return FIRST[i % 20] + " " + LAST[(i / 20) % 20] + " " + Integer.toString(i, 36) + "x" + Integer.toString(i * 7 % 1000, 36);
    }
}

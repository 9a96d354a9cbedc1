package com.coeffection.sync.matching.bench;

import com.coeffection.sync.matching.ItemFacts;
import com.coeffection.sync.matching.ItemIndex;
import com.coeffection.sync.matching.MatchOutcome;
import com.coeffection.sync.matching.NameSimilarity;
import com.coeffection.sync.matching.Normalizer;
import com.coeffection.sync.matching.RecordFacts;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * How long indexing and matching take for a board of {@code bench.items} items (default 10,000) against
 * {@code bench.records} records (default 10,000): a third match by email, a sixth by phone, a sixth by name, a
 * sixth are near-duplicates, a sixth match nothing. The baseline, measured in the same run on
 * {@code bench.baselineRecords} of the unmatched records, compares every name with every item's (full Levenshtein),
 * which is what the index's length buckets and bounded distance avoid.
 *
 * <pre>mvn -q -pl matching test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=com.coeffection.sync.matching.bench.MatchingBenchmark</pre>
 */
public final class MatchingBenchmark {
    private static final String[] FIRST = {"Sarah", "John", "Amélie", "Kenji", "Priya", "Lukas", "María", "Omar",
            "Chloé", "Mateo", "Ingrid", "Wei", "Fatima", "Noah", "Zoë", "Rafael", "Hana", "Elif", "Tomás", "Aisha"};
    private static final String[] LAST = {"Chen", "Doe", "Dubois", "Tanaka", "Patel", "Müller", "García", "Haddad",
            "Martin", "López", "Larsen", "Zhang", "Khan", "Smith", "Novak", "Costa", "Kim", "Yılmaz", "Berg", "Okafor"};

    private MatchingBenchmark() {
    }

    public static void main(String[] args) {
        int items = Integer.getInteger("bench.items", 10_000);
        int records = Integer.getInteger("bench.records", 10_000);
        int baselineRecords = Integer.getInteger("bench.baselineRecords", 300);
        Random random = new Random(7);
        List<ItemFacts> board = new ArrayList<>(items);
        for (int i = 0; i < items; i++) {
            String name = FIRST[random.nextInt(FIRST.length)] + " " + LAST[random.nextInt(LAST.length)] + " " + i;
            board.add(new ItemFacts(1_000_000L + i, name, "group_" + (i % 4), i % 3 == 0 ? "p" + i + "@corp.example" : null,
                    i % 6 == 1 ? String.format("+1 415 55%05d", i) : null));
        }
        List<RecordFacts> people = new ArrayList<>(records);
        for (int i = 0; i < records; i++) {
            ItemFacts item = board.get(i % items);
            String key = "bench:Contact:" + i;
            people.add(switch (i % 6) {
                case 0, 3 -> new RecordFacts(key, "x", item.email() == null ? "p" + i + "@corp.example" : item.email().toUpperCase(), null, null);
                case 1 -> new RecordFacts(key, "y", null, item.phone() == null ? null : item.phone().replace(" ", ""), null);
                case 2 -> new RecordFacts(key, item.name().toUpperCase(), null, null, item.groupId());
                case 4 -> new RecordFacts(key, item.name().substring(0, item.name().length() - 1) + "x", null, null, "none");
                default -> new RecordFacts(key, "Nobody Matching " + i, null, null, "none");
            });
        }

        long t0 = System.nanoTime();
        ItemIndex index = new ItemIndex(new Normalizer("US"));
        board.forEach(index::put);
        long t1 = System.nanoTime();
        Map<String, MatchOutcome> outcomes = index.matchAll(people);
        long t2 = System.nanoTime();

        Map<String, Integer> counts = new HashMap<>();
        outcomes.values().forEach(o -> counts.merge(o instanceof MatchOutcome.Linked l ? "linked " + l.rule()
                : o instanceof MatchOutcome.Review r ? "review " + r.rule() : "no match", 1, Integer::sum));

        List<String> names = people.stream()
                .filter(p -> Integer.parseInt(p.recordKey().substring(p.recordKey().lastIndexOf(':') + 1)) % 6 >= 4)
                .limit(baselineRecords).map(p -> Normalizer.name(p.name()).orElse("")).toList();
        List<String> itemNames = board.stream().map(b -> Normalizer.name(b.name()).orElse("")).toList();
        long b0 = System.nanoTime();
        int baselineHits = 0;
        for (String n : names) {
            boolean hit = false;
            for (String m : itemNames) {
                hit |= NameSimilarity.of(n, m) >= NameSimilarity.FUZZY_THRESHOLD;
            }
            baselineHits += hit ? 1 : 0;
        }
        long b1 = System.nanoTime();
        long i0 = System.nanoTime();
        int indexHits = 0;
        for (String n : names) {
            if (index.match(new RecordFacts("probe", n, null, null, "none")) instanceof MatchOutcome.Review) {
                indexHits++;
            }
        }
        long i1 = System.nanoTime();

        System.out.printf("board of %,d items, %,d records%n", items, records);
        System.out.printf("index built in %,d ms%n", (t1 - t0) / 1_000_000);
        System.out.printf("matched %,d records in %,d ms (%,.0f records/s)%n", records, (t2 - t1) / 1_000_000,
                records / ((t2 - t1) / 1e9));
        counts.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> System.out.printf("  %-28s %,d%n", e.getKey(), e.getValue()));
        System.out.printf("fuzzy search of %d names: index %.2f ms/name, all-pairs baseline %.2f ms/name (%.0fx); "
                        + "names with a candidate %d vs %d%n", names.size(), (i1 - i0) / 1e6 / names.size(), (b1 - b0) / 1e6 / names.size(),
                (double) (b1 - b0) / Math.max(1, i1 - i0), indexHits, baselineHits);
    }
}

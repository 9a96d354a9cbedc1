package com.coeffection.sync.launcher;

import com.coeffection.sync.coeffection.standin.CoeffectionStandIn;
import com.coeffection.sync.coeffection.standin.LatencySamples;
import com.coeffection.sync.coeffection.standin.RecordStore;
import com.coeffection.sync.monday.standin.MondayStandIn;
import com.coeffection.sync.monday.standin.StandInViews;
import com.coeffection.sync.schema.BoardMapping;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.io.PrintStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The whole pipeline as the embedded default runs it (a broker and a registry as their own processes, both
 * stand-ins, ingress, processor, sink), measured end to end:
 * (c) a backfill of {@code bench.backfill} records (default 10,000): time until monday holds every item, beside the
 * least time monday's budget would allow for the complexity it used;
 * (a) steady {@code bench.rates} edits/s (default 200 and 500) for {@code bench.seconds} s (default 60), half made in
 * Coeffection and half in monday: latency from a change's time to the other side confirming it (monday's answer to
 * the sink; the Coeffection stand-in applying the record update), throughput, monday calls per 1,000 edits, budget;
 * (b) a burst of 10 edits to each of {@code bench.burst} records (default 1,000) in Coeffection.
 *
 * <pre>mvn -q -pl launcher -am test-compile -DskipTests && mvn -q -o -pl launcher exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=com.coeffection.sync.launcher.WholePipelineBenchmark [-Dbench.seconds=30]</pre>
 */
public final class WholePipelineBenchmark {
    private static final long PERSON = 60_000_002L;

    private WholePipelineBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int backfill = Integer.getInteger("bench.backfill", 10_000);
        int seconds = Integer.getInteger("bench.seconds", 60);
        int burst = Integer.getInteger("bench.burst", 1_000);
        List<Integer> rates = java.util.Arrays.stream(System.getProperty("bench.rates", "200,500").split(","))
                .map(String::trim).map(Integer::parseInt).toList();
        Path data = Files.createTempDirectory("whole-pipeline-bench");
        Map<String, String> env = new HashMap<>();
        env.put("SYNC_DATA_DIR", data.toString());
        env.put("LOCAL_KAFKA_PORT", "29092");
        env.put("LOCAL_KAFKA_CONTROLLER_PORT", "29093");
        env.put("LOCAL_SCHEMA_REGISTRY_PORT", "28081");
        env.put("LOCAL_MONDAY_PORT", "0");
        env.put("LOCAL_COEFFECTION_PORT", "0");
        env.put("INGRESS_PORT", "0");
        env.put("COEFFECTION_STANDIN_DEMO", backfill + ",0,0");
        env.put("COEFFECTION_STANDIN_PLAN", "enterprise");
        env.putIfAbsent("SYNC_DIST_DIR", System.getProperty("sync.dist.dir", Path.of(".local", "dist").toAbsolutePath().toString()));
        LauncherConfig config = LauncherConfig.from(env);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());

        System.out.printf("whole-pipeline benchmark: %d cores, load average %.2f at start%n",
                Runtime.getRuntime().availableProcessors(), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        try (Pipeline pipeline = Pipeline.start(config, env, meters)) {
            MondayStandIn monday = pipeline.standIn().orElseThrow();
            CoeffectionStandIn coeffection = pipeline.coeffection().standIn().orElseThrow();
            List<BoardMapping> boards = pipeline.publishMappings(BoardMappingFiles.load(Map.of(), true), config);
            long contacts = boards.stream().filter(m -> m.getEntityType().equals("Contact")).findFirst().orElseThrow().getBoardId();

            // (c) backfill
            long points0 = pointsUsed(monday);
            long t0 = System.nanoTime();
            pipeline.backfill(boards, quiet);
            waitFor(() -> monday.items(contacts).size() >= backfill, Duration.ofMinutes(15));
            double took = (System.nanoTime() - t0) / 1e9;
            long points = pointsUsed(monday) - points0;
            StandInViews.Stats stats = monday.stats();
            double minimum = (double) points / monday.config().budgetPerWindow() * monday.config().budgetWindow().toMillis() / 1000.0;
            System.out.printf("(c) backfill of %,d records: %.1f s (%,.0f items/s); monday complexity used %,d points: "
                    + "the budget alone would allow it in %.2f s%n", backfill, took, backfill / took, points, minimum);

            Map<String, Long> itemIds = new HashMap<>();
            monday.items(contacts).forEach(i -> itemIds.put(i.values().get("coeffection_id").text(), i.id()));
            List<String> records = coeffection.records().list("demo", "Contact", 0, backfill, r -> true).records().stream()
                    .map(r -> r.path("id").asText()).toList();

            // (a) steady rates, half from each side on disjoint records
            for (int rate : rates) {
                steady(rate, seconds, records, itemIds, contacts, monday, coeffection, meters);
            }

            // (b) burst: 10 edits to each of `burst` records in Coeffection
            long requests0 = monday.stats().requests();
            Timer sink = meters.find("monday.sink.latency").timer();
            long confirmed0 = sink == null ? 0 : sink.count();
            long b0 = System.nanoTime();
            for (int edit = 1; edit <= 10; edit++) {
                for (int i = 0; i < burst; i++) {
                    coeffection.records().patch("demo", "Contact", records.get(i), title("burst-" + edit), person(), null);
                }
            }
            String last = "burst-10";
            waitFor(() -> monday.items(contacts).stream().filter(i -> last.equals(i.values().get("job_title").text())).count() >= burst,
                    Duration.ofMinutes(5));
            double burstTook = (System.nanoTime() - b0) / 1e9;
            long calls = monday.stats().requests() - requests0;
            System.out.printf("(b) burst of 10 edits x %,d records: every item at its last edit after %.1f s; %,d monday "
                    + "calls = %.1f per 1,000 edits; %,d deliveries confirmed%n", burst, burstTook, calls,
                    calls * 1000.0 / (10.0 * burst), (sink == null ? 0 : sink.count()) - confirmed0);
        }
        System.out.printf("load average at end %.2f%n", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.exit(0);
    }

    private static void steady(int rate, int seconds, List<String> records, Map<String, Long> itemIds, long board,
                               MondayStandIn monday, CoeffectionStandIn coeffection, SimpleMeterRegistry meters) throws Exception {
        int half = records.size() / 2;
        AtomicLong sequence = new AtomicLong();
        AtomicLong fromCoeffection = new AtomicLong();
        AtomicLong fromMonday = new AtomicLong();
        LatencySamples applied = coeffection.recordUpdates().orElseThrow().latency();
        int applied0 = applied.count();
        Timer sink = meters.find("monday.sink.latency").timer();
        HistogramSnapshot before = sink.takeSnapshot();
        long requests0 = monday.stats().requests();
        long points0 = pointsUsed(monday);
        ScheduledExecutorService load = Executors.newScheduledThreadPool(2);
        long periodMicros = 1_000_000L / rate;
        long t0 = System.nanoTime();
        var task = load.scheduleAtFixedRate(() -> {
            long n = sequence.getAndIncrement();
            try {
                if (n % 2 == 0) {
                    String id = records.get((int) ((n / 2) % half));
                    coeffection.records().patch("demo", "Contact", id, title("c" + rate + "-" + n), person(), null);
                    fromCoeffection.incrementAndGet();
                } else {
                    String id = records.get(half + (int) ((n / 2) % (records.size() - half)));
                    monday.asUser(PERSON).changeColumnValues(board, itemIds.get(id), Map.of("job_title", "\"m" + rate + "-" + n + "\""));
                    fromMonday.incrementAndGet();
                }
            } catch (RuntimeException e) {
                System.out.println("edit failed: " + e.getMessage());
            }
        }, 0, periodMicros, TimeUnit.MICROSECONDS);
        Thread.sleep(seconds * 1000L);
        task.cancel(false);
        load.shutdown();
        double loadSeconds = (System.nanoTime() - t0) / 1e9;
        // let what is in flight arrive
        waitFor(() -> applied.count() - applied0 >= fromMonday.get() * 0.99, Duration.ofSeconds(60));
        Thread.sleep(3_000);
        HistogramSnapshot after = sink.takeSnapshot();
        long calls = monday.stats().requests() - requests0;
        long edits = fromCoeffection.get() + fromMonday.get();
        System.out.printf("(a) %d edits/s for %d s (%.0f/s offered: %,d in Coeffection, %,d in monday), load average %.2f%n",
                rate, seconds, edits / loadSeconds, fromCoeffection.get(), fromMonday.get(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.printf("    Coeffection -> monday confirmed: %,d confirmations, p50/p95/p99 %s (run total; max %.2f s)%n",
                after.count() - before.count(), percentiles(after), after.max(TimeUnit.SECONDS));
        System.out.printf("    monday -> Coeffection applied:  %,d updates, p50 %.2f s, p95 %.2f s, p99 %.2f s, max %.2f s%n",
                applied.count() - applied0, applied.quantile(applied0, 0.50) / 1000.0, applied.quantile(applied0, 0.95) / 1000.0,
                applied.quantile(applied0, 0.99) / 1000.0, applied.quantile(applied0, 1.0) / 1000.0);
        System.out.printf("    monday calls: %,d = %.1f per 1,000 edits; complexity used %,d points%n", calls,
                calls * 1000.0 / Math.max(1, edits), pointsUsed(monday) - points0);
    }

    private static String percentiles(HistogramSnapshot snapshot) {
        StringBuilder out = new StringBuilder();
        for (ValueAtPercentile p : snapshot.percentileValues()) {
            out.append(out.length() == 0 ? "" : "/").append(String.format("%.2f", p.value(TimeUnit.SECONDS)));
        }
        return out + " s";
    }

    private static long pointsUsed(MondayStandIn monday) {
        return monday.stats().windows().stream().mapToLong(StandInViews.WindowUsage::used).sum();
    }

    private static RecordStore.Actor person() {
        return new RecordStore.Actor("USER", "usr_bench", "Bench Person", "bench@coeffection.example");
    }

    private static ObjectNode title(String value) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("title", value);
        return node;
    }

    private static void waitFor(java.util.function.BooleanSupplier done, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                System.out.println("  (gave up waiting after " + timeout.toSeconds() + " s)");
                return;
            }
            Thread.sleep(200);
        }
    }
}

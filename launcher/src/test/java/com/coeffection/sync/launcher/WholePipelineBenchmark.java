package com.coeffection.sync.launcher;

import com.coeffection.sync.coeffection.standin.CoeffectionStandIn;
import com.coeffection.sync.coeffection.standin.RecordStore;
import com.coeffection.sync.drift.report.DriftReport;
import com.coeffection.sync.drift.report.ReportWriter;
import com.coeffection.sync.monday.standin.MondayStandIn;
import com.coeffection.sync.monday.standin.StandInViews;
import com.coeffection.sync.schema.BoardMapping;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The whole pipeline as the embedded default runs it (a broker and a registry as their own processes, both
 * stand-ins, ingress, processor, sink), measured end to end by the benchmark's own clock on each edit it makes:
 * <ul>
 *   <li>(c) a backfill of {@code bench.backfill} records (default 10,000): the time until monday holds every item,
 *   beside the least time monday's published budget allows for the complexity it used;</li>
 *   <li>(a) steady {@code bench.rates} edits/s (default 200 and 500) for {@code bench.seconds} s (default 60), half
 *   made in Coeffection and half in monday on disjoint records: latency from each edit to the other side's stand-in
 *   showing its value (monday's item; the Coeffection record the update was applied to), throughput, monday calls per
 *   1,000 edits, complexity budget used;</li>
 *   <li>(b) a burst of 10 edits to each of {@code bench.burst} records (default 1,000) in Coeffection;</li>
 *   <li>(d) with {@code bench.drift=true}: {@code bench.driftRate} edits/s (default 50) alone, then during a drift
 *   run of the Contact board: the run's time and monday cost, and the live latency beside its baseline.</li>
 * </ul>
 * {@code bench.monday=published} (default) gives the monday stand-in monday's published limits (10,000,000 complexity
 * points a minute, 10,000 calls a day); {@code bench.monday=lifted} lifts both, to measure the pipeline's own speed.
 * {@code bench.drain} (default 60) bounds in seconds the wait for a phase's last edits. Run with {@code bin/bench}.
 */
public final class WholePipelineBenchmark {
    static final long PUBLISHED_BUDGET = 10_000_000L;
    private static final long PERSON = 60_000_002L;

    private WholePipelineBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int backfill = Integer.getInteger("bench.backfill", 10_000);
        int seconds = Integer.getInteger("bench.seconds", 60);
        int burst = Integer.getInteger("bench.burst", 1_000);
        Duration drain = Duration.ofSeconds(Integer.getInteger("bench.drain", 60));
        boolean lifted = "lifted".equals(System.getProperty("bench.monday", "published"));
        List<Integer> rates = Arrays.stream(System.getProperty("bench.rates", "200,500").split(","))
                .map(String::trim).map(Integer::parseInt).toList();
        Map<String, String> env = environment(backfill, lifted);
        LauncherConfig config = LauncherConfig.from(env);
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());

        System.out.printf("whole-pipeline benchmark: %d cores, load average %s at start; monday stand-in with %s%n",
                Runtime.getRuntime().availableProcessors(), load(),
                lifted ? "its budget and daily limit lifted (the pipeline's own speed)"
                        : "monday's published limits (10,000,000 points a minute, 10,000 calls a day)");
        try (Pipeline pipeline = Pipeline.start(config, env, new SimpleMeterRegistry())) {
            Sides sides = new Sides(pipeline.standIn().orElseThrow(), pipeline.coeffection().standIn().orElseThrow());
            List<BoardMapping> boards = pipeline.publishMappings(BoardMappingFiles.load(Map.of(), true), config);
            long board = boards.stream().filter(m -> m.getEntityType().equals("Contact")).findFirst().orElseThrow().getBoardId();

            backfillPhase(pipeline, boards, board, backfill, sides.monday(), quiet);
            sides.index(board, backfill);
            for (int rate : rates) {
                steady(rate, seconds, drain, sides);
            }
            burstPhase(burst, drain, sides);
            if (Boolean.getBoolean("bench.drift")) {
                driftPhase(Main.reconcileEnvironment(env, pipeline), board, Integer.getInteger("bench.driftRate", 50),
                        seconds, drain, sides);
            }
        }
        System.out.printf("load average at end %s%n", load());
        System.exit(0);
    }

    private static Map<String, String> environment(int backfill, boolean lifted) throws Exception {
        Path data = Files.createTempDirectory("whole-pipeline-bench");
        Map<String, String> env = new HashMap<>();
        // the parts' own tuning settings pass through from the shell, to measure one setting against another
        System.getenv().forEach((name, value) -> {
            if (name.startsWith("MONDAY_SINK_") || name.startsWith("PROCESSOR_") || name.startsWith("INGRESS_")) {
                env.put(name, value);
            }
        });
        env.put("SYNC_DATA_DIR", data.toString());
        env.put("LOCAL_KAFKA_PORT", "29092");
        env.put("LOCAL_KAFKA_CONTROLLER_PORT", "29093");
        env.put("LOCAL_SCHEMA_REGISTRY_PORT", "28081");
        env.put("LOCAL_MONDAY_PORT", "0");
        env.put("LOCAL_COEFFECTION_PORT", "0");
        env.put("INGRESS_PORT", "0");
        env.put("COEFFECTION_STANDIN_DEMO", backfill + ",0,0");
        env.put("COEFFECTION_STANDIN_PLAN", "enterprise");
        if (lifted) {
            env.put("STANDIN_BUDGET", Long.toString(1_000_000_000_000L));
            env.put("STANDIN_DAILY_LIMIT", Long.toString(1_000_000_000L));
        }
        env.put("SYNC_DIST_DIR", System.getProperty("sync.dist.dir", Path.of(".local", "dist").toAbsolutePath().toString()));
        return env;
    }

    /** (c) The backfill of the Contact board: time until monday holds every item, and the budget's least time. */
    private static void backfillPhase(Pipeline pipeline, List<BoardMapping> boards, long board, int records,
                                      MondayStandIn monday, PrintStream quiet) throws InterruptedException {
        long points0 = pointsUsed(monday);
        long calls0 = monday.stats().requests();
        long t0 = System.nanoTime();
        pipeline.backfill(boards, quiet);
        boolean all = waitFor(() -> monday.items(board).size() >= records, Duration.ofMinutes(Integer.getInteger("bench.backfillMinutes", 20)));
        double took = (System.nanoTime() - t0) / 1e9;
        long points = pointsUsed(monday) - points0;
        // a sliding minute: the first minute's budget may be spent at once, each further budget's worth a minute later
        double minimum = Math.max(0, (points + PUBLISHED_BUDGET - 1) / PUBLISHED_BUDGET - 1) * 60.0;
        System.out.printf("(c) backfill of %,d records: %s %.1f s (%,.0f items/s), %,d monday calls; complexity %,d points "
                        + "(%,.0f per item): monday's published budget allows that in %.0f s at the least "
                        + "(a sliding minute: 10,000,000 at once, each further 10,000,000 a minute later)%n",
                records, all ? "every item on monday after" : "NOT every item on monday (" + monday.items(board).size() + ") after",
                took, monday.items(board).size() / took, monday.stats().requests() - calls0, points,
                points / (double) Math.max(1, monday.items(board).size()), minimum);
    }

    /** (a) Half the edits in Coeffection (first half of the records), half in monday (second half), at a fixed rate. */
    private static void steady(int rate, int seconds, Duration drain, Sides sides) throws Exception {
        steady("", rate, seconds, drain, sides);
    }

    /** (a) at one rate; {@code tag} keeps the values of a repeated rate new (an edit to a value shown already is none). */
    private static void steady(String tag, int rate, int seconds, Duration drain, Sides sides) throws Exception {
        EditLatencies toMonday = sides.towardsMonday();
        EditLatencies toCoeffection = sides.towardsCoeffection();
        Usage usage = Usage.start(sides.monday());
        int half = sides.records().size() / 2;
        AtomicLong coeffectionEdits = new AtomicLong();
        AtomicLong mondayEdits = new AtomicLong();
        long periodNanos = 2_000_000_000L / rate;
        ScheduledExecutorService load = Executors.newScheduledThreadPool(2);
        try (Checker checker = Checker.start(toMonday, toCoeffection)) {
            long t0 = System.nanoTime();
            load.scheduleAtFixedRate(() -> {
                long n = coeffectionEdits.getAndIncrement();
                sides.editInCoeffection(toMonday, sides.records().get((int) (n % half)), "c" + tag + rate + "-" + n);
            }, 0, periodNanos, TimeUnit.NANOSECONDS);
            load.scheduleAtFixedRate(() -> {
                long n = mondayEdits.getAndIncrement();
                sides.editInMonday(toCoeffection, sides.records().get(half + (int) (n % (sides.records().size() - half))),
                        "m" + tag + rate + "-" + n);
            }, periodNanos / 2, periodNanos, TimeUnit.NANOSECONDS);
            // the phase's length: the load stops itself after it (periodic edits end at shutdown)
            load.schedule(load::shutdown, seconds, TimeUnit.SECONDS);
            if (!load.awaitTermination(seconds + 10L, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the load of " + rate + " edits/s did not stop after " + seconds + " s");
            }
            double offered = (System.nanoTime() - t0) / 1e9;
            String loadAtEnd = load();
            waitFor(() -> toMonday.waiting() == 0 && toCoeffection.waiting() == 0, drain);
            EditLatencies.Summary c = toMonday.summary();
            EditLatencies.Summary m = toCoeffection.summary();
            System.out.printf("(a) %d edits/s for %d s: %.0f/s offered (%,d in Coeffection, %,d in monday), load average %s%n",
                    rate, seconds, (c.made() + m.made()) / offered, c.made(), m.made(), loadAtEnd);
            direction("Coeffection -> monday (item shows it)", c, drain);
            direction("monday -> Coeffection (record shows it)", m, drain);
            usage.print(c.made() + m.made());
        }
    }

    /**
     * (d) live sync while drift repair reads the board: {@code bench.driftRate} edits/s (default 50) for the phase's
     * length alone (the baseline), then again while a drift run compares the Contact board with its records.
     */
    private static void driftPhase(Map<String, String> driftEnv, long board, int rate, int seconds, Duration drain,
                                   Sides sides) throws Exception {
        System.out.printf("(d) live sync at %d edits/s, alone and then during a drift run of the %,d-item board%n", rate,
                sides.monday().items(board).size());
        steady("alone", rate, seconds, drain, sides);
        Path reports = Files.createTempDirectory("bench-drift");
        long calls0 = sides.monday().stats().requests();
        long points0 = pointsUsed(sides.monday());
        ExecutorService runner = Executors.newSingleThreadExecutor();
        long t0 = System.nanoTime();
        Future<Integer> run = runner.submit(() -> ReconcileCommand.execute(driftEnv, new SimpleMeterRegistry(),
                new PrintWriter(OutputStream.nullOutputStream()), new PrintWriter(System.out, true),
                "--board", Long.toString(board), "--report-dir", reports.toString()));
        steady("drift", rate, seconds, drain, sides);
        int code = run.get(10, TimeUnit.MINUTES);
        double phase = (System.nanoTime() - t0) / 1e9;
        runner.shutdown();
        Path latest = reports.resolve("drift-demo-Contact-" + board + "-latest.json");
        if (code != 0 || !Files.exists(latest)) {
            System.out.printf("    drift run: exit code %d, no report%n", code);
            return;
        }
        DriftReport report = ReportWriter.read(Files.readString(latest));
        System.out.printf("    drift run (exit %d): %.1f s (the live phase and its drain: %.1f s), %,d monday calls, complexity "
                        + "%,d points (%.1f%% of one minute's published budget; 0 when the stand-in's budget is lifted, as the "
                        + "client counts it from the points monday says are left), waited %.1f s for its share; %,d compared, "
                        + "%,d drifted, %,d observations published%n", code, report.durationMillis() / 1e3, phase,
                report.mondayCalls(), report.mondayComplexity(), 100.0 * report.mondayComplexity() / PUBLISHED_BUDGET,
                report.budgetWaitMillis() / 1e3, report.compared(), report.driftedRecords(), report.published());
        System.out.printf("    monday during the drift phase (live sync and drift): %,d calls, %,d points%n",
                sides.monday().stats().requests() - calls0, pointsUsed(sides.monday()) - points0);
    }

    /** (b) 10 edits to each of {@code burst} records in Coeffection, made as fast as the stand-in takes them. */
    private static void burstPhase(int burst, Duration drain, Sides sides) throws Exception {
        EditLatencies toMonday = sides.towardsMonday();
        Usage usage = Usage.start(sides.monday());
        int records = Math.min(burst, sides.records().size());
        try (Checker checker = Checker.start(toMonday)) {
            for (int edit = 1; edit <= 10; edit++) {
                for (int i = 0; i < records; i++) {
                    sides.editInCoeffection(toMonday, sides.records().get(i), "burst-" + edit + "-" + i);
                }
            }
            waitFor(() -> toMonday.waiting() == 0, drain.multipliedBy(5));
            EditLatencies.Summary s = toMonday.summary();
            System.out.printf("(b) burst of 10 edits x %,d records in Coeffection: %s after %.1f s; load average %s%n",
                    records, s.pending() == 0 ? "every item at its last edit" : s.pending() + " edits NOT seen on monday",
                    (s.lastSeenNanos() - s.firstMadeNanos()) / 1e9, load());
            System.out.printf("    per edit until monday shows it or a later edit: %s%n", s.percentiles());
            usage.print(s.made());
        }
    }

    private static void direction(String name, EditLatencies.Summary s, Duration drain) {
        System.out.printf("    %-40s %,d edits, %,d confirmed (%,.0f/s), %s%s%n", name + ":", s.made(), s.seen(),
                s.confirmedPerSecond(), s.percentiles(),
                s.pending() == 0 ? "" : String.format("; %,d NOT seen within %d s after the phase", s.pending(), drain.toSeconds()));
    }

    /** monday calls and complexity over one phase. */
    private record Usage(MondayStandIn monday, long calls0, long points0, long t0, int queries0) {
        /** The first field a request asks for (after an alias), e.g. {@code change_multiple_column_values}. */
        private static final Pattern FIRST_FIELD = Pattern.compile("\\{\\s*(?:\\w+\\s*:\\s*)?(\\w+)");

        static Usage start(MondayStandIn monday) {
            return new Usage(monday, monday.stats().requests(), pointsUsed(monday), System.nanoTime(),
                    monday.receivedQueries().size());
        }

        /** The phase's requests by the first field they ask for, most frequent first. */
        private String byField() {
            List<String> queries = monday.receivedQueries();
            Map<String, Long> counts = queries.subList(Math.min(queries0, queries.size()), queries.size()).stream()
                    .map(q -> {
                        Matcher m = FIRST_FIELD.matcher(q);
                        return m.find() ? m.group(1) : "?";
                    })
                    .collect(Collectors.groupingBy(f -> f, TreeMap::new, Collectors.counting()));
            return counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
        }

        void print(long edits) {
            long calls = monday.stats().requests() - calls0;
            long points = pointsUsed(monday) - points0;
            double minutes = (System.nanoTime() - t0) / 60e9;
            System.out.printf("    monday: %,d calls = %.1f per 1,000 edits; complexity %,d points = %.0f%% of monday's "
                            + "published budget over the phase's %.0f s%n", calls, calls * 1000.0 / Math.max(1, edits), points,
                    100.0 * points / (PUBLISHED_BUDGET * minutes), minutes * 60);
            System.out.printf("    monday calls by first field: %s%n", byField());
        }
    }

    /** Both stand-ins, the Contact board's items by record id, and the edits the benchmark makes on each side. */
    private static final class Sides {
        private final MondayStandIn monday;
        private final CoeffectionStandIn coeffection;
        private final Map<String, Long> itemIds = new HashMap<>();
        private List<String> records = List.of();
        private long board;

        Sides(MondayStandIn monday, CoeffectionStandIn coeffection) {
            this.monday = monday;
            this.coeffection = coeffection;
        }

        MondayStandIn monday() {
            return monday;
        }

        List<String> records() {
            return records;
        }

        void index(long board, int count) {
            this.board = board;
            monday.items(board).forEach(i -> itemIds.put(i.values().get("coeffection_id").text(), i.id()));
            records = coeffection.records().list("demo", "Contact", 0, count, r -> true).records().stream()
                    .map(r -> r.path("id").asText()).filter(itemIds::containsKey).toList();
        }

        EditLatencies towardsMonday() {
            return new EditLatencies(id -> monday.item(itemIds.get(id))
                    .map(i -> i.values().get("job_title")).map(StandInViews.ValueView::text).orElse(null));
        }

        EditLatencies towardsCoeffection() {
            return new EditLatencies(id -> coeffection.records().get("demo", "Contact", id)
                    .map(r -> r.path("title").asText(null)).orElse(null));
        }

        void editInCoeffection(EditLatencies clock, String id, String value) {
            clock.making(id, value);
            try {
                ObjectNode fields = JsonNodeFactory.instance.objectNode().put("title", value);
                coeffection.records().patch("demo", "Contact", id, fields,
                        new RecordStore.Actor("USER", "usr_bench", "Bench Person", "bench@coeffection.example"), null);
            } catch (RuntimeException e) {
                clock.failed(id, value);
                System.out.println("edit in Coeffection failed: " + e.getMessage());
            }
        }

        void editInMonday(EditLatencies clock, String id, String value) {
            clock.making(id, value);
            try {
                monday.asUser(PERSON).changeColumnValues(board, itemIds.get(id), Map.of("job_title", "\"" + value + "\""));
            } catch (RuntimeException e) {
                clock.failed(id, value);
                System.out.println("edit in monday failed: " + e.getMessage());
            }
        }
    }

    /** Looks for the edits' values on the other side every 10 ms, on a scheduler thread of its own. */
    private static final class Checker implements AutoCloseable {
        private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

        static Checker start(EditLatencies... clocks) {
            Checker checker = new Checker();
            checker.scheduler.scheduleWithFixedDelay(() -> Arrays.stream(clocks).forEach(EditLatencies::check),
                    0, 10, TimeUnit.MILLISECONDS);
            return checker;
        }

        @Override
        public void close() throws InterruptedException {
            scheduler.shutdownNow();
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static long pointsUsed(MondayStandIn monday) {
        return monday.stats().windows().stream().mapToLong(StandInViews.WindowUsage::used).sum();
    }

    private static String load() {
        return String.format("%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    /** Whether {@code done} held within {@code timeout} (polled every 100 ms). */
    private static boolean waitFor(BooleanSupplier done, Duration timeout) {
        try {
            Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(100)).until(done::getAsBoolean);
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        }
    }
}

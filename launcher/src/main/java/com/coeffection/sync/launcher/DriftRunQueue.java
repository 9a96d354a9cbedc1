package com.coeffection.sync.launcher;

import com.coeffection.sync.connections.drift.DriftRunView;
import com.coeffection.sync.connections.drift.DriftRuns;
import com.coeffection.sync.drift.DriftMain;
import com.coeffection.sync.drift.report.DriftReport;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The pipeline's drift runs, one at a time: those admins start through the API and the scheduled ones. A run covering
 * a tenant is refused while another covering it is queued or running (the board runs are fenced besides, across
 * instances). Keeps the last {@value #KEPT} runs with each board's report and the problems that stopped them.
 */
final class DriftRunQueue implements DriftRuns, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DriftRunQueue.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final int KEPT = 50;
    static final String SCHEDULE = "schedule";

    /** Runs the drift command with these options; returns its exit code (0 finished, 3 fenced, else failed). */
    @FunctionalInterface
    interface Command {
        int run(List<String> args, DriftMain.Listener listener);
    }

    private final Command command;
    private final Clock clock;
    private final ExecutorService worker;
    private final Deque<Run> runs = new ArrayDeque<>();

    DriftRunQueue(Command command, Clock clock, MeterRegistry metrics) {
        this.command = command;
        this.clock = clock;
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "drift-runs");
            t.setDaemon(true);
            return t;
        });
        Gauge.builder("sync.drift.runs.active", this, DriftRunQueue::activeCount)
                .description("drift runs queued or running in this pipeline").register(metrics);
    }

    /** The queue of a running pipeline: the drift command with the pipeline's environment and meters. */
    static DriftRunQueue forPipeline(Map<String, String> env, MeterRegistry metrics) {
        return new DriftRunQueue((args, listener) -> ReconcileCommand.execute(env, metrics, null, null, listener,
                args.toArray(String[]::new)), Clock.systemUTC(), metrics);
    }

    @Override
    public synchronized DriftRunView start(String tenant, String entity, boolean dryRun, String requestedBy) {
        Objects.requireNonNull(tenant, "tenant");
        Optional<Run> busy = runs.stream().filter(r -> r.active() && r.covers(tenant)).findFirst();
        if (busy.isPresent()) {
            throw new RunInProgress(busy.get().view(tenant));
        }
        Run run = enqueue(tenant, entity, dryRun, requestedBy);
        return run.view(tenant);
    }

    /** A run of every mapped board of every tenant, waited for (the schedule); returns its exit code. */
    int runScheduled() throws InterruptedException {
        Run run;
        synchronized (this) {
            run = enqueue(null, null, false, SCHEDULE);
        }
        try {
            return run.done.get();
        } catch (ExecutionException e) {
            return 1;
        }
    }

    @Override
    public synchronized List<DriftRunView> recent(String tenant) {
        List<DriftRunView> views = new ArrayList<>();
        runs.descendingIterator().forEachRemaining(r -> {
            if (r.covers(tenant)) {
                views.add(r.view(tenant));
            }
        });
        return views;
    }

    @Override
    public synchronized Optional<DriftRunView> run(String tenant, String runId) {
        return runs.stream().filter(r -> r.id.equals(runId) && r.covers(tenant)).findFirst().map(r -> r.view(tenant));
    }

    private Run enqueue(String tenant, String entity, boolean dryRun, String requestedBy) {
        Run run = new Run("dr-" + UUID.randomUUID().toString().substring(0, 13), tenant, entity, dryRun, requestedBy,
                clock.instant());
        runs.addLast(run);
        while (runs.size() > KEPT && !runs.peekFirst().active()) {
            runs.removeFirst();
        }
        LOG.info("Drift run {} queued by {} (tenant={}, entity={}, dryRun={})", run.id, requestedBy,
                tenant == null ? "all" : tenant, entity == null ? "all" : entity, dryRun);
        worker.submit(() -> execute(run));
        return run;
    }

    private void execute(Run run) {
        synchronized (this) {
            run.state = DriftRunView.RUNNING;
            run.startedAt = clock.instant();
        }
        List<String> args = new ArrayList<>();
        if (run.tenant != null) {
            args.addAll(List.of("--tenant", run.tenant));
        }
        if (run.entity != null) {
            args.addAll(List.of("--entity", run.entity));
        }
        if (run.dryRun) {
            args.add("--dry-run");
        }
        int code;
        try {
            code = command.run(args, new DriftMain.Listener() {
                @Override
                public void report(DriftReport report) {
                    Map<String, Object> json = JSON.convertValue(report, new TypeReference<>() {
                    });
                    synchronized (DriftRunQueue.this) {
                        run.boards.add(json);
                    }
                }

                @Override
                public void problem(String tenantId, String message) {
                    synchronized (DriftRunQueue.this) {
                        run.problems.add(new Problem(tenantId, message));
                    }
                }
            });
        } catch (RuntimeException e) {
            LOG.error("Drift run {} failed: {}", run.id, e.getMessage(), e);
            synchronized (this) {
                run.problems.add(new Problem(null, "the drift run failed: " + e.getMessage()));
            }
            code = 1;
        }
        synchronized (this) {
            run.state = code == 0 ? DriftRunView.FINISHED : code == 3 ? DriftRunView.FENCED : DriftRunView.FAILED;
            if (code != 0 && code != 3 && run.problems.isEmpty()) {
                run.problems.add(new Problem(null, "the drift command ended with exit code " + code
                        + "; its log has the details"));
            }
            run.endedAt = clock.instant();
        }
        LOG.info("Drift run {} {} ({} boards)", run.id, run.state, run.boards.size());
        run.done.complete(code);
    }

    private synchronized int activeCount() {
        return (int) runs.stream().filter(Run::active).count();
    }

    @Override
    public void close() throws InterruptedException {
        worker.shutdownNow();
        worker.awaitTermination(Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A problem of a run, with the tenant it concerns (null: the whole run). */
    private record Problem(String tenantId, String message) {
    }

    /** One run; its mutable parts are guarded by the queue's lock. */
    private static final class Run {
        final String id;
        final String tenant;
        final String entity;
        final boolean dryRun;
        final String requestedBy;
        final Instant requestedAt;
        final List<Map<String, Object>> boards = new ArrayList<>();
        final List<Problem> problems = new ArrayList<>();
        final CompletableFuture<Integer> done = new CompletableFuture<>();
        String state = DriftRunView.QUEUED;
        Instant startedAt;
        Instant endedAt;

        Run(String id, String tenant, String entity, boolean dryRun, String requestedBy, Instant requestedAt) {
            this.id = id;
            this.tenant = tenant;
            this.entity = entity;
            this.dryRun = dryRun;
            this.requestedBy = requestedBy;
            this.requestedAt = requestedAt;
        }

        boolean active() {
            return DriftRunView.QUEUED.equals(state) || DriftRunView.RUNNING.equals(state);
        }

        boolean covers(String tenantId) {
            return tenant == null || tenant.equals(tenantId);
        }

        /** As {@code viewer}'s admin sees it: a run of every tenant shows that tenant's boards only. */
        DriftRunView view(String viewer) {
            List<Map<String, Object>> shown = boards.stream()
                    .filter(b -> viewer == null || viewer.equals(b.get("tenantId"))).toList();
            List<String> problemsShown = problems.stream()
                    .filter(p -> viewer == null || p.tenantId() == null || viewer.equals(p.tenantId()))
                    .map(Problem::message).toList();
            return new DriftRunView(id, tenant, entity, dryRun, requestedBy, state, requestedAt, startedAt, endedAt,
                    shown, problemsShown);
        }
    }
}

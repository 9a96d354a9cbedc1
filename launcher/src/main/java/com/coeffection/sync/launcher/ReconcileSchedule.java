package com.coeffection.sync.launcher;

import com.coeffection.sync.launcher.health.Check;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Drift repair on a schedule inside the running pipeline ({@code DRIFT_EVERY}, e.g. {@code PT1H}): a daemon thread queues
 * a run of every mapped board on the pipeline's drift queue (the same queue as the runs admins start through the API,
 * so the two never overlap and both show in the API), waits for it, then waits the interval. The health check tells whether the last run finished or failed.
 */
final class ReconcileSchedule implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReconcileSchedule.class);

    /** The outcome of the last run: its exit code and when it ended (null before the first). */
    record LastRun(int code, Instant endedAt) {
    }

    private final Thread thread;
    private final AtomicReference<LastRun> last = new AtomicReference<>();
    private volatile boolean stopping;

    private ReconcileSchedule(DriftRunQueue queue, Duration every, Clock clock) {
        thread = new Thread(() -> {
            while (!stopping) {
                int code;
                try {
                    code = queue.runScheduled();
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    LOG.error("Scheduled drift run failed: {}", e.getMessage(), e);
                    code = 1;
                }
                last.set(new LastRun(code, clock.instant()));
                try {
                    Thread.sleep(every.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "drift-schedule");
        thread.setDaemon(true);
    }

    /** Starts the schedule: a first run now, then one every {@code every}. */
    static ReconcileSchedule start(DriftRunQueue queue, Duration every) {
        ReconcileSchedule schedule = new ReconcileSchedule(queue, every, Clock.systemUTC());
        schedule.thread.start();
        LOG.info("Drift repair runs every {}", every);
        return schedule;
    }

    LastRun lastRun() {
        return last.get();
    }

    /** Down when the last run failed (exit code 1 or 2); a fenced run (3) means another runner has the board. */
    Check health() {
        return HealthChecks.simple("drift-repair", () -> {
            LastRun run = last.get();
            return run == null || run.code() == 0 || run.code() == 3;
        }, "last drift run finished", "last drift run failed; see the log of the drift-schedule thread");
    }

    @Override
    public void close() throws InterruptedException {
        stopping = true;
        thread.interrupt();
        thread.join(Duration.ofSeconds(10).toMillis());
    }
}

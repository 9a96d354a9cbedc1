package com.coeffection.sync.connections.drift;

import java.util.List;
import java.util.Optional;

/**
 * Drift repair runs on demand, as the admin API starts and lists them. The pipeline that runs the drift command
 * provides it; a connections server without one answers that drift repair is not available here.
 */
public interface DriftRuns {
    /**
     * Queues a run of the tenant's mapped boards (or the one of {@code entity}).
     *
     * @param entity      the entity whose board to compare (Contact, Lead, ...); null for every mapped board
     * @param dryRun      count the differences, repair nothing
     * @param requestedBy who asked (kept with the run and in the audit log)
     * @throws RunInProgress when a run covering the tenant is queued or running
     */
    DriftRunView start(String tenant, String entity, boolean dryRun, String requestedBy);

    /** The tenant's runs, newest first (scheduled runs of every tenant included, with this tenant's boards only). */
    List<DriftRunView> recent(String tenant);

    Optional<DriftRunView> run(String tenant, String runId);

    /** A run covering the tenant is already queued or running: the caller follows that one. */
    final class RunInProgress extends RuntimeException {
        private final DriftRunView current;

        public RunInProgress(DriftRunView current) {
            super("a drift run (" + current.id() + ", " + current.state() + ") already covers tenant " + current.tenant()
                    + "; follow it instead of starting another");
            this.current = current;
        }

        public DriftRunView current() {
            return current;
        }
    }
}

package com.coeffection.sync.connections.drift;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One drift repair run as the admin API shows it.
 *
 * @param id          the run's id (the request's; each board's report has its own run id as well)
 * @param tenant      the tenant it covers; null for a scheduled run of every tenant
 * @param entity      the entity whose board it compares; null for every mapped board
 * @param dryRun      whether it only counts
 * @param requestedBy the admin who asked, or {@code schedule}
 * @param state       QUEUED, RUNNING, FINISHED, FAILED, or FENCED (another runner had a board)
 * @param requestedAt when it was asked for
 * @param startedAt   when it started (null while queued)
 * @param endedAt     when it ended (null until then)
 * @param boards      each board's report (the JSON of a drift report: counts by kind and field, budget spent)
 * @param problems    what stopped a board or the run, in words a support person can act on
 */
public record DriftRunView(String id, String tenant, String entity, boolean dryRun, String requestedBy, String state,
                           Instant requestedAt, Instant startedAt, Instant endedAt, List<Map<String, Object>> boards,
                           List<String> problems) {
    public static final String QUEUED = "QUEUED";
    public static final String RUNNING = "RUNNING";
    public static final String FINISHED = "FINISHED";
    public static final String FAILED = "FAILED";
    public static final String FENCED = "FENCED";

    public DriftRunView {
        boards = List.copyOf(boards);
        problems = List.copyOf(problems);
    }

    public boolean active() {
        return QUEUED.equals(state) || RUNNING.equals(state);
    }
}

package com.coeffection.sync.monday.ratelimit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What each kind of operation costs in complexity points, learned from what monday reports.
 *
 * <p>Starts from monday's published figures (a {@code create_item} costs about 10,000 points) and then follows the
 * reported {@code complexity.query} of each request: an observation above the estimate replaces it at once (so the
 * client stops overspending immediately), one below lowers it gradually.
 */
public final class CostModel {
    private static final Map<String, Long> PUBLISHED = Map.ofEntries(
            Map.entry("create_board", 30_000L),
            Map.entry("create_column", 10_000L),
            Map.entry("create_group", 10_000L),
            Map.entry("create_item", 10_000L),
            Map.entry("change_multiple_column_values", 10_000L),
            Map.entry("move_item_to_group", 10_000L),
            Map.entry("archive_item", 10_000L),
            Map.entry("delete_item", 10_000L),
            Map.entry("create_webhook", 10_000L),
            Map.entry("delete_webhook", 10_000L));
    private static final long DEFAULT_READ = 5_000L;

    private final ConcurrentHashMap<String, Long> estimates = new ConcurrentHashMap<>();

    /** The points one operation named {@code operation} (the monday field name) is expected to cost. */
    public long estimate(String operation) {
        return estimates.getOrDefault(operation, PUBLISHED.getOrDefault(operation, DEFAULT_READ));
    }

    /**
     * Learns from a request of {@code count} operations named {@code operation} that together cost {@code
     * reportedPoints}.
     */
    public void observe(String operation, int count, long reportedPoints) {
        if (count <= 0 || reportedPoints < 0) {
            return;
        }
        long perOperation = (reportedPoints + count - 1) / count;
        estimates.merge(operation, perOperation, (old, seen) -> seen >= old ? seen : (old * 4 + seen) / 5);
        estimates.putIfAbsent(operation, perOperation);
    }
}

package com.coeffection.sync.drift.run;

import com.coeffection.sync.topics.SyncTopics;

/**
 * How a drift run reads and where it writes.
 *
 * @param topics         the pipeline's topics (observations go to {@code sync.control}, unlinked records to the
 *                       record changes, links are read from {@code sync.links})
 * @param progressTopic  the compacted topic holding each board's checkpoint ({@code sync.drift-progress})
 * @param groupPrefix    the prefix of the runners' transactional ids ({@code SYNC_GROUP_PREFIX})
 * @param recordPageSize records per Coeffection API page, and per checkpoint
 * @param itemPageSize   items per monday page (at most 500)
 * @param budgetShare    the part of each monday budget window a run may spend (live sync keeps the rest)
 */
public record DriftSettings(SyncTopics topics, String progressTopic, String groupPrefix, int recordPageSize,
                            int itemPageSize, double budgetShare) {
    public DriftSettings {
        if (recordPageSize < 1 || itemPageSize < 1 || itemPageSize > 500) {
            throw new IllegalArgumentException("record pages need at least 1 record and item pages 1 to 500 items");
        }
    }

    public static DriftSettings defaults(SyncTopics topics) {
        return new DriftSettings(topics, "sync.drift-progress", "monday-sync", 100, 500, 0.25);
    }

    public DriftSettings withProgressTopic(String topic) {
        return new DriftSettings(topics, topic, groupPrefix, recordPageSize, itemPageSize, budgetShare);
    }

    public DriftSettings withPages(int records, int items) {
        return new DriftSettings(topics, progressTopic, groupPrefix, records, items, budgetShare);
    }

    public DriftSettings withBudgetShare(double share) {
        return new DriftSettings(topics, progressTopic, groupPrefix, recordPageSize, itemPageSize, share);
    }
}

package com.coeffection.sync.monday.sink.offsets;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which offsets of the commands topic may be committed: only those whose commands monday confirmed (or that were
 * dead-lettered), and only contiguously. A command that is still waiting (coalescing window, back-off, a revoked
 * token) holds back the commit of its partition at its own offset, so a crash replays it and everything after it.
 *
 * <p>Not thread-safe: the sink's poll loop owns it.
 */
public final class OffsetTracker {
    private final Map<TopicPartition, TreeSet<Long>> pending = new HashMap<>();
    private final Map<TopicPartition, Long> nextToRead = new HashMap<>();
    private final Map<TopicPartition, Long> committed = new HashMap<>();

    /** A record at {@code offset} was read and is now waiting for monday. */
    public void received(TopicPartition partition, long offset) {
        pending.computeIfAbsent(partition, p -> new TreeSet<>()).add(offset);
        nextToRead.merge(partition, offset + 1, Math::max);
    }

    /** The record at {@code offset} is finished (confirmed by monday or dead-lettered). Unknown offsets are ignored. */
    public void done(TopicPartition partition, long offset) {
        TreeSet<Long> waiting = pending.get(partition);
        if (waiting != null) {
            waiting.remove(offset);
        }
    }

    /** How many records of the partition are still waiting. */
    public int waiting(TopicPartition partition) {
        TreeSet<Long> waiting = pending.get(partition);
        return waiting == null ? 0 : waiting.size();
    }

    /** How many records are waiting over all partitions. */
    public int waiting() {
        return pending.values().stream().mapToInt(TreeSet::size).sum();
    }

    /**
     * The offsets to commit now: for each partition whose safe position moved since the last {@link #committed},
     * the lowest offset still waiting, or the offset after the last record read when none waits.
     */
    public Map<TopicPartition, OffsetAndMetadata> committable() {
        return committable(Map.of());
    }

    /**
     * The same, where a partition with nothing waiting may go up to the consumer's {@code positions}: after a
     * transaction's last record comes its commit marker, which the consumer skips without handing it over, so the
     * offset after the last record read stays one short of the partition's end and its lag would never reach 0.
     * The position is only used when every record read has been confirmed.
     */
    public Map<TopicPartition, OffsetAndMetadata> committable(Map<TopicPartition, Long> positions) {
        Map<TopicPartition, OffsetAndMetadata> result = new HashMap<>();
        Set<TopicPartition> partitions = new HashSet<>(nextToRead.keySet());
        partitions.addAll(positions.keySet());
        for (TopicPartition partition : partitions) {
            TreeSet<Long> waiting = pending.get(partition);
            long safe;
            if (waiting != null && !waiting.isEmpty()) {
                safe = waiting.first();
            } else {
                safe = Math.max(nextToRead.getOrDefault(partition, -1L), positions.getOrDefault(partition, -1L));
            }
            if (safe < 0) {
                continue;
            }
            Long last = committed.get(partition);
            if (last == null || safe > last) {
                result.put(partition, new OffsetAndMetadata(safe));
            }
        }
        return result;
    }

    /** Records that these offsets were committed. */
    public void committed(Map<TopicPartition, OffsetAndMetadata> offsets) {
        offsets.forEach((partition, offset) -> committed.merge(partition, offset.offset(), Math::max));
    }

    /** Forgets partitions this worker no longer owns (after a rebalance); their waiting records are replayed by the next owner. */
    public void forget(Collection<TopicPartition> partitions) {
        for (TopicPartition partition : partitions) {
            pending.remove(partition);
            nextToRead.remove(partition);
            committed.remove(partition);
        }
    }
}

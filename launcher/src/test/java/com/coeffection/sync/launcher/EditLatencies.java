package com.coeffection.sync.launcher;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The benchmark's own clock for one direction: each edit it makes on one side is registered with its value and the
 * time it was made, and counts as confirmed when the other side's stand-in shows that value (or a later edit's value
 * of the same record: an edit overtaken by a newer one is delivered by the newer one). Only the benchmark's edits are
 * timed, so backfilled records and their old change times never enter the figures.
 */
final class EditLatencies {
    private record Edit(String value, long madeAtNanos) {
    }

    /** The figures of one direction over a phase. */
    record Summary(long made, long seen, long pending, double p50, double p95, double p99, double max,
                   long firstMadeNanos, long lastSeenNanos) {
        /** Confirmations per second from the phase's first edit to its last confirmation. */
        double confirmedPerSecond() {
            double seconds = (lastSeenNanos - firstMadeNanos) / 1e9;
            return seconds <= 0 ? 0 : seen / seconds;
        }

        String percentiles() {
            return String.format("p50 %.3f s, p95 %.3f s, p99 %.3f s, max %.3f s", p50, p95, p99, max);
        }
    }

    private final Function<String, String> shownOnOtherSide;
    private final Map<String, List<Edit>> pending = new ConcurrentHashMap<>();
    private final AtomicLong made = new AtomicLong();
    private final AtomicLong firstMade = new AtomicLong(Long.MAX_VALUE);
    private long[] latencies = new long[1 << 14];
    private int seen;
    private long lastSeen;

    /** @param shownOnOtherSide the value the other side's stand-in shows now for a record id (null: none) */
    EditLatencies(Function<String, String> shownOnOtherSide) {
        this.shownOnOtherSide = shownOnOtherSide;
    }

    /**
     * Registers an edit about to be made (before making it, so that it cannot be seen before it is known).
     *
     * @return the time the edit counts from
     */
    long making(String recordId, String value) {
        long now = System.nanoTime();
        firstMade.accumulateAndGet(now, Math::min);
        pending.compute(recordId, (id, edits) -> {
            List<Edit> list = edits == null ? new ArrayList<>() : edits;
            list.add(new Edit(value, now));
            return list;
        });
        made.incrementAndGet();
        return now;
    }

    /** Forgets an edit whose call failed (it was never made). */
    void failed(String recordId, String value) {
        pending.computeIfPresent(recordId, (id, edits) -> {
            edits.removeIf(e -> e.value().equals(value));
            return edits.isEmpty() ? null : edits;
        });
        made.decrementAndGet();
    }

    /** Looks at every record with edits waiting and confirms those the other side now shows. */
    void check() {
        for (String recordId : pending.keySet()) {
            String shown = shownOnOtherSide.apply(recordId);
            if (shown == null) {
                continue;
            }
            long now = System.nanoTime();
            pending.computeIfPresent(recordId, (id, edits) -> {
                int last = -1;
                for (int i = edits.size() - 1; i >= 0 && last < 0; i--) {
                    if (edits.get(i).value().equals(shown)) {
                        last = i;
                    }
                }
                if (last < 0) {
                    return edits;
                }
                for (int i = 0; i <= last; i++) {
                    record(now - edits.get(i).madeAtNanos(), now);
                }
                List<Edit> rest = new ArrayList<>(edits.subList(last + 1, edits.size()));
                return rest.isEmpty() ? null : rest;
            });
        }
    }

    /** Edits made and not yet seen on the other side. */
    long waiting() {
        return pending.values().stream().mapToLong(List::size).sum();
    }

    private synchronized void record(long nanos, long at) {
        if (seen == latencies.length) {
            latencies = Arrays.copyOf(latencies, seen * 2);
        }
        latencies[seen++] = nanos;
        lastSeen = Math.max(lastSeen, at);
    }

    synchronized Summary summary() {
        long[] sorted = Arrays.copyOf(latencies, seen);
        Arrays.sort(sorted);
        return new Summary(made.get(), seen, waiting(), rank(sorted, 0.50), rank(sorted, 0.95), rank(sorted, 0.99),
                sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1] / 1e9, firstMade.get(), lastSeen);
    }

    /** Nearest-rank percentile, in seconds. */
    private static double rank(long[] sorted, double quantile) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(quantile * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e9;
    }
}

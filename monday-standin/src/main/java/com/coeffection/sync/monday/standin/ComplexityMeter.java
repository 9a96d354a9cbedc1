package com.coeffection.sync.monday.standin;

import com.coeffection.sync.monday.standin.StandInViews.WindowUsage;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * monday's complexity budget and daily call limit. The budget is a window of {@code budgetWindow} that starts with
 * the first charge after the previous window ended; a query the budget left cannot take is refused whole.
 */
final class ComplexityMeter {
    private final long budget;
    private final Duration window;
    private final long dailyLimit;
    private final List<WindowUsage> closed = new ArrayList<>();
    private Instant windowStart;
    private long used;
    private LocalDate day;
    private long callsToday;

    ComplexityMeter(long budget, Duration window, long dailyLimit) {
        this.budget = budget;
        this.window = window;
        this.dailyLimit = dailyLimit;
    }

    /** The result of charging a query. */
    sealed interface Charge {
    }

    record Charged(long before, long after, long query, long resetInSeconds) implements Charge {
    }

    record Exhausted(long retryInSeconds, long remaining) implements Charge {
    }

    synchronized Charge charge(long cost, Instant now) {
        roll(now);
        if (windowStart == null) {
            windowStart = now;
            used = 0;
        }
        Instant end = windowStart.plus(window);
        long resetIn = ceilSeconds(Duration.between(now, end));
        long before = budget - used;
        if (cost > before) {
            return new Exhausted(Math.max(1, resetIn), before);
        }
        used += cost;
        return new Charged(before, budget - used, cost, resetIn);
    }

    private void roll(Instant now) {
        if (windowStart != null && !now.isBefore(windowStart.plus(window))) {
            closed.add(new WindowUsage(windowStart.toEpochMilli(), used, budget));
            windowStart = null;
            used = 0;
        }
    }

    /**
     * Counts a call against the daily limit (reset at midnight UTC).
     *
     * @return seconds until the limit resets when the call is over the limit, or -1 when it may go
     */
    synchronized long countCall(Instant now) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        if (!today.equals(day)) {
            day = today;
            callsToday = 0;
        }
        callsToday++;
        if (callsToday > dailyLimit) {
            return ceilSeconds(Duration.between(now, today.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()));
        }
        return -1;
    }

    /** Usage per window, oldest first; the current window last. */
    synchronized List<WindowUsage> windows(Instant now) {
        roll(now);
        List<WindowUsage> all = new ArrayList<>(closed);
        if (windowStart != null) {
            all.add(new WindowUsage(windowStart.toEpochMilli(), used, budget));
        }
        return all;
    }

    private static long ceilSeconds(Duration d) {
        long ms = Math.max(0, d.toMillis());
        return (ms + 999) / 1000;
    }
}

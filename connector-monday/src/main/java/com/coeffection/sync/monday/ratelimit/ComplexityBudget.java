package com.coeffection.sync.monday.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The complexity budget monday reports, kept by the client so that, in steady state, it never sends a request the
 * budget cannot take.
 *
 * <p>Every request asks monday for {@code complexity { before after query reset_in_x_seconds }}; {@link #settle}
 * records what monday reported. Before sending, a caller {@link #reserve reserves} the request's estimated cost:
 * when the budget left (minus what requests in flight reserved) cannot take it, the caller waits until monday said
 * the budget resets. A budget error from monday ({@link #exhausted}) empties the budget until the delay it gave.
 *
 * <p>Until monday has reported anything, the budget is assumed to be {@code assumedCapacity} (10,000,000 points a
 * minute for a personal token).
 */
public final class ComplexityBudget {
    /** A new report whose reset lies this much later than the known reset starts a new budget window. */
    private static final Duration NEW_WINDOW_SLACK = Duration.ofMillis(1500);

    private final Clock clock;
    private long assumedCapacity;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private long learnedCapacity;
    private long remaining;
    private long reserved;
    private Instant resetAt;
    private long reports;
    private long exhaustions;

    public ComplexityBudget(long assumedCapacity, Clock clock) {
        if (assumedCapacity <= 0) {
            throw new IllegalArgumentException("assumedCapacity must be positive");
        }
        this.clock = clock;
        this.assumedCapacity = assumedCapacity;
        this.remaining = assumedCapacity;
    }

    /** What monday reported for one request. */
    public record Report(long before, long after, long query, long resetInSeconds) {
    }

    /** A reservation of points for one request in flight. */
    public static final class Reservation {
        private final long points;
        private boolean open = true;

        private Reservation(long points) {
            this.points = points;
        }

        public long points() {
            return points;
        }
    }

    /** A consistent view of the budget for metrics and for sizing batches. */
    public record Snapshot(long capacity, long remaining, long reserved, Instant resetAt, long reports, long exhaustions) {
        /** Points that can be spent now without waiting. */
        public long available() {
            return Math.max(0, remaining - reserved);
        }
    }

    /** The budget per window: the largest {@code before} monday reported, or the assumed capacity until then. */
    public long capacity() {
        lock.lock();
        try {
            return capacityLocked();
        } finally {
            lock.unlock();
        }
    }

    private long capacityLocked() {
        return learnedCapacity > 0 ? learnedCapacity : assumedCapacity;
    }

    /**
     * Waits until the budget can take {@code points} and reserves them. A request costing more than a whole window
     * is reserved against a full window.
     *
     * @param maxWait how long to wait at most
     * @return the reservation, to be settled or released once the answer is in
     * @throws BudgetWaitTimeoutException when the budget would not allow the request within {@code maxWait}
     */
    public Reservation reserve(long points, Duration maxWait) throws InterruptedException {
        Instant deadline = clock.instant().plus(maxWait);
        lock.lock();
        try {
            while (true) {
                refreshLocked();
                long cost = Math.min(Math.max(points, 0), capacityLocked());
                if (remaining - reserved >= cost) {
                    reserved += cost;
                    return new Reservation(cost);
                }
                Instant now = clock.instant();
                Instant wakeAt = resetAt != null ? resetAt : now.plusMillis(250);
                if (wakeAt.isAfter(deadline)) {
                    throw new BudgetWaitTimeoutException(cost, remaining - reserved, resetAt);
                }
                long nanos = Duration.between(now, wakeAt).toNanos();
                if (nanos > 0) {
                    changed.awaitNanos(nanos);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** How long a request of {@code points} would wait now (zero when it can go at once); does not reserve. */
    public Duration waitFor(long points) {
        lock.lock();
        try {
            refreshLocked();
            long cost = Math.min(points, capacityLocked());
            if (remaining - reserved >= cost) {
                return Duration.ZERO;
            }
            if (resetAt == null) {
                return Duration.ofMillis(250);
            }
            Duration d = Duration.between(clock.instant(), resetAt);
            return d.isNegative() ? Duration.ZERO : d;
        } finally {
            lock.unlock();
        }
    }

    /**
     * How many operations of {@code pointsEach} fit in the budget now, at most {@code max}; at least 1 so a caller
     * always makes progress (that one waits in {@link #reserve} when nothing fits).
     */
    public int affordable(long pointsEach, int max) {
        lock.lock();
        try {
            refreshLocked();
            long available = Math.max(0, remaining - reserved);
            if (pointsEach > 0 && available < pointsEach && reserved == 0) {
                // Nothing fits before the reset: size the batch for the full window it will wait for.
                available = capacityLocked();
            }
            long n = pointsEach <= 0 ? max : available / pointsEach;
            return (int) Math.max(1, Math.min(max, n));
        } finally {
            lock.unlock();
        }
    }

    /** Records what monday reported for a request and releases its reservation. */
    public void settle(Reservation reservation, Report report) {
        lock.lock();
        try {
            releaseLocked(reservation);
            reports++;
            Instant now = clock.instant();
            Instant reportedReset = now.plusSeconds(Math.max(0, report.resetInSeconds()));
            learnedCapacity = Math.max(learnedCapacity, report.before());
            if (resetAt == null || reportedReset.isAfter(resetAt.plus(NEW_WINDOW_SLACK))) {
                remaining = report.after();
                resetAt = reportedReset;
            } else {
                remaining = Math.min(remaining, report.after());
                if (reportedReset.isAfter(resetAt)) {
                    resetAt = reportedReset;
                }
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Releases a reservation for a request that got no complexity report (failed before monday charged it). */
    public void release(Reservation reservation) {
        lock.lock();
        try {
            releaseLocked(reservation);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** monday said the budget is exhausted: nothing more is sent until {@code retryIn} has passed. */
    public void exhausted(Duration retryIn) {
        exhausted(retryIn, 0, 0);
    }

    /**
     * monday refused a request of {@code attemptedPoints} because the budget is exhausted. Nothing more is sent
     * until {@code retryIn} has passed. When monday named its budget ({@code reportedCapacity > 0}, the legacy
     * message's "out of N") it is learned; when the client has never seen a report, its assumed budget is halved
     * below the refused request so batches shrink until one fits.
     */
    public void exhausted(Duration retryIn, long attemptedPoints, long reportedCapacity) {
        lock.lock();
        try {
            exhaustions++;
            if (reportedCapacity > 0) {
                learnedCapacity = reportedCapacity;
            } else if (learnedCapacity == 0 && attemptedPoints > 0) {
                assumedCapacity = Math.max(1, Math.min(assumedCapacity, attemptedPoints / 2));
            }
            remaining = 0;
            resetAt = clock.instant().plus(retryIn);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public Snapshot snapshot() {
        lock.lock();
        try {
            refreshLocked();
            return new Snapshot(capacityLocked(), remaining, reserved, resetAt, reports, exhaustions);
        } finally {
            lock.unlock();
        }
    }

    private void releaseLocked(Reservation reservation) {
        if (reservation != null && reservation.open) {
            reservation.open = false;
            reserved -= reservation.points;
        }
    }

    private void refreshLocked() {
        if (resetAt != null && !clock.instant().isBefore(resetAt)) {
            remaining = capacityLocked();
            resetAt = null;
        }
    }
}

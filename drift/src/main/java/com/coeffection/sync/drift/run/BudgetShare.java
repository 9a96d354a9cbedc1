package com.coeffection.sync.drift.run;

import com.coeffection.sync.monday.ratelimit.ComplexityBudget;

import java.time.Clock;
import java.time.Duration;

/**
 * Keeps a drift run within its share of monday's complexity budget, so that live sync keeps priority: before each
 * read, while fewer points are left in the window than the part reserved for live sync ({@code 1 - share} of the
 * window) plus the cost of the next read, the run waits for the window to reset. The monday client itself still
 * waits for the whole budget as it does for every caller.
 */
public final class BudgetShare {
    /** What the run waits with. */
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private final double share;
    private final Clock clock;
    private final Sleeper sleeper;
    private long waitedMillis;

    /** @param share the part of each budget window a run may spend, above 0 and at most 1 */
    public BudgetShare(double share, Clock clock, Sleeper sleeper) {
        if (!(share > 0 && share <= 1)) {
            throw new IllegalArgumentException("the drift budget share must be above 0 and at most 1, not " + share);
        }
        this.share = share;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    public double share() {
        return share;
    }

    /** Waits until {@code nextCost} points can be spent without eating into live sync's part of the window. */
    public void awaitTurn(ComplexityBudget budget, long nextCost) throws InterruptedException {
        while (true) {
            ComplexityBudget.Snapshot now = budget.snapshot();
            long reserved = Math.round(now.capacity() * (1 - share));
            if (now.available() - nextCost >= reserved) {
                return;
            }
            Duration untilReset = now.resetAt() == null ? Duration.ofSeconds(1)
                    : Duration.between(clock.instant(), now.resetAt());
            Duration wait = untilReset.isNegative() || untilReset.isZero() ? Duration.ofMillis(200) : untilReset;
            waitedMillis += wait.toMillis();
            sleeper.sleep(wait);
        }
    }

    public long waitedMillis() {
        return waitedMillis;
    }
}

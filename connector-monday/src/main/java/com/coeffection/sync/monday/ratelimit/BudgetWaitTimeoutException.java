package com.coeffection.sync.monday.ratelimit;

import java.time.Instant;

/** The complexity budget would not take a request within the time the caller was willing to wait. */
public final class BudgetWaitTimeoutException extends RuntimeException {
    private final transient Instant resetAt;

    public BudgetWaitTimeoutException(long points, long available, Instant resetAt) {
        super("monday complexity budget cannot take " + points + " points now (" + available
                + " available); it resets at " + resetAt);
        this.resetAt = resetAt;
    }

    /** When monday said the budget resets (null when unknown). */
    public Instant resetAt() {
        return resetAt;
    }
}

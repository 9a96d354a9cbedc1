package com.coeffection.sync.backfill;

/**
 * Holds the backfill back while the pipeline behind it is busy, so that existing records enter monday at the pace
 * monday's budget allows and live edits are never queued behind thousands of backfilled ones.
 */
@FunctionalInterface
public interface Pacer {
    /** Never waits. */
    Pacer NONE = () -> { };

    /** Returns when the pipeline can take the next page. */
    void awaitCapacity() throws InterruptedException;
}

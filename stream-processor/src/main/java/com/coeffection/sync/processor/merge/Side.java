package com.coeffection.sync.processor.merge;

/** The two systems a field lives in. */
public enum Side {
    COEFFECTION,
    MONDAY;

    public Side other() {
        return this == COEFFECTION ? MONDAY : COEFFECTION;
    }

    /**
     * Rank used to break a tie of equal change times: Coeffection, the system of record, ranks higher and so wins
     * a tie (docs/conflict-rules.md).
     */
    int tieRank() {
        return this == COEFFECTION ? 1 : 0;
    }
}

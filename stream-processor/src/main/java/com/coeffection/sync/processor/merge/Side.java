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
     * a tie (DESIGN.md, conflict rule 4).
     */
    int tieRank() {
        return this == COEFFECTION ? 1 : 0;
    }
}

package com.coeffection.sync.processor.merge;

/** Who an incoming change is attributed to, as far as its event says. */
public enum Origin {
    /** Attributed to this sync pipeline: monday's integration user, or a Coeffection change applying our update. */
    OURS,
    /** Attributed to someone else (a person, an automation, another integration). */
    OTHERS,
    /** The event does not say who made the change. */
    UNATTRIBUTED
}

package com.coeffection.sync.processor.merge;

/** How sure the processor is of what one side currently holds for a field. */
public enum ViewStatus {
    /** Seen in an event from that side (a person's edit, or the echo of our own write). */
    CONFIRMED,
    /** Written by us; its echo has not come back yet. */
    PENDING,
    /**
     * A person's edit arrived while our write was pending: which one the side shows depends on which landed last,
     * which the events cannot tell. The processor writes the resolved value again.
     */
    UNKNOWN
}

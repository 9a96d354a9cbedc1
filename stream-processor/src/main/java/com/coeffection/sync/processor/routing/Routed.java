package com.coeffection.sync.processor.routing;

/** What the item-event router does with a monday event: send it on to its record, or emit an outcome right away. */
public sealed interface Routed {

    /** A linked item's event, re-keyed to its record key, still as the bytes received. */
    record ToRecord(byte[] bytes) implements Routed {
    }

    /** An outcome decided without a record (unlinked item, bad input). */
    record Out(Emit emit) implements Routed {
    }
}

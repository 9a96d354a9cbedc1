package com.coeffection.sync.processor.placement;

import com.coeffection.sync.processor.routing.Input;

/** A record-keyed input, and whether it arrived on the partition its key maps to. */
public sealed interface Placed {
    Input input();

    /** On the partition the key maps to: processed right here. */
    record Here(Input input) implements Placed {
    }

    /** On another partition (its producer used another partitioner): sent through the repartition topic first. */
    record Misplaced(Input input) implements Placed {
    }
}

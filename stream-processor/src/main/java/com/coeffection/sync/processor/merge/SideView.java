package com.coeffection.sync.processor.merge;

import com.coeffection.sync.schema.FieldValue;

/**
 * What the processor believes one side holds for one field.
 *
 * @param value        the value as that side shows it (for the stage: the monday label or group); null = cleared
 * @param atMicros     that side's change time of the value, in microseconds (0 while pending)
 * @param status       confirmed by an event, pending our write, or unknown
 */
public record SideView(FieldValue value, long atMicros, ViewStatus status) {

    static SideView confirmed(FieldValue value, long atMicros) {
        return new SideView(value, atMicros, ViewStatus.CONFIRMED);
    }

    static SideView pending(FieldValue value) {
        return new SideView(value, 0L, ViewStatus.PENDING);
    }
}

package com.coeffection.sync.processor.merge;

import com.coeffection.sync.schema.FieldValue;

/**
 * What the processor believes one side holds for one field.
 *
 * @param value        the value as that side shows it (for the stage: the monday label or group); null = cleared
 * @param atMicros     confirmed or unknown: that side's change time of the value; pending: when our write was sent
 *                     (a lower bound of when it lands), all in microseconds
 * @param status       confirmed by an event, pending our write, or unknown
 */
public record SideView(FieldValue value, long atMicros, ViewStatus status) {

    static SideView confirmed(FieldValue value, long atMicros) {
        return new SideView(value, atMicros, ViewStatus.CONFIRMED);
    }

    static SideView pending(FieldValue value, long sentAtMicros) {
        return new SideView(value, sentAtMicros, ViewStatus.PENDING);
    }
}

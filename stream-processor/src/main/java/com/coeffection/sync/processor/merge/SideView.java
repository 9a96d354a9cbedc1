package com.coeffection.sync.processor.merge;

import com.coeffection.sync.schema.FieldValue;

/**
 * What the processor believes one side holds for one field.
 *
 * @param value        the value as that side shows it (for the stage: the monday label or group); null = cleared
 * @param atMicros     confirmed or unknown: that side's change time of the value; pending: when our write was sent
 *                     (a lower bound of when it lands), all in microseconds
 * @param status       confirmed by an event, pending our write, or unknown
 * @param confirmedBefore pending only: what the side was last confirmed to show before our write, so that a reading
 *                     taken before the write landed is known as such; null when not pending or not known
 */
public record SideView(FieldValue value, long atMicros, ViewStatus status, FieldValue confirmedBefore) {

    public SideView(FieldValue value, long atMicros, ViewStatus status) {
        this(value, atMicros, status, null);
    }

    static SideView confirmed(FieldValue value, long atMicros) {
        return new SideView(value, atMicros, ViewStatus.CONFIRMED);
    }

    /**
     * Our write of {@code value} to a side that showed {@code previous}: it keeps the value last confirmed there (a
     * write on top of a pending one keeps the first one's).
     */
    static SideView pending(FieldValue value, long sentAtMicros, SideView previous) {
        FieldValue before = previous == null ? null
                : previous.status() == ViewStatus.CONFIRMED ? previous.value()
                : previous.status() == ViewStatus.PENDING ? previous.confirmedBefore() : null;
        return new SideView(value, sentAtMicros, ViewStatus.PENDING, before);
    }
}

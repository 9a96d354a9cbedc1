package com.coeffection.sync.processor.merge;

import com.coeffection.sync.schema.FieldValue;

/**
 * A field's resolved value: the value both sides should hold, the change time and side of the edit it comes from.
 *
 * @param value            the value; null means cleared
 * @param changedAtMicros  when the deciding edit was made, in microseconds since the epoch
 * @param side             where the deciding edit was made
 * @param eventId          the event that carried it (change event id or monday trigger id)
 */
public record Resolved(FieldValue value, long changedAtMicros, Side side, String eventId) {
}

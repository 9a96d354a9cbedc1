package com.coeffection.sync.drift.compare;

import com.coeffection.sync.schema.FieldValue;

import java.time.Instant;

/**
 * What one side shows for one field, and when: the value's own change time when the side says it (a record's
 * {@code updatedAt}, a monday column's {@code changed_at}), otherwise the moment it was read.
 *
 * @param value      the typed value; null when the field is empty (cleared)
 * @param at         when the value was changed (or read, when {@code changeTime} is false)
 * @param changeTime whether {@code at} is the value's own change time rather than the read time
 */
public record Seen(FieldValue value, Instant at, boolean changeTime) {
}

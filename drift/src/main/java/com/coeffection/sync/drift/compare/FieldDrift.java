package com.coeffection.sync.drift.compare;

/**
 * One field that the two sides show differently.
 *
 * @param field       the Coeffection field name (the board mapping's name, or the stage field)
 * @param coeffection what the record shows
 * @param monday      what the item shows
 */
public record FieldDrift(String field, Seen coeffection, Seen monday) {
}

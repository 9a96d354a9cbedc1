package com.coeffection.sync.monday.columns;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The monday column types the sync reads and writes.
 *
 * <p>monday names a type differently in the API ({@code column_type} / {@code columns.type}) and in webhook
 * deliveries ({@code columnType}): a status column is reported as {@code color}, numbers as {@code numeric}, a
 * checkbox as {@code boolean}, people as {@code multiple-person}. {@link #fromMonday(String)} accepts both spellings.
 */
public enum ColumnType {
    /** The item name (monday's built-in {@code name} column). */
    NAME("name"),
    TEXT("text"),
    LONG_TEXT("long_text"),
    NUMBERS("numbers"),
    DATE("date"),
    STATUS("status"),
    DROPDOWN("dropdown"),
    PEOPLE("people"),
    LINK("link"),
    EMAIL("email"),
    PHONE("phone"),
    CHECKBOX("checkbox");

    private static final Map<String, ColumnType> ALIASES = Map.ofEntries(
            Map.entry("name", NAME),
            Map.entry("text", TEXT),
            Map.entry("long_text", LONG_TEXT),
            Map.entry("long-text", LONG_TEXT),
            Map.entry("numbers", NUMBERS),
            Map.entry("numeric", NUMBERS),
            Map.entry("date", DATE),
            Map.entry("status", STATUS),
            Map.entry("color", STATUS),
            Map.entry("dropdown", DROPDOWN),
            Map.entry("people", PEOPLE),
            Map.entry("multiple-person", PEOPLE),
            Map.entry("person", PEOPLE),
            Map.entry("link", LINK),
            Map.entry("email", EMAIL),
            Map.entry("phone", PHONE),
            Map.entry("checkbox", CHECKBOX),
            Map.entry("boolean", CHECKBOX));

    private final String mondayName;

    ColumnType(String mondayName) {
        this.mondayName = mondayName;
    }

    /** The name monday's API uses for this type ({@code ColumnType} enum value of the GraphQL schema). */
    public String mondayName() {
        return mondayName;
    }

    /**
     * The column type for a monday type name, as the API reports it or as a webhook's {@code columnType} spells it.
     * Empty for a type the sync does not handle (mirror, formula, board relation, ...).
     */
    public static Optional<ColumnType> fromMonday(String mondayType) {
        if (mondayType == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(ALIASES.get(mondayType.trim().toLowerCase(Locale.ROOT)));
    }
}

package com.coeffection.sync.drift.compare;

import com.coeffection.sync.monday.columns.ColumnCodecs;
import com.coeffection.sync.monday.columns.ColumnType;
import com.coeffection.sync.monday.graphql.Model;
import com.coeffection.sync.schema.BoardMapping;
import com.coeffection.sync.schema.DateTimeValue;
import com.coeffection.sync.schema.DateValue;
import com.coeffection.sync.schema.FieldMapping;
import com.coeffection.sync.schema.FieldValue;
import com.coeffection.sync.values.FieldValues;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads what a monday item shows for each compared field of its board mapping: the item name for the name field,
 * each mapped column decoded by the shared column codecs (monday's documented JSON to a typed value), the stage as
 * the status column's label. A value's time is the column's own {@code changed_at} when monday's value carries one
 * (long text, status, dropdown, people, link, email, phone, checkbox, date); text and number columns and the item
 * name carry none, so their time is the read time.
 */
public final class MondayReader {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BoardMapping mapping;
    private final ColumnCodecs codecs;

    public MondayReader(BoardMapping mapping, ColumnCodecs codecs) {
        this.mapping = mapping;
        this.codecs = codecs;
    }

    /** What {@code item} shows, read at {@code readAt}. */
    public SideReading read(Model.ItemSnapshot item, Instant readAt) {
        Map<String, Seen> fields = new LinkedHashMap<>();
        Map<String, String> unreadable = new LinkedHashMap<>();
        for (FieldMapping field : CompareScope.comparedFields(mapping)) {
            if (CompareScope.isNameColumn(field)) {
                fields.put(field.getField(), new Seen(item.name() == null ? null : FieldValues.text(item.name()), readAt, false));
                continue;
            }
            Optional<ColumnType> type = ColumnType.fromMonday(field.getColumnType());
            if (type.isEmpty()) {
                unreadable.put(field.getField(), "column " + field.getColumnId() + " has type " + field.getColumnType()
                        + " which the sync does not read");
                continue;
            }
            read(item.columnValues().get(field.getColumnId()), type.get(), field.getFieldType(), readAt)
                    .ifPresentOrElse(seen -> fields.put(field.getField(), seen),
                            () -> unreadable.put(field.getField(), "column " + field.getColumnId()
                                    + " holds a value that is not a " + field.getColumnType() + " value as monday documents it"));
        }
        if (CompareScope.comparesStage(mapping)) {
            read(item.columnValues().get(mapping.getStatusColumnId()), ColumnType.STATUS, "stage", readAt)
                    .ifPresentOrElse(seen -> fields.put(mapping.getStageField(), seen),
                            () -> unreadable.put(mapping.getStageField(), "status column " + mapping.getStatusColumnId()
                                    + " holds a value that is not a status value"));
        }
        return new SideReading(fields, unreadable);
    }

    private Optional<Seen> read(Model.ColumnValueSnapshot column, ColumnType type, String fieldType, Instant readAt) {
        if (column == null) {
            return Optional.of(new Seen(null, readAt, false));
        }
        FieldValue value;
        try {
            value = fitTo(fieldType, codecs.fromMonday(type, column.id(), column.value(), column.text()));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        Instant changedAt = changedAt(column.value());
        return Optional.of(changedAt == null ? new Seen(value, readAt, false) : new Seen(value, changedAt, true));
    }

    /** A date column read for a date-time field (or the reverse) gives the field's own kind, in UTC. */
    private static FieldValue fitTo(String fieldType, FieldValue value) {
        if (value == null) {
            return null;
        }
        if ("date".equals(fieldType) && value.getValue() instanceof DateTimeValue dt) {
            return FieldValues.date(dt.getInstant().atZone(ZoneOffset.UTC).toLocalDate());
        }
        if ("datetime".equals(fieldType) && value.getValue() instanceof DateValue d) {
            return FieldValues.dateTime(d.getDate().atStartOfDay(ZoneOffset.UTC).toInstant());
        }
        return value;
    }

    /** monday's {@code changed_at} inside a column value, when there is one. */
    static Instant changedAt(String valueJson) {
        if (valueJson == null || valueJson.isBlank()) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(valueJson);
            JsonNode at = node == null ? null : node.get("changed_at");
            return at == null || !at.isTextual() ? null : Instant.parse(at.asText());
        } catch (IOException | DateTimeParseException e) {
            return null;
        }
    }
}

package com.coeffection.sync.backfill;

import com.coeffection.sync.ingress.coeffection.FieldTyper;
import com.coeffection.sync.schema.Actor;
import com.coeffection.sync.schema.ActorKind;
import com.coeffection.sync.schema.BoardMapping;
import com.coeffection.sync.schema.FieldChange;
import com.coeffection.sync.schema.FieldMapping;
import com.coeffection.sync.schema.RecordChange;
import com.coeffection.sync.schema.RecordOperation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a record read from Coeffection's API into the {@link RecordChange} the pipeline would have received for it:
 * every mapped field the record has, typed by the board mapping exactly as the ingress types a webhook, changed at
 * the record's own {@code updatedAt} (so a later edit on either side still wins by the conflict rules, and an older
 * one loses). The event id is derived from the record id and its update time: reading the same record twice (a
 * resumed backfill) gives the same event, which the pipeline recognises as a repeat.
 */
public final class RecordChanges {
    /** Who the pipeline sees as the author of backfilled values: Coeffection itself (a system actor), not the sync. */
    public static final Actor BACKFILL = new Actor(ActorKind.SYSTEM, "backfill", "Coeffection backfill", null);

    /** A record's change, and the fields whose values do not fit their mapped type (kept apart, never guessed). */
    public record Mapped(RecordChange change, Map<String, String> mismatched) {
    }

    private final BoardMapping mapping;
    private final Map<String, String> types = new LinkedHashMap<>();

    public RecordChanges(BoardMapping mapping) {
        this.mapping = mapping;
        for (FieldMapping f : mapping.getFields()) {
            types.put(f.getField(), f.getFieldType());
        }
        if (mapping.getStageField() != null) {
            types.putIfAbsent(mapping.getStageField(), "stage");
        }
    }

    /** The change of one record; null when the record has no id. */
    public Mapped of(ObjectNode record) {
        String id = record.path("id").asText(null);
        if (id == null || id.isBlank()) {
            return null;
        }
        Instant updatedAt = instant(record.path("updatedAt").asText(null));
        if (updatedAt == null) {
            updatedAt = instant(record.path("createdAt").asText(null));
        }
        if (updatedAt == null) {
            updatedAt = Instant.EPOCH;
        }
        List<FieldChange> fields = new ArrayList<>();
        Map<String, String> mismatched = new LinkedHashMap<>();
        for (Map.Entry<String, String> field : types.entrySet()) {
            JsonNode value = record.get(field.getKey());
            if (value == null) {
                continue;
            }
            FieldTyper.Typing typing = FieldTyper.type(field.getValue(), value);
            if (typing instanceof FieldTyper.Typed typed) {
                fields.add(new FieldChange(field.getKey(), typed.value(), updatedAt));
            } else if (typing instanceof FieldTyper.Untypeable bad) {
                mismatched.put(field.getKey(), bad.reason());
            }
        }
        RecordChange change = RecordChange.newBuilder()
                .setEventId("backfill:" + mapping.getEntityType() + ":" + id + ":" + updatedAt.toEpochMilli())
                .setTenantId(mapping.getTenantId())
                .setEntityType(mapping.getEntityType())
                .setRecordId(id)
                .setOperation(RecordOperation.CREATE)
                .setActor(BACKFILL)
                .setOccurredAt(updatedAt)
                .setFields(fields)
                .setCausationId(null)
                .build();
        return new Mapped(change, mismatched);
    }

    private static Instant instant(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException again) {
                return null;
            }
        }
    }
}

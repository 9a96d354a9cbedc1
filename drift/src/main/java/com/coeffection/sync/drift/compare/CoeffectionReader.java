package com.coeffection.sync.drift.compare;

import com.coeffection.sync.backfill.RecordChanges;
import com.coeffection.sync.schema.BoardMapping;
import com.coeffection.sync.schema.FieldChange;
import com.coeffection.sync.schema.FieldMapping;
import com.coeffection.sync.schema.RecordChange;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads what a Coeffection record (as its API returns it) shows for each compared field: typed by the board mapping
 * exactly as a webhook or the backfill types it, each value at the record's own {@code updatedAt} (the API gives no
 * time per field). A field the record does not have shows nothing (empty).
 */
public final class CoeffectionReader {
    private final BoardMapping mapping;
    private final RecordChanges changes;

    public CoeffectionReader(BoardMapping mapping) {
        this.mapping = mapping;
        this.changes = new RecordChanges(mapping);
    }

    /** The record as the pipeline would have received it (every mapped field at its update time); null without id. */
    public RecordChange asChange(ObjectNode record) {
        RecordChanges.Mapped mapped = changes.of(record);
        return mapped == null ? null : mapped.change();
    }

    /** What {@code record} shows; null when it has no id. */
    public SideReading read(ObjectNode record) {
        RecordChanges.Mapped mapped = changes.of(record);
        if (mapped == null) {
            return null;
        }
        RecordChange change = mapped.change();
        Map<String, FieldChange> byField = new LinkedHashMap<>();
        change.getFields().forEach(f -> byField.put(f.getField(), f));
        Map<String, Seen> fields = new LinkedHashMap<>();
        for (FieldMapping field : CompareScope.comparedFields(mapping)) {
            put(fields, mapped, byField, field.getField(), change);
        }
        if (CompareScope.comparesStage(mapping)) {
            put(fields, mapped, byField, mapping.getStageField(), change);
        }
        return new SideReading(fields, mapped.mismatched());
    }

    private static void put(Map<String, Seen> fields, RecordChanges.Mapped mapped, Map<String, FieldChange> byField,
                            String name, RecordChange change) {
        if (mapped.mismatched().containsKey(name)) {
            return;
        }
        FieldChange f = byField.get(name);
        fields.put(name, new Seen(f == null ? null : f.getValue(), change.getOccurredAt(), true));
    }
}

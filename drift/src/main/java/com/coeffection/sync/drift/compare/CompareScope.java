package com.coeffection.sync.drift.compare;

import com.coeffection.sync.schema.BoardMapping;
import com.coeffection.sync.schema.FieldMapping;
import com.coeffection.sync.schema.SyncDirection;

import java.util.List;

/**
 * Which fields a drift run compares. A do-not-sync field is never compared (the product keeps it apart on purpose).
 * A person field is compared by email: monday names a person by user id, so the run asks monday who its ids are
 * ({@code users(ids:)}) before it compares (see {@link MondayReader}).
 */
public final class CompareScope {
    private CompareScope() {
    }

    /** The mapped fields a run compares, in mapping order. */
    public static List<FieldMapping> comparedFields(BoardMapping mapping) {
        return mapping.getFields().stream().filter(f -> synced(f.getDirection())).toList();
    }

    /** The compared fields that name people. */
    public static List<FieldMapping> personFields(BoardMapping mapping) {
        return comparedFields(mapping).stream().filter(CompareScope::isPerson).toList();
    }

    /** Whether the mapping has a pipeline stage on a status column, which is compared by label. */
    public static boolean comparesStage(BoardMapping mapping) {
        return mapping.getStageField() != null && mapping.getStatusColumnId() != null
                && synced(mapping.getStageDirection());
    }

    static boolean isNameColumn(FieldMapping field) {
        return "name".equals(field.getColumnId()) || "name".equals(field.getColumnType());
    }

    static boolean isPerson(FieldMapping field) {
        return "person".equals(field.getFieldType()) || "people".equals(field.getFieldType());
    }

    private static boolean synced(SyncDirection direction) {
        return direction != SyncDirection.DO_NOT_SYNC && direction != SyncDirection.NONE;
    }
}

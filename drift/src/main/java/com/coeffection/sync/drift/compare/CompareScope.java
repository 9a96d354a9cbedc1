package com.coeffection.sync.drift.compare;

import com.coeffection.sync.schema.BoardMapping;
import com.coeffection.sync.schema.FieldMapping;
import com.coeffection.sync.schema.SyncDirection;

import java.util.List;

/**
 * Which fields a drift run compares. A do-not-sync field is never compared (the product keeps it apart on purpose).
 * A person field is not compared: Coeffection names a person by email and monday by user id, and only the pipeline's
 * person directory can tell they are the same person; such fields are counted as not compared in the run's report.
 */
public final class CompareScope {
    private CompareScope() {
    }

    /** The mapped fields a run compares, in mapping order. */
    public static List<FieldMapping> comparedFields(BoardMapping mapping) {
        return mapping.getFields().stream().filter(f -> synced(f.getDirection())).filter(f -> !isPerson(f)).toList();
    }

    /** The mapped fields a run leaves out because they name people. */
    public static List<String> personFields(BoardMapping mapping) {
        return mapping.getFields().stream().filter(f -> synced(f.getDirection())).filter(CompareScope::isPerson)
                .map(FieldMapping::getField).toList();
    }

    /** Whether the mapping has a pipeline stage on a status column, which is compared by label. */
    public static boolean comparesStage(BoardMapping mapping) {
        return mapping.getStageField() != null && mapping.getStatusColumnId() != null
                && synced(mapping.getStageDirection());
    }

    static boolean isNameColumn(FieldMapping field) {
        return "name".equals(field.getColumnId()) || "name".equals(field.getColumnType());
    }

    private static boolean isPerson(FieldMapping field) {
        return "person".equals(field.getFieldType()) || "people".equals(field.getFieldType());
    }

    private static boolean synced(SyncDirection direction) {
        return direction != SyncDirection.DO_NOT_SYNC && direction != SyncDirection.NONE;
    }
}

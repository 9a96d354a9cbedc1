package com.coeffection.sync.processor.mapping;

import com.coeffection.sync.monday.columns.ColumnType;
import com.coeffection.sync.processor.stages.StageMap;
import com.coeffection.sync.schema.BoardMapping;
import com.coeffection.sync.schema.FieldMapping;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A published {@link BoardMapping} indexed for the topology: fields by name and by monday column, and the stages. */
public final class MappedBoard {
    private final BoardMapping mapping;
    private final Map<String, FieldMapping> byField = new HashMap<>();
    private final Map<String, FieldMapping> byColumn = new HashMap<>();
    private final StageMap stages;

    public MappedBoard(BoardMapping mapping) {
        this.mapping = mapping;
        for (FieldMapping field : mapping.getFields()) {
            byField.put(field.getField(), field);
            byColumn.put(field.getColumnId(), field);
        }
        this.stages = new StageMap(mapping);
    }

    public BoardMapping mapping() {
        return mapping;
    }

    public String tenantId() {
        return mapping.getTenantId();
    }

    public String entityType() {
        return mapping.getEntityType();
    }

    /** The monday board, or null until an auto-created board exists. */
    public Long boardId() {
        return mapping.getBoardId();
    }

    public Optional<FieldMapping> field(String field) {
        return Optional.ofNullable(byField.get(field));
    }

    public Optional<FieldMapping> column(String columnId) {
        return Optional.ofNullable(byColumn.get(columnId));
    }

    public List<FieldMapping> fields() {
        return mapping.getFields();
    }

    public StageMap stages() {
        return stages;
    }

    /** Whether the field is this board's stage field. */
    public boolean isStageField(String field) {
        return stages.enabled() && field.equals(stages.stageField());
    }

    public static ColumnType columnType(FieldMapping field) {
        return ColumnType.fromMonday(field.getColumnType()).orElse(ColumnType.TEXT);
    }

    public static FieldType fieldType(FieldMapping field) {
        return FieldType.parse(field.getFieldType()).orElse(FieldType.TEXT);
    }
}

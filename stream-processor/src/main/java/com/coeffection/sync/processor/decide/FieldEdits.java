package com.coeffection.sync.processor.decide;

import com.coeffection.sync.contract.ErrorType;
import com.coeffection.sync.monday.columns.ColumnType;
import com.coeffection.sync.monday.columns.ColumnValueConversionException;
import com.coeffection.sync.processor.links.ManualLink;
import com.coeffection.sync.processor.mapping.FieldType;
import com.coeffection.sync.processor.mapping.MappedBoard;
import com.coeffection.sync.processor.mapping.MondayValues;
import com.coeffection.sync.processor.merge.ConflictRules;
import com.coeffection.sync.processor.merge.Edit;
import com.coeffection.sync.processor.merge.FieldState;
import com.coeffection.sync.processor.merge.Origin;
import com.coeffection.sync.processor.merge.Side;
import com.coeffection.sync.processor.stages.StageMap;
import com.coeffection.sync.processor.state.RecordState;
import com.coeffection.sync.schema.FieldChange;
import com.coeffection.sync.schema.FieldMapping;
import com.coeffection.sync.schema.FieldValue;
import com.coeffection.sync.values.FieldValues;

import java.util.List;

/**
 * Turns what one side says about a record's fields into validated edits and merges each with the conflict rules
 * ({@link ConflictRules}) into the record's state, collecting the decisions. Field validation lives here: a value of
 * the wrong type, an unmapped field, column or label is rejected for that field alone, with a reason a support person
 * can act on; the other fields go on. Pure: no Kafka, no registry.
 */
public final class FieldEdits {
    private final MondayValues values;

    public FieldEdits(MondayValues values) {
        this.values = values;
    }

    /**
     * The field edits of a Coeffection change (or of an observation of what Coeffection shows), each validated against
     * the mapping and merged by the conflict rules; returns the item a "Monday Item ID" field names, or null.
     */
    public Long coeffectionEdits(MappedBoard board, RecordState state, Decisions decisions,
                                  List<FieldChange> fieldChanges, String eventId, Origin origin) {
        Long manualItem = null;
        for (FieldChange fieldChange : fieldChanges) {
            String field = fieldChange.getField();
            long micros = WritePlanner.toMicros(fieldChange.getChangedAt());
            FieldValue value = MondayValues.normalize(fieldChange.getValue());
            if (ManualLink.isManualLinkField(field) && board.field(field).isEmpty()) {
                java.util.OptionalLong item = ManualLink.itemId(value);
                if (item.isEmpty() || board.boardId() == null) {
                    decisions.reject(field, null, value, ErrorType.WRONG_VALUE_TYPE, "field '" + field + "' must hold the id"
                            + " of an item on the " + board.entityType() + " board (a positive whole number)"
                            + (board.boardId() == null ? ", and the board must exist" : ""));
                } else if (origin != Origin.OURS) {
                    manualItem = item.getAsLong();
                }
                continue;
            }
            if (board.isStageField(field)) {
                StageMap stages = board.stages();
                if (value != null && StageMap.stageOf(value) != null
                        && !FieldType.STAGE.accepts(value.getValue())) {
                    decisions.reject(field, stages.statusColumnId(), value, ErrorType.WRONG_VALUE_TYPE, "field '" + field
                            + "' is the pipeline stage and needs a status or text value, not " + kind(value));
                    continue;
                }
                FieldValue stage = value == null ? null : FieldValues.status(StageMap.stageOf(value));
                Edit edit = Edit.of(Side.COEFFECTION, stage, micros, eventId, origin);
                decisions.add(field, stages.statusColumnId(), edit,
                        ConflictRules.merge(stages.direction(), state.field(field), edit));
                continue;
            }
            FieldMapping mapping = board.field(field).orElse(null);
            if (mapping == null) {
                decisions.reject(field, null, value, ErrorType.UNMAPPED_FIELD, "field '" + field + "' of " + board.entityType()
                        + " is not in the board mapping: add it (or mark it do-not-sync) in the mapping file");
                continue;
            }
            FieldType type = MappedBoard.fieldType(mapping);
            if (value != null && !type.accepts(value.getValue())) {
                decisions.reject(field, mapping.getColumnId(), value, ErrorType.WRONG_VALUE_TYPE, "field '" + field
                        + "' is mapped as " + type.fileName() + " and needs a " + type.acceptedKinds() + ", but the"
                        + " change carries a " + kind(value) + " (" + FieldValues.display(value) + ")");
                continue;
            }
            Edit edit = Edit.of(Side.COEFFECTION, value, micros, eventId, origin);
            decisions.add(field, mapping.getColumnId(), edit, ConflictRules.merge(mapping.getDirection(),
                    state.field(field), edit));
        }
        return manualItem;
    }
    /** A monday column's new value as an edit of its field (or of the stage, for the stage's status column). */
    public void columnEdit(MappedBoard board, RecordState state, Decisions decisions, String columnId,
                            String deliveredType, String json, long micros, String eventId, Origin origin,
                            boolean unmappedIsBad) {
        StageMap stages = board.stages();
        if (stages.enabled() && columnId != null && columnId.equals(stages.statusColumnId())) {
            FieldValue label;
            try {
                label = MondayValues.normalize(values.fromMonday(ColumnType.STATUS, FieldType.STAGE, columnId, json));
            } catch (ColumnValueConversionException e) {
                decisions.reject(stages.stageField(), columnId, null, ErrorType.WRONG_VALUE_TYPE, e.getMessage());
                return;
            }
            String labelText = StageMap.stageOf(label);
            List<String> candidates = labelText == null ? List.of() : stages.stagesForLabel(labelText);
            if (labelText != null && candidates.isEmpty()) {
                decisions.reject(stages.stageField(), columnId, label, ErrorType.UNMAPPED_LABEL, "status label '" + labelText
                        + "' of column '" + columnId + "' is not mapped to any stage: add it to the stage mapping");
                return;
            }
            stageEdit(stages, state, decisions, columnId, label, candidates, labelText, Edit.ViewSlot.VALUE, micros,
                    eventId, origin);
            return;
        }
        FieldMapping mapping = columnId == null ? null : board.column(columnId).orElse(null);
        if (mapping == null) {
            if (unmappedIsBad) {
                decisions.reject(null, columnId, null, ErrorType.UNMAPPED_COLUMN, "monday column '" + columnId + "' of board "
                        + board.boardId() + " is not mapped to a field of " + board.entityType()
                        + ": add it to the mapping file, or ignore this dead letter");
            }
            return;
        }
        ColumnType type = MappedBoard.columnType(mapping);
        if (deliveredType != null && ColumnType.fromMonday(deliveredType).map(t -> t != type).orElse(true)) {
            decisions.reject(mapping.getField(), columnId, null, ErrorType.WRONG_VALUE_TYPE, "monday column '" + columnId
                    + "' is now a '" + deliveredType + "' column but is mapped as " + type.mondayName()
                    + ": fix the mapping or the column");
            return;
        }
        FieldType fieldType = MappedBoard.fieldType(mapping);
        FieldValue value;
        try {
            value = values.fromMonday(type, fieldType, columnId, json);
        } catch (ColumnValueConversionException e) {
            decisions.reject(mapping.getField(), columnId, null, ErrorType.WRONG_VALUE_TYPE, e.getMessage());
            return;
        }
        if (value != null && !fieldType.accepts(value.getValue())) {
            decisions.reject(mapping.getField(), columnId, value, ErrorType.WRONG_VALUE_TYPE, "column '" + columnId
                    + "' gave a " + kind(value) + " but field '" + mapping.getField() + "' is "
                    + fieldType.fileName());
            return;
        }
        Edit edit = Edit.of(Side.MONDAY, value, micros, eventId, origin);
        decisions.add(mapping.getField(), columnId, edit,
                ConflictRules.merge(mapping.getDirection(), state.field(mapping.getField()), edit));
    }
    public boolean groupEdit(MappedBoard board, RecordState state, Decisions decisions, String groupId, long micros,
                              String eventId, Origin origin) {
        StageMap stages = board.stages();
        List<String> candidates = groupId == null ? List.of() : stages.stagesForGroup(groupId);
        if (!stages.enabled() || candidates.isEmpty()) {
            return false;
        }
        stageEdit(stages, state, decisions, null, FieldValues.text(groupId), candidates, groupId, Edit.ViewSlot.GROUP,
                micros, eventId, origin);
        return true;
    }
    /**
     * A monday label or group as an edit of the stage. A label of exactly one stage (a fork's labels included) means
     * that stage; a label several stages share (collapse) keeps the current stage when it is one of them, and
     * otherwise means the label's configured default stage ({@link FieldState#resolved()}).
     */
    public void stageEdit(StageMap stages, RecordState state, Decisions decisions, String columnId, FieldValue shown,
                           List<String> candidates, String key, Edit.ViewSlot slot, long micros, String eventId,
                           Origin origin) {
        Edit edit;
        if (candidates.size() > 1) {
            edit = new Edit(Side.MONDAY, null, shown, slot, micros, eventId, origin, candidates,
                    stages.defaultFor(key, candidates));
        } else {
            FieldValue stage = candidates.isEmpty() ? null : FieldValues.status(candidates.get(0));
            edit = new Edit(Side.MONDAY, stage, shown, slot, micros, eventId, origin, List.of(), null);
        }
        decisions.add(stages.stageField(), columnId != null ? columnId : "group", edit,
                ConflictRules.merge(stages.direction(), state.field(stages.stageField()), edit));
    }
    public void observedOnMonday(MappedBoard board, RecordState state, Decisions decisions, FieldChange observed,
                                  String eventId) {
        String field = observed.getField();
        long micros = WritePlanner.toMicros(observed.getChangedAt());
        FieldValue value = MondayValues.normalize(observed.getValue());
        if (board.isStageField(field)) {
            StageMap stages = board.stages();
            String label = value == null ? null : StageMap.stageOf(value);
            List<String> candidates = label == null ? List.of() : stages.stagesForLabel(label);
            if (label != null && candidates.isEmpty()) {
                decisions.reject(field, stages.statusColumnId(), value, ErrorType.UNMAPPED_LABEL, "status label '" + label
                        + "' is not mapped to any stage: add it to the stage mapping");
                return;
            }
            stageEdit(stages, state, decisions, stages.statusColumnId(), value, candidates, label, Edit.ViewSlot.VALUE,
                    micros, eventId, Origin.OTHERS);
            return;
        }
        FieldMapping mapping = board.field(field).orElse(null);
        if (mapping == null) {
            decisions.reject(field, null, value, ErrorType.UNMAPPED_FIELD, "field '" + field + "' of " + board.entityType()
                    + " is not in the board mapping");
            return;
        }
        FieldType type = MappedBoard.fieldType(mapping);
        if (value != null && !type.accepts(value.getValue())) {
            decisions.reject(field, mapping.getColumnId(), value, ErrorType.WRONG_VALUE_TYPE, "field '" + field
                    + "' is mapped as " + type.fileName() + " but the observation carries a " + kind(value));
            return;
        }
        Edit edit = Edit.of(Side.MONDAY, value, micros, eventId, Origin.OTHERS);
        decisions.add(field, mapping.getColumnId(), edit, ConflictRules.merge(mapping.getDirection(),
                state.field(field), edit));
    }
    static String kind(FieldValue value) {
        return value == null || value.getValue() == null ? "empty value" : value.getValue().getClass().getSimpleName();
    }
}

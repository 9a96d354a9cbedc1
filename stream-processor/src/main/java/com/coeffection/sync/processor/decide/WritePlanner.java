package com.coeffection.sync.processor.decide;

import com.coeffection.sync.monday.columns.ColumnType;
import com.coeffection.sync.processor.mapping.MappedBoard;
import com.coeffection.sync.processor.merge.Edit;
import com.coeffection.sync.processor.merge.FieldState;
import com.coeffection.sync.processor.merge.Reconciler;
import com.coeffection.sync.processor.merge.Resolved;
import com.coeffection.sync.processor.merge.Side;
import com.coeffection.sync.processor.stages.StageMap;
import com.coeffection.sync.processor.state.RecordState;
import com.coeffection.sync.schema.ColumnWrite;
import com.coeffection.sync.schema.FieldChange;
import com.coeffection.sync.schema.FieldDiff;
import com.coeffection.sync.schema.FieldMapping;
import com.coeffection.sync.schema.FieldValue;
import com.coeffection.sync.schema.HistoryStatus;
import com.coeffection.sync.schema.MondayAction;
import com.coeffection.sync.schema.SyncDirection;
import com.coeffection.sync.values.FieldValues;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Works out what each side must receive so that both hold every field's resolved value (pure: state and mapping in,
 * a {@link WritePlan} out, the state marked with what was sent). monday is written only through an item: a record
 * with no item yet gets one created, with all its mapped values, when a Coeffection change arrives; while that
 * creation is pending, monday writes wait and are caught up once the item exists.
 */
public final class WritePlanner {
    private WritePlanner() {
    }

    /**
     * Works out what each side must receive for the given fields. monday is written only through an item: a record
     * with no item yet gets one created (with all its mapped values) when a Coeffection change arrives; while that is
     * pending, monday writes wait and are caught up when the item exists.
     */
    public static WritePlan plan(RecordState state, MappedBoard board, Collection<String> fields, boolean mayCreate,
                                 Trigger trigger, long nowMs) {
        return plan(state, board, fields, mayCreate, trigger, nowMs, true, true);
    }

    /** As {@link #plan(RecordState, MappedBoard, Collection, boolean, Trigger, long)}, limited to the given sides. */
    public static WritePlan plan(RecordState state, MappedBoard board, Collection<String> fields, boolean mayCreate,
                                 Trigger trigger, long nowMs, boolean toMonday, boolean toCoeffection) {
        boolean linked = state.linked();
        boolean create = !linked && mayCreate && !state.deleted() && state.pendingCreateCommandId() == null
                && board.boardId() != null;
        String waiting = null;
        if (!linked && !create) {
            waiting = board.boardId() == null ? "the monday board is not created yet; values are sent once it exists"
                    : state.pendingCreateCommandId() != null ? "the monday item is being created; values follow once it exists"
                    : null;
        }
        boolean mondayWritable = toMonday && (linked || create);
        Collection<String> mondayFields = create ? allMappedFields(state, board) : fields;
        List<ColumnWrite> columns = new ArrayList<>();
        String group = null;
        List<FieldChange> coeffectionWritePlan = new ArrayList<>();
        long decidedMicros = Math.max(trigger.timestamp(), nowMs) * 1000;
        Set<String> all = new LinkedHashSet<>(fields);
        all.addAll(mondayFields);
        for (String name : all) {
            FieldState field = state.existingField(name);
            if (field == null) {
                continue;
            }
            Resolved resolved = field.resolved();
            boolean mondayCandidate = mondayWritable && mondayFields.contains(name);
            if (board.isStageField(name)) {
                StageMap stages = board.stages();
                SyncDirection direction = stages.direction();
                String stage = resolved == null ? null : StageMap.stageOf(resolved.value());
                String desired = stage == null ? null
                        : stages.labelFor(stage, field.mondayLabel() == null ? null : field.mondayLabel().label());
                if (mondayCandidate && stages.statusColumnId() != null && desired != null
                        && Reconciler.mustWrite(direction, field, Side.MONDAY, Edit.ViewSlot.VALUE,
                        (target, shown) -> desired.equals(StageMap.stageOf(shown)))) {
                    FieldValue label = FieldValues.status(desired);
                    columns.add(new ColumnWrite(stages.statusColumnId(), ColumnType.STATUS.mondayName(), name, label));
                    Reconciler.markSent(field, Side.MONDAY, Edit.ViewSlot.VALUE, label, decidedMicros);
                }
                if (mondayCandidate && stage != null && stages.groupOf(stage) != null
                        && Reconciler.mustWrite(direction, field, Side.MONDAY, Edit.ViewSlot.GROUP, stages.groupAgreement())) {
                    group = stages.groupOf(stage);
                    Reconciler.markSent(field, Side.MONDAY, Edit.ViewSlot.GROUP, FieldValues.text(group), decidedMicros);
                }
                if (toCoeffection && fields.contains(name) && Reconciler.mustWrite(direction, field, Side.COEFFECTION,
                        Edit.ViewSlot.VALUE, Reconciler.Agreement.SAME)) {
                    coeffectionWritePlan.add(fieldChange(name, resolved));
                    Reconciler.markSent(field, Side.COEFFECTION, Edit.ViewSlot.VALUE, resolved.value(), decidedMicros);
                }
                continue;
            }
            FieldMapping mapping = board.field(name).orElse(null);
            if (mapping == null) {
                continue;
            }
            SyncDirection direction = mapping.getDirection();
            if (mondayCandidate && Reconciler.mustWrite(direction, field, Side.MONDAY, Edit.ViewSlot.VALUE,
                    Reconciler.Agreement.SAME)) {
                columns.add(new ColumnWrite(mapping.getColumnId(), mapping.getColumnType(), name, resolved.value()));
                Reconciler.markSent(field, Side.MONDAY, Edit.ViewSlot.VALUE, resolved.value(), decidedMicros);
            }
            if (toCoeffection && fields.contains(name) && Reconciler.mustWrite(direction, field, Side.COEFFECTION,
                    Edit.ViewSlot.VALUE, Reconciler.Agreement.SAME)) {
                coeffectionWritePlan.add(fieldChange(name, resolved));
                Reconciler.markSent(field, Side.COEFFECTION, Edit.ViewSlot.VALUE, resolved.value(), decidedMicros);
            }
        }
        MondayAction action = null;
        String itemName = null;
        if (create) {
            action = MondayAction.CREATE_ITEM;
            itemName = itemName(state, board, columns);
            columns.removeIf(c -> ColumnType.NAME.mondayName().equals(c.getColumnType()));
        } else if (linked && !columns.isEmpty()) {
            action = MondayAction.UPDATE_COLUMNS;
        }
        return new WritePlan(columns, group, group == null ? null : board.stages().stageField(), coeffectionWritePlan, action,
                itemName, waiting);
    }
    public static Collection<String> allMappedFields(RecordState state, MappedBoard board) {
        List<String> names = new ArrayList<>();
        for (String name : state.fields().keySet()) {
            if (board.isStageField(name) || board.field(name).isPresent()) {
                names.add(name);
            }
        }
        return names;
    }
    private static String itemName(RecordState state, MappedBoard board, List<ColumnWrite> columns) {
        for (ColumnWrite column : columns) {
            if (ColumnType.NAME.mondayName().equals(column.getColumnType()) && column.getValue() != null) {
                return FieldValues.display(column.getValue());
            }
        }
        String nameField = board.mapping().getItemNameField();
        FieldState field = nameField == null ? null : state.existingField(nameField);
        if (field != null && field.resolved() != null && field.resolved().value() != null) {
            return FieldValues.display(field.resolved().value());
        }
        return state.entityType() + " " + state.recordId();
    }
    private static FieldChange fieldChange(String name, Resolved resolved) {
        return new FieldChange(name, resolved.value(), Instant.ofEpochMilli(resolved.changedAtMicros() / 1000));
    }
    /** The fields a write plan writes, as history diffs under {@code rule} (each PENDING until delivered). */
    public static List<FieldDiff> writtenDiffs(WritePlan writes, String rule) {
        List<FieldDiff> diffs = new ArrayList<>();
        for (ColumnWrite column : writes.columns()) {
            diffs.add(FieldDiff.newBuilder().setField(column.getField()).setColumnId(column.getColumnId())
                    .setBefore(null).setAfter(column.getValue()).setRule(rule).setStatus(HistoryStatus.PENDING).build());
        }
        for (FieldChange change : writes.toCoeffection()) {
            diffs.add(FieldDiff.newBuilder().setField(change.getField()).setColumnId(null).setBefore(null)
                    .setAfter(change.getValue()).setRule(rule).setStatus(HistoryStatus.PENDING).build());
        }
        return diffs;
    }
    /** The newest change time (micros) among the values a write plan carries. */
    public static long writtenMicros(RecordState state, WritePlan writes) {
        long newest = 0;
        for (ColumnWrite column : writes.columns()) {
            FieldState field = state.existingField(column.getField());
            if (field != null && field.resolved() != null) {
                newest = Math.max(newest, field.resolved().changedAtMicros());
            }
        }
        for (FieldChange change : writes.toCoeffection()) {
            newest = Math.max(newest, toMicros(change.getChangedAt()));
        }
        return newest;
    }
    public static long toMicros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
    }
}

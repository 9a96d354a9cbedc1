package com.coeffection.sync.processor.routing;

import com.coeffection.sync.contract.SyncIds;
import com.coeffection.sync.processor.decide.Decisions;
import com.coeffection.sync.processor.decide.Trigger;
import com.coeffection.sync.processor.decide.WritePlan;
import com.coeffection.sync.processor.decide.WritePlanner;
import com.coeffection.sync.processor.mapping.MappedBoard;
import com.coeffection.sync.processor.mapping.MappingLookup;
import com.coeffection.sync.processor.mapping.MondayValues;
import com.coeffection.sync.processor.merge.ConflictRules;
import com.coeffection.sync.processor.merge.Edit;
import com.coeffection.sync.processor.merge.FieldState;
import com.coeffection.sync.processor.merge.Reconciler;
import com.coeffection.sync.processor.merge.Side;
import com.coeffection.sync.processor.output.Outputs;
import com.coeffection.sync.processor.state.RecordState;
import com.coeffection.sync.schema.Actor;
import com.coeffection.sync.schema.ActorKind;
import com.coeffection.sync.schema.ColumnWrite;
import com.coeffection.sync.schema.CommandOutcome;
import com.coeffection.sync.schema.LinkSource;
import com.coeffection.sync.schema.MondayCommandResult;
import com.coeffection.sync.schema.SyncDirection;
import com.coeffection.sync.topics.RecordKeys;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.MDC;

/**
 * The monday sink's result of one command: a delivered command confirms what monday now shows (and a created item
 * links the record and gets the values that waited for it); a failed creation lets the next change ask again; a lost
 * write makes the fields be written again.
 */
final class SinkResults {
    private final Effects effects;
    private final MappingLookup lookup;

    SinkResults(Effects effects, MappingLookup lookup) {
        this.effects = effects;
        this.lookup = lookup;
    }

    void handle(Record<String, Input> record, MondayCommandResult result, long nowMs) {
        MDC.put("tenant", result.getTenantId());
        MDC.put("record", record.key());
        MDC.put("board", Long.toString(result.getBoardId()));
        String recordKey = RecordKeys.recordKey(result.getTenantId(), result.getEntityType(), result.getRecordId());
        RecordState state = effects.storedOrNew(recordKey, result.getTenantId(), result.getEntityType(),
                result.getRecordId());
        long now = record.timestamp();
        if (result.getOutcome() == CommandOutcome.DELIVERED) {
            if (result.getItemCreated() && result.getItemId() != null) {
                state.link(result.getBoardId(), result.getItemId());
                effects.emit(Outputs.link(state, result.getBoardId(), result.getItemId(), LinkSource.ITEM_CREATED, now));
            }
            long deliveredMicros = WritePlanner.toMicros(result.getCompletedAt());
            for (ColumnWrite column : result.getDeliveredColumns()) {
                FieldState field = state.existingField(column.getField());
                if (field != null) {
                    ConflictRules.confirm(field, Side.MONDAY, Edit.ViewSlot.VALUE,
                            MondayValues.normalize(column.getValue()), deliveredMicros);
                }
            }
            MappedBoard board = result.getItemCreated() ? lookup.find(result.getTenantId(), result.getEntityType()) : null;
            if (board != null) {
                Trigger trigger = new Trigger(SyncIds.resultEntry(result.getCommandId()),
                        Actor.newBuilder().setKind(ActorKind.INTEGRATION).build(), result.getCommandId(),
                        SyncDirection.COEFFECTION_TO_MONDAY, now);
                WritePlan writes = WritePlanner.plan(state, board, state.fields().keySet(), false, trigger, nowMs);
                if (!writes.isEmpty()) {
                    effects.finish(record, state, board, trigger, new Decisions(), writes);
                    return;
                }
            }
        } else if (result.getCommandId().equals(state.pendingCreateCommandId())) {
            // The item was not created: monday shows none of the values, and the next change asks again.
            state.createFailed();
            state.fields().values().forEach(Reconciler::itemMissing);
        } else if (result.getOutcome() == CommandOutcome.DEAD_LETTERED || result.getOutcome() == CommandOutcome.FAILED) {
            state.fields().values().forEach(Reconciler::writeLost);
        }
        effects.save(recordKey, state);
    }
}

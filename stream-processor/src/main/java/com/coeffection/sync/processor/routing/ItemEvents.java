package com.coeffection.sync.processor.routing;

import com.coeffection.sync.contract.ErrorType;
import com.coeffection.sync.contract.SyncIds;
import com.coeffection.sync.processor.ProcessorMetrics;
import com.coeffection.sync.processor.decide.Decisions;
import com.coeffection.sync.processor.decide.FieldEdits;
import com.coeffection.sync.processor.decide.Trigger;
import com.coeffection.sync.processor.decide.WritePlan;
import com.coeffection.sync.processor.decide.WritePlanner;
import com.coeffection.sync.processor.links.CreatedFromMonday;
import com.coeffection.sync.processor.mapping.MappedBoard;
import com.coeffection.sync.processor.mapping.MappingLookup;
import com.coeffection.sync.processor.merge.Origin;
import com.coeffection.sync.processor.output.Outputs;
import com.coeffection.sync.processor.state.RecordState;
import com.coeffection.sync.schema.Actor;
import com.coeffection.sync.schema.HistoryStatus;
import com.coeffection.sync.schema.MondayEventKind;
import com.coeffection.sync.schema.MondayItemEvent;
import com.coeffection.sync.schema.SyncDirection;
import com.coeffection.sync.schema.SyncHistoryEntry;
import com.fasterxml.jackson.databind.node.TextNode;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.MDC;

import java.util.List;
import java.util.Map;

/**
 * A monday item event of a linked item, re-keyed to its record: column values, the item name and the group are
 * merged into the record's state as monday edits, then Coeffection gets what it must show. Events monday does not
 * sync (deletes, unmapped groups, an unmapped item name) become NOT_PROPAGATED history entries.
 */
final class ItemEvents {
    private final Effects effects;
    private final MappingLookup lookup;
    private final FieldEdits edits;
    private final Long integrationUserId;
    private final ProcessorMetrics metrics;

    ItemEvents(Effects effects, MappingLookup lookup, FieldEdits edits, Long integrationUserId,
               ProcessorMetrics metrics) {
        this.effects = effects;
        this.lookup = lookup;
        this.edits = edits;
        this.integrationUserId = integrationUserId;
        this.metrics = metrics;
    }

    void handle(Record<String, Input> record, MondayItemEvent event, long nowMs) {
        String[] key = record.key().split(":", 3);
        if (key.length < 3) {
            effects.reject(record, BadInput.of(ErrorType.BAD_RECORD_KEY, "re-keyed monday event has record key '"
                    + record.key() + "', not tenantId:entityType:recordId; check the links topic", event.getTenantId()));
            return;
        }
        String tenantId = key[0];
        String entityType = key[1];
        String recordId = key[2];
        MDC.put("tenant", tenantId);
        MDC.put("record", record.key());
        MDC.put("board", Long.toString(event.getBoardId()));
        Actor actor = Actors.monday(event, integrationUserId);
        MappedBoard board;
        try {
            board = lookup.require(tenantId, entityType);
        } catch (MappingLookup.MissingMappingException e) {
            effects.reject(record, new BadInput(e.errorType(), e.getMessage(), tenantId, entityType, recordId,
                    event.getBoardId(), event.getItemId(), SyncDirection.MONDAY_TO_COEFFECTION, List.of(), actor,
                    event.getTriggerUuid()));
            return;
        }
        long micros = event.getChangedAt() != null ? WritePlanner.toMicros(event.getChangedAt())
                : WritePlanner.toMicros(event.getTriggerTime());
        effects.changedAt(SyncDirection.MONDAY_TO_COEFFECTION, micros / 1000);
        RecordState state = effects.storedOrNew(record.key(), tenantId, entityType, recordId);
        if (!state.linked() || state.itemId() != event.getItemId()) {
            state.link(event.getBoardId(), event.getItemId());
        }
        Trigger trigger = new Trigger(SyncIds.itemEventEntry(event.getTriggerUuid()), actor, event.getTriggerUuid(),
                SyncDirection.MONDAY_TO_COEFFECTION, record.timestamp());
        Origin origin = Actors.mondayOrigin(event, integrationUserId);
        Decisions decisions = new Decisions();
        MondayEventKind kind = event.getKind();
        switch (kind) {
            case UPDATE_COLUMN_VALUE -> edits.columnEdit(board, state, decisions, event.getColumnId(),
                    event.getColumnType(), event.getValue(), micros, event.getTriggerUuid(), origin, true);
            case UPDATE_NAME -> {
                if (board.mapping().getItemNameField() == null) {
                    notPropagated(record, state, trigger, "item-name-not-mapped",
                            "the item name is not mapped to a Coeffection field");
                    return;
                }
                String nameJson = event.getValue() != null ? event.getValue()
                        : event.getItemName() == null ? null : TextNode.valueOf(event.getItemName()).toString();
                edits.columnEdit(board, state, decisions, "name", "name", nameJson, micros, event.getTriggerUuid(),
                        origin, true);
            }
            case MOVE_TO_GROUP -> {
                if (!edits.groupEdit(board, state, decisions, event.getGroupId(), micros, event.getTriggerUuid(), origin)) {
                    notPropagated(record, state, trigger, "group-not-mapped",
                            "monday group '" + event.getGroupId() + "' is not mapped to a stage");
                    return;
                }
            }
            case CREATE_ITEM -> {
                for (Map.Entry<String, String> column : event.getColumnValues().entrySet()) {
                    edits.columnEdit(board, state, decisions, column.getKey(), null, column.getValue(), micros,
                            event.getTriggerUuid(), origin, false);
                }
                if (event.getGroupId() != null) {
                    edits.groupEdit(board, state, decisions, event.getGroupId(), micros, event.getTriggerUuid(), origin);
                }
                if (CreatedFromMonday.isProvisional(recordId) && event.getItemName() != null
                        && board.mapping().getItemNameField() != null && !event.getColumnValues().containsKey("name")) {
                    // a record created from the item takes its name too
                    edits.columnEdit(board, state, decisions, "name", "name",
                            TextNode.valueOf(event.getItemName()).toString(), micros, event.getTriggerUuid(), origin,
                            false);
                }
            }
            default -> {
                notPropagated(record, state, trigger, kind == MondayEventKind.DELETE_ITEM ? "delete-not-synced"
                        : "event-not-synced", "monday " + event.getDeliveredType() + " events are not synced to"
                        + " Coeffection (deletes are not propagated by design)");
                return;
            }
        }
        WritePlan writes = WritePlanner.plan(state, board, decisions.touched(), false, trigger, nowMs);
        effects.finish(record, state, board, trigger, decisions, writes);
    }

    /** A NOT_PROPAGATED history entry for the event; the state (its link) is kept. */
    private void notPropagated(Record<String, Input> record, RecordState state, Trigger trigger, String rule,
                               String message) {
        SyncHistoryEntry entry = Outputs.history(trigger, state, HistoryStatus.NOT_PROPAGATED, rule, List.of(), null,
                message);
        metrics.decision(rule, HistoryStatus.NOT_PROPAGATED.name());
        effects.emit(new Record<>(entry.getEntryId(), new Emit.History(entry), record.timestamp()));
        effects.save(record.key(), state);
    }
}

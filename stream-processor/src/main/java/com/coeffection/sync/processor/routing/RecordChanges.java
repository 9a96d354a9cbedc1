package com.coeffection.sync.processor.routing;

import com.coeffection.sync.contract.SyncIds;
import com.coeffection.sync.processor.ProcessorMetrics;
import com.coeffection.sync.processor.decide.Decisions;
import com.coeffection.sync.processor.decide.FieldEdits;
import com.coeffection.sync.processor.decide.Trigger;
import com.coeffection.sync.processor.decide.WritePlan;
import com.coeffection.sync.processor.decide.WritePlanner;
import com.coeffection.sync.processor.links.CreatedFromMonday;
import com.coeffection.sync.processor.links.ItemIndex;
import com.coeffection.sync.processor.mapping.MappedBoard;
import com.coeffection.sync.processor.mapping.MappingLookup;
import com.coeffection.sync.processor.match.MatchGate;
import com.coeffection.sync.processor.merge.Origin;
import com.coeffection.sync.processor.merge.Reconciler;
import com.coeffection.sync.processor.merge.Side;
import com.coeffection.sync.processor.output.Outputs;
import com.coeffection.sync.processor.state.RecordState;
import com.coeffection.sync.schema.HistoryStatus;
import com.coeffection.sync.schema.LinkSource;
import com.coeffection.sync.schema.MondayAction;
import com.coeffection.sync.schema.MondayCommand;
import com.coeffection.sync.schema.RecordChange;
import com.coeffection.sync.schema.RecordOperation;
import com.coeffection.sync.schema.SyncDirection;
import com.coeffection.sync.schema.SyncHistoryEntry;
import com.coeffection.sync.topics.RecordKeys;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.MDC;

import java.util.Collection;
import java.util.List;
import java.util.OptionalLong;

/**
 * A Coeffection record change: its fields are validated and merged into the record's state, then monday gets what it
 * must show (a record with no item gets one created, see {@link WritePlanner}). A "Monday Item ID" field naming
 * another item relinks the record by hand; a delete is not propagated (the mapping may archive the item).
 */
final class RecordChanges {
    private final Effects effects;
    private final MappingLookup lookup;
    private final ItemIndex index;
    private final FieldEdits edits;
    private final Outputs outputs;
    private final ProcessorMetrics metrics;

    private final MatchGate matchGate;

    RecordChanges(Effects effects, MappingLookup lookup, ItemIndex index, FieldEdits edits, Outputs outputs,
                  ProcessorMetrics metrics, MatchGate matchGate) {
        this.matchGate = matchGate;
        this.effects = effects;
        this.lookup = lookup;
        this.index = index;
        this.edits = edits;
        this.outputs = outputs;
        this.metrics = metrics;
    }

    void handle(Record<String, Input> record, RecordChange change, long nowMs) {
        MDC.put("tenant", change.getTenantId());
        MDC.put("record", record.key());
        MappedBoard board;
        try {
            board = lookup.require(change.getTenantId(), change.getEntityType());
        } catch (MappingLookup.MissingMappingException e) {
            effects.reject(record, new BadInput(e.errorType(), e.getMessage(), change.getTenantId(), change.getEntityType(),
                    change.getRecordId(), null, null, SyncDirection.COEFFECTION_TO_MONDAY, List.of(), change.getActor(),
                    change.getEventId()));
            return;
        }
        effects.changedAt(SyncDirection.COEFFECTION_TO_MONDAY, change.getOccurredAt().toEpochMilli());
        String recordKey = RecordKeys.recordKey(change.getTenantId(), change.getEntityType(), change.getRecordId());
        RecordState state = effects.storedOrNew(recordKey, change.getTenantId(), change.getEntityType(), change.getRecordId());
        String entryId = SyncIds.recordChangeEntry(change.getEventId());
        Trigger trigger = new Trigger(entryId, change.getActor(), change.getEventId(), SyncDirection.COEFFECTION_TO_MONDAY,
                record.timestamp());
        if (change.getOperation() == RecordOperation.DELETE) {
            delete(state, board, trigger);
            effects.save(recordKey, state);
            return;
        }
        Origin origin = Actors.coeffectionOrigin(change);
        Decisions decisions = new Decisions();
        Long manualItem = edits.coeffectionEdits(board, state, decisions, change.getFields(), change.getEventId(), origin);
        index.ensureLink(state, recordKey);
        OptionalLong createdFrom = CreatedFromMonday.createdFrom(change);
        boolean created = createdFrom.isPresent() && !state.linked() && board.boardId() != null
                && linkCreated(record, state, board, createdFrom.getAsLong(), decisions, trigger);
        Collection<String> fields = decisions.touched();
        if (manualItem != null && !(state.linked() && state.itemId() == manualItem.longValue())) {
            relinkByHand(record, state, board, manualItem, trigger);
            fields = state.fields().keySet();
        }
        // An unlinked record gets its monday item created here (WritePlanner: mayCreate).
        MatchGate.Hold hold = matchGate.check(state, board, change.getEventId());
        if (hold != null && hold.request() != null) {
            effects.emit(new Record<>(hold.request().boardKey(), new Emit.ToMatcher(hold.requestBytes()),
                    record.timestamp()));
        }
        // a record created from an item: the item shows what the record was created with, monday is not written
        WritePlan writes = WritePlanner.plan(state, board, fields, hold == null, trigger, nowMs, !created, true);
        effects.finish(record, state, board, trigger, decisions, hold == null ? writes : hold.explain(writes));
    }

    /**
     * Coeffection created this record from a person's new monday item (our RecordUpdate CREATE): the record is linked
     * to that item, which already shows the values the record was created with, so none of them is written back.
     */
    private boolean linkCreated(Record<String, Input> record, RecordState state, MappedBoard board, long itemId,
                                Decisions decisions, Trigger trigger) {
        String recordKey = Outputs.recordKey(state);
        String owner = index.recordOf(RecordKeys.itemKey(state.tenantId(), board.boardId(), itemId));
        String message;
        HistoryStatus status;
        if (owner != null && !owner.equals(recordKey)) {
            status = HistoryStatus.NOT_PROPAGATED;
            message = "created from monday item " + itemId + ", which is linked to record " + owner
                    + " already: this record is not linked to it";
        } else {
            state.link(board.boardId(), itemId);
            state.awaitLinkInIndex(itemId);
            for (String field : decisions.touched()) {
                if (!board.isStageField(field) && state.field(field) != null) {
                    Reconciler.shownOn(state.field(field), Side.MONDAY);
                }
            }
            effects.emit(Outputs.link(state, board.boardId(), itemId, LinkSource.RECORD_CREATED, trigger.timestamp()));
            status = HistoryStatus.SUCCEEDED;
            message = "record created in Coeffection from monday item " + itemId + " and linked to it";
        }
        SyncHistoryEntry entry = Outputs.history(new Trigger(SyncIds.linkEntry(trigger.entryId()), trigger.actor(),
                trigger.eventId(), trigger.direction(), trigger.timestamp()), state, status, "created-from-monday",
                List.of(), null, message);
        metrics.decision("created-from-monday", status.name());
        effects.emit(new Record<>(entry.getEntryId(), new Emit.History(entry), record.timestamp()));
        return status == HistoryStatus.SUCCEEDED;
    }

    /**
     * The record's "Monday Item ID" field names another item: the record is linked to it (a MANUAL link), what monday
     * shows there is unknown, so every mapped value is written to it.
     */
    private void relinkByHand(Record<String, Input> record, RecordState state, MappedBoard board, long itemId,
                              Trigger trigger) {
        Long previous = state.itemId();
        state.link(board.boardId(), itemId);
        state.awaitLinkInIndex(itemId);
        state.fields().values().forEach(Reconciler::itemMissing);
        effects.emit(Outputs.link(state, board.boardId(), itemId, LinkSource.MANUAL, trigger.timestamp()));
        SyncHistoryEntry entry = Outputs.history(new Trigger(SyncIds.linkEntry(trigger.entryId()), trigger.actor(),
                        trigger.eventId(), trigger.direction(), trigger.timestamp()), state, HistoryStatus.SUCCEEDED,
                "manual-link", List.of(), null,
                "linked by hand to monday item " + itemId + (previous == null ? "" : " (was " + previous + ")"));
        metrics.decision("manual-link", HistoryStatus.SUCCEEDED.name());
        effects.emit(new Record<>(entry.getEntryId(), new Emit.History(entry), record.timestamp()));
    }

    /** Deletes are not synced; a mapping with archiveOnDelete archives the linked item. */
    private void delete(RecordState state, MappedBoard board, Trigger trigger) {
        state.markDeleted(true);
        index.ensureLink(state, Outputs.recordKey(state));
        String commandId = null;
        String message = "deletes are not synced: the monday item is kept";
        Record<String, Emit> archive = null;
        if (board.mapping().getArchiveOnDelete() && state.linked()) {
            commandId = SyncIds.command(trigger.entryId(), 0);
            MondayCommand command = outputs.command(commandId, state, MondayAction.ARCHIVE_ITEM, null, null, List.of(),
                    trigger.timestamp() * 1000, trigger.entryId(), board);
            archive = Outputs.commandRecord(command, trigger.timestamp());
            message = "deletes are not synced; the mapping archives the monday item";
        }
        SyncHistoryEntry entry = Outputs.history(trigger, state, commandId != null ? HistoryStatus.PENDING
                : HistoryStatus.NOT_PROPAGATED, "delete-not-synced", List.of(), commandId, message,
                commandId == null ? List.of() : List.of(commandId));
        metrics.decision("delete-not-synced", entry.getStatus().name());
        if (archive != null) {
            effects.emit(archive);
        }
        effects.emit(new Record<>(entry.getEntryId(), new Emit.History(entry), trigger.timestamp()));
    }
}

package com.coeffection.sync.processor.output;

import com.coeffection.sync.contract.SyncIds;
import com.coeffection.sync.processor.ProcessorMetrics;
import com.coeffection.sync.processor.decide.Decisions;
import com.coeffection.sync.processor.decide.Trigger;
import com.coeffection.sync.processor.decide.WritePlan;
import com.coeffection.sync.processor.decide.WritePlanner;
import com.coeffection.sync.processor.mapping.MappedBoard;
import com.coeffection.sync.processor.routing.Emit;
import com.coeffection.sync.processor.state.RecordState;
import com.coeffection.sync.schema.Actor;
import com.coeffection.sync.schema.ActorKind;
import com.coeffection.sync.schema.ColumnWrite;
import com.coeffection.sync.schema.CommandStatus;
import com.coeffection.sync.schema.FieldDiff;
import com.coeffection.sync.schema.HistoryStatus;
import com.coeffection.sync.schema.Link;
import com.coeffection.sync.schema.LinkSource;
import com.coeffection.sync.schema.MondayAction;
import com.coeffection.sync.schema.MondayCommand;
import com.coeffection.sync.schema.RecordUpdate;
import com.coeffection.sync.schema.RecordUpdateOperation;
import com.coeffection.sync.processor.links.CreatedFromMonday;
import com.coeffection.sync.schema.SyncHistoryEntry;
import com.coeffection.sync.topics.RecordKeys;
import org.apache.kafka.streams.processor.api.Record;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The one place that builds the processor's output records (monday commands, record updates, history entries, links)
 * with their keys and ids ({@link SyncIds}): ids derive from what triggered them, so a replay produces the same ids.
 */
public final class Outputs {
    private static final Actor UNKNOWN_ACTOR = Actor.newBuilder().setKind(ActorKind.UNKNOWN).build();
    private final ProcessorMetrics metrics;

    public Outputs(ProcessorMetrics metrics) {
        this.metrics = metrics;
    }

    /**
     * One monday command. It carries the board's Coeffection ID column from the mapping (null: the sink uses its
     * configured default), by which the sink finds the record's item and writes the record id into a new one.
     */
    public MondayCommand command(String commandId, RecordState state, MondayAction action, String itemName,
                                  String groupId, List<ColumnWrite> columns, long sourceMicros, String entryId,
                                  MappedBoard board) {
        metrics.command(action.name());
        return MondayCommand.newBuilder()
                .setCommandId(commandId)
                .setTenantId(state.tenantId())
                .setEntityType(state.entityType())
                .setRecordId(state.recordId())
                .setBoardId(state.boardId())
                .setItemId(action == MondayAction.CREATE_ITEM ? null : state.itemId())
                .setAction(action)
                .setItemName(itemName)
                .setGroupId(groupId)
                .setColumns(columns)
                .setSourceChangedAt(Instant.EPOCH.plus(Math.max(sourceMicros, 0), ChronoUnit.MICROS)
                        .truncatedTo(ChronoUnit.MILLIS))
                .setHistoryEntryId(entryId)
                .setAttempt(0)
                .setCoeffectionIdColumnId(board.mapping().getCoeffectionIdColumnId())
                .build();
    }
    public static Record<String, Emit> commandRecord(MondayCommand command, long timestamp) {
        return new Record<>(RecordKeys.boardKey(command.getTenantId(), command.getBoardId()),
                new Emit.Command(command), timestamp);
    }
    /** A history entry of a decision that sent nothing. */
    public static SyncHistoryEntry history(Trigger trigger, RecordState state, HistoryStatus status, String rule,
                                           List<FieldDiff> diffs, String commandId, String message) {
        return history(trigger, state, status, rule, diffs, commandId, message, List.of());
    }

    /**
     * A history entry listing every command and record update its decision sent, by id, as PENDING placeholders in
     * {@code commands}: history-sink shows the entry SUCCEEDED only when the outcome of each command is reported.
     * Every field is set here (none left to the builder's defaults, which it would copy for each entry).
     */
    public static SyncHistoryEntry history(Trigger trigger, RecordState state, HistoryStatus status, String rule,
                                           List<FieldDiff> diffs, String commandId, String message, List<String> sent) {
        Instant at = Instant.ofEpochMilli(trigger.timestamp());
        List<CommandStatus> commands = new ArrayList<>(sent.size());
        for (String id : sent) {
            commands.add(CommandStatus.newBuilder().setCommandId(id).setStatus(HistoryStatus.PENDING)
                    .setErrorCode(null).setErrorMessage(null).setRequestId(null).setAttempts(0)
                    .setRefusedColumns(List.of()).setCompletedAt(null).setErrorType(null).setDeadLetterId(null).build());
        }
        return SyncHistoryEntry.newBuilder()
                .setEntryId(trigger.entryId())
                .setTenantId(state.tenantId())
                .setEntityType(state.entityType())
                .setRecordId(state.recordId())
                .setBoardId(state.boardId())
                .setItemId(state.itemId())
                .setDirection(trigger.direction())
                .setStatus(status)
                .setFields(diffs)
                .setRule(rule)
                .setTriggeredBy(trigger.actor() != null ? trigger.actor() : UNKNOWN_ACTOR)
                .setTriggerEventId(trigger.eventId())
                .setCommandId(commandId)
                .setErrorCode(null)
                .setErrorMessage(message)
                .setRequestId(null)
                .setAttempts(0)
                .setRetryable(false)
                .setDeadLetterId(null)
                .setRelatedEntryId(trigger.relatedEntryId())
                .setControlRequestId(trigger.controlRequestId())
                .setOccurredAt(at)
                .setUpdatedAt(at)
                .setCommands(commands)
                .setRetries(List.of())
                .build();
    }

    /**
     * The outputs of one decision: the monday command(s) the plan asks for (a creation is noted in the state as
     * pending), the record update for Coeffection, and the history entry (one per input; a catch-up or a control
     * request without field decisions lists the fields it writes).
     */
    public List<Record<String, Emit>> decided(RecordState state, MappedBoard board, Trigger trigger,
                                              Decisions decisions, WritePlan writes) {
        long now = trigger.timestamp();
        List<Record<String, Emit>> out = new ArrayList<>();
        String firstCommandId = null;
        int commandNumber = 0;
        List<String> sent = new ArrayList<>();
        long sourceMicros = decisions.isEmpty() ? WritePlanner.writtenMicros(state, writes) : decisions.newestMicros();
        if (writes.mondayAction() != null) {
            String commandId = SyncIds.command(trigger.entryId(), commandNumber++);
            firstCommandId = commandId;
            if (writes.mondayAction() == MondayAction.CREATE_ITEM) {
                state.createRequested(board.boardId(), commandId);
            }
            MondayCommand command = command(commandId, state, writes.mondayAction(), writes.itemName(),
                    writes.mondayAction() == MondayAction.CREATE_ITEM ? writes.groupId() : null, writes.columns(),
                    sourceMicros, trigger.entryId(), board);
            out.add(commandRecord(command, now));
            sent.add(commandId);
        }
        if (writes.groupId() != null && writes.mondayAction() != MondayAction.CREATE_ITEM && state.linked()) {
            String commandId = SyncIds.command(trigger.entryId(), commandNumber);
            firstCommandId = firstCommandId == null ? commandId : firstCommandId;
            sent.add(commandId);
            out.add(commandRecord(command(commandId, state, MondayAction.MOVE_TO_GROUP, null, writes.groupId(),
                    List.of(), sourceMicros, trigger.entryId(), board), now));
        }
        if (!writes.toCoeffection().isEmpty()) {
            RecordUpdate update = RecordUpdate.newBuilder()
                    .setUpdateId(SyncIds.recordUpdate(trigger.entryId()))
                    .setTenantId(state.tenantId())
                    .setEntityType(state.entityType())
                    .setRecordId(state.recordId())
                    .setFields(writes.toCoeffection())
                    .setBoardId(state.boardId())
                    .setItemId(state.itemId())
                    .setTriggeredBy(trigger.actor())
                    .setCause(trigger.eventId())
                    .setHistoryEntryId(trigger.entryId())
                    .setCreatedAt(Instant.ofEpochMilli(now))
                    .setOperation(CreatedFromMonday.isProvisional(state.recordId()) ? RecordUpdateOperation.CREATE
                            : RecordUpdateOperation.UPDATE)
                    .build();
            metrics.recordUpdate();
            sent.add(update.getUpdateId());
            out.add(new Record<>(recordKey(state), new Emit.Update(update), now));
        }
        List<FieldDiff> diffs = decisions.diffs(writes, metrics);
        boolean catchUp = decisions.isEmpty() && !writes.isEmpty();
        if (!diffs.isEmpty() || catchUp) {
            HistoryStatus status = catchUp ? HistoryStatus.PENDING : decisions.entryStatus(diffs);
            String rule = catchUp ? (trigger.rule() != null ? trigger.rule() : "catch-up") : decisions.entryRule(diffs);
            if (catchUp && trigger.rule() != null) {
                diffs = WritePlanner.writtenDiffs(writes, trigger.rule());
            }
            out.add(historyRecord(history(trigger, state, status, rule, diffs, firstCommandId,
                    writes.waitingReason(), sent)));
        }
        return out;
    }

    /** A new link of the record to a monday item, keyed by record key. */
    public static Record<String, Emit> link(RecordState state, long boardId, long itemId, LinkSource source, long now) {
        Link link = Link.newBuilder()
                .setTenantId(state.tenantId())
                .setEntityType(state.entityType())
                .setRecordId(state.recordId())
                .setBoardId(boardId)
                .setItemId(itemId)
                .setSource(source)
                .setLinkedAt(Instant.ofEpochMilli(now))
                .build();
        return new Record<>(recordKey(state), new Emit.NewLink(link), now);
    }

    /** A history entry as an output record, keyed by its id. */
    public static Record<String, Emit> historyRecord(SyncHistoryEntry entry) {
        return new Record<>(entry.getEntryId(), new Emit.History(entry), entry.getOccurredAt().toEpochMilli());
    }

    public static String recordKey(RecordState state) {
        return RecordKeys.recordKey(state.tenantId(), state.entityType(), state.recordId());
    }
}

package com.coeffection.sync.processor.routing;

import com.coeffection.sync.processor.ProcessorMetrics;
import com.coeffection.sync.processor.decide.Decisions;
import com.coeffection.sync.processor.decide.FieldEdits;
import com.coeffection.sync.processor.decide.Trigger;
import com.coeffection.sync.processor.decide.WritePlan;
import com.coeffection.sync.processor.decide.WritePlanner;
import com.coeffection.sync.processor.output.Outputs;
import com.coeffection.sync.processor.links.ItemIndex;
import com.coeffection.sync.processor.retry.OutageRetry;
import com.coeffection.sync.processor.mapping.MappedBoard;
import com.coeffection.sync.processor.mapping.MappingLookup;
import com.coeffection.sync.processor.mapping.MondayValues;
import com.coeffection.sync.processor.match.MatchGate;
import com.coeffection.sync.processor.merge.ConflictRules;
import com.coeffection.sync.processor.merge.Edit;
import com.coeffection.sync.processor.merge.FieldState;
import com.coeffection.sync.processor.merge.Origin;
import com.coeffection.sync.processor.merge.Reconciler;
import com.coeffection.sync.processor.merge.Side;
import com.coeffection.sync.processor.state.RecordState;
import com.coeffection.sync.schema.Actor;
import com.coeffection.sync.schema.ActorKind;
import com.coeffection.sync.schema.BoardMapping;
import com.coeffection.sync.schema.ColumnWrite;
import com.coeffection.sync.schema.CommandOutcome;
import com.coeffection.sync.schema.HistoryStatus;
import com.coeffection.sync.schema.LinkSource;
import com.coeffection.sync.schema.MondayAction;
import com.coeffection.sync.schema.MondayCommand;
import com.coeffection.sync.schema.MondayCommandResult;
import com.coeffection.sync.schema.MondayEventKind;
import com.coeffection.sync.schema.MondayItemEvent;
import com.coeffection.sync.schema.RecordChange;
import com.coeffection.sync.schema.RecordOperation;
import com.coeffection.sync.schema.SyncDirection;
import com.coeffection.sync.schema.SyncControl;
import com.coeffection.sync.schema.SyncHistoryEntry;
import com.coeffection.sync.contract.ErrorType;
import com.coeffection.sync.contract.SyncIds;
import com.coeffection.sync.serde.AvroDeserializer;
import com.coeffection.sync.serde.SerdeException;
import com.coeffection.sync.topics.RecordKeys;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The per-record merge step. Every input of one record (its Coeffection changes, its monday item's events, the
 * monday sink's results for it) comes here, keyed by record key, and is merged field by field into the record's
 * state with {@link ConflictRules}; {@link Reconciler} then says which side must be written. Outputs: monday commands,
 * record updates for Coeffection, new links, one history entry per decision, and dead letters for bad input.
 */
public final class RecordProcessor implements Processor<String, Input, String, Emit> {
    public static final String STATE_STORE = "record-state";
    private static final Logger LOG = LoggerFactory.getLogger(RecordProcessor.class);

    private final AvroDeserializer<RecordChange> changes;
    private final AvroDeserializer<MondayItemEvent> events;
    private final AvroDeserializer<MondayCommandResult> results;
    private final AvroDeserializer<BoardMapping> mappings;
    private final AvroDeserializer<SyncControl> controls;
    private final String mappingsTopic;
    private final String itemEventsTopic;
    private final Long integrationUserId;
    private final MondayValues values;
    private final ProcessorMetrics metrics;

    private final OutageRetry retry;
    private final FieldEdits edits;
    private final Outputs outputs;
    private ControlRequests controlRequests;
    private final boolean matching;
    private MatchGate matchGate = MatchGate.off();
    private final List<Record<String, Emit>> pendingOutputs = new ArrayList<>();
    private final Map<String, RecordState> pendingStates = new java.util.LinkedHashMap<>();
    private ProcessorContext<String, Emit> context;
    private KeyValueStore<String, RecordState> states;
    private ItemIndex index;
    private MappingLookup lookup;

    public RecordProcessor(AvroDeserializer<RecordChange> changes, AvroDeserializer<MondayItemEvent> events,
                           AvroDeserializer<MondayCommandResult> results, AvroDeserializer<BoardMapping> mappings,
                           AvroDeserializer<SyncControl> controls, String mappingsTopic, String itemEventsTopic, Long integrationUserId, MondayValues values,
                           ProcessorMetrics metrics) {
        this(changes, events, results, mappings, controls, mappingsTopic, itemEventsTopic, integrationUserId, values,
                metrics, false);
    }

    /** @param matching whether boards matched on connect hold their records' creation for the board matcher */
    public RecordProcessor(AvroDeserializer<RecordChange> changes, AvroDeserializer<MondayItemEvent> events,
                           AvroDeserializer<MondayCommandResult> results, AvroDeserializer<BoardMapping> mappings,
                           AvroDeserializer<SyncControl> controls, String mappingsTopic, String itemEventsTopic, Long integrationUserId, MondayValues values,
                           ProcessorMetrics metrics, boolean matching) {
        this.matching = matching;
        this.changes = changes;
        this.itemEventsTopic = itemEventsTopic;
        this.events = events;
        this.results = results;
        this.mappings = mappings;
        this.controls = controls;
        this.mappingsTopic = mappingsTopic;
        this.integrationUserId = integrationUserId;
        this.values = values;
        this.metrics = metrics;
        this.retry = new OutageRetry(OutageRetry.DEFAULT_MAX_WAIT_MS, metrics);
        this.edits = new FieldEdits(values);
        this.outputs = new Outputs(metrics);
    }

    @Override
    public void init(ProcessorContext<String, Emit> context) {
        this.context = context;
        this.states = context.getStateStore(STATE_STORE);
        KeyValueStore<String, String> links = context.getStateStore(ItemIndex.STORE);
        this.index = new ItemIndex(links);
        KeyValueStore<String, byte[]> mappingStore = context.getStateStore(MappingLookup.STORE);
        this.lookup = new MappingLookup(mappingStore, mappings, mappingsTopic);
        if (matching) {
            this.matchGate = MatchGate.open(context.getStateStore(MatchGate.STORE));
        }
        this.controlRequests = new ControlRequests(new ControlRequests.Effects() {
            @Override
            public RecordState stored(String recordKey) {
                return load(recordKey);
            }

            @Override
            public void emit(Record<String, Emit> out) {
                RecordProcessor.this.emit(out);
            }

            @Override
            public void save(String recordKey, RecordState state) {
                RecordProcessor.this.save(recordKey, state);
            }

            @Override
            public void finish(Record<String, Input> input, RecordState state, MappedBoard board, Trigger trigger,
                               Decisions decisions, WritePlan writes) {
                RecordProcessor.this.finish(input, state, board, trigger, decisions, writes);
            }
        }, lookup, index, edits, metrics, matchGate);
    }

    /** Buffers an output: everything one input leads to is forwarded together, once the input is fully handled. */
    private void emit(Record<String, Emit> out) {
        pendingOutputs.add(out);
    }

    /** Buffers a state write, applied with the outputs. */
    private void save(String recordKey, RecordState state) {
        pendingStates.put(recordKey, state);
    }

    private void discardPending() {
        matchGate.discard();
        pendingOutputs.clear();
        pendingStates.clear();
    }

    private void flushPending() {
        pendingStates.forEach(states::put);
        matchGate.flush();
        pendingOutputs.forEach(context::forward);
        discardPending();
    }

    /**
     * Handles one input: decodes it, decides, and only then writes its state and forwards all its outputs, so an input
     * either has all its effects or none. A registry outage repeats the input ({@link OutageRetry}) instead of
     * dead-lettering it; any other failure dead-letters the input alone (nothing of it was sent).
     */
    @Override
    public void process(Record<String, Input> record) {
        discardPending();
        try {
            retry.run(() -> handle(record), this::discardPending, "input with key " + record.key());
            flushPending();
        } catch (KafkaException e) {
            discardPending();
            throw e;
        } catch (RuntimeException e) {
            discardPending();
            // A defect must not stop the topology: the input is kept as a dead letter, with the failure as reason.
            LOG.error("Processing failed for key {}; the input is dead-lettered", record.key(), e);
            reject(record, BadInput.of(ErrorType.PROCESSING_FAILED, "Processing this input failed (" + e + "); it is kept"
                    + " for replay once the cause is fixed. Report it with the dead letter id.",
                    BadInput.tenantOfKey(record.key())));
            flushPending();
        } finally {
            MDC.clear();
        }
    }

    private void handle(Record<String, Input> record) {
        {
            Input input = record.value();
            if (input instanceof Input.Change change) {
                onChange(record, change.bytes());
            } else if (input instanceof Input.ItemEvent event) {
                onItemEvent(record, event.bytes());
            } else if (input instanceof Input.Result result) {
                onResult(record, result.bytes());
            } else if (input instanceof Input.Control control) {
                onControl(record, control.bytes());
            }
        }
    }

    // ---------------------------------------------------------------- Coeffection record changes

    private void onChange(Record<String, Input> record, byte[] bytes) {
        metrics.event("record-change");
        RecordChange change;
        try {
            change = decode(changes, bytes);
        } catch (SerdeException | IllegalArgumentException e) {
            rejectUndecodable(record, "Coeffection record change", e);
            return;
        }
        MDC.put("tenant", change.getTenantId());
        MDC.put("record", record.key());
        MappedBoard board;
        try {
            board = lookup.require(change.getTenantId(), change.getEntityType());
        } catch (MappingLookup.MissingMappingException e) {
            reject(record, new BadInput(e.errorType(), e.getMessage(), change.getTenantId(), change.getEntityType(),
                    change.getRecordId(), null, null, SyncDirection.COEFFECTION_TO_MONDAY, List.of(), change.getActor(),
                    change.getEventId()));
            return;
        }
        String recordKey = RecordKeys.recordKey(change.getTenantId(), change.getEntityType(), change.getRecordId());
        RecordState state = load(recordKey, change.getTenantId(), change.getEntityType(), change.getRecordId());
        String entryId = SyncIds.recordChangeEntry(change.getEventId());
        Trigger trigger = new Trigger(entryId, change.getActor(), change.getEventId(), SyncDirection.COEFFECTION_TO_MONDAY,
                record.timestamp());
        if (change.getOperation() == RecordOperation.DELETE) {
            onDelete(state, board, trigger);
            save(recordKey, state);
            return;
        }
        Origin origin = Actors.coeffectionOrigin(change);
        Decisions decisions = new Decisions();
        Long manualItem = edits.coeffectionEdits(board, state, decisions, change.getFields(), change.getEventId(), origin);
        index.ensureLink(state, recordKey);
        Collection<String> fields = decisions.touched();
        if (manualItem != null && !(state.linked() && state.itemId() == manualItem.longValue())) {
            relinkByHand(record, state, board, manualItem, trigger);
            fields = state.fields().keySet();
        }
        MatchGate.Hold hold = matchGate.check(state, board, change.getEventId());
        if (hold != null && hold.request() != null) {
            emit(new Record<>(hold.request().boardKey(), new Emit.ToMatcher(hold.requestBytes()), record.timestamp()));
        }
        WritePlan writes = WritePlanner.plan(state, board, fields, hold == null, trigger, context.currentSystemTimeMs());
        finish(record, state, board, trigger, decisions, hold == null ? writes : hold.explain(writes));
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
        emit(Outputs.link(state, board.boardId(), itemId, LinkSource.MANUAL, trigger.timestamp()));
        SyncHistoryEntry entry = Outputs.history(new Trigger(SyncIds.linkEntry(trigger.entryId()), trigger.actor(), trigger.eventId(),
                trigger.direction(), trigger.timestamp()), state, HistoryStatus.SUCCEEDED, "manual-link", List.of(), null,
                "linked by hand to monday item " + itemId + (previous == null ? "" : " (was " + previous + ")"));
        metrics.decision("manual-link", HistoryStatus.SUCCEEDED.name());
        emit(new Record<>(entry.getEntryId(), new Emit.History(entry), record.timestamp()));
    }

    private void onDelete(RecordState state, MappedBoard board, Trigger trigger) {
        state.markDeleted(true);
        index.ensureLink(state, state.tenantId() + ":" + state.entityType() + ":" + state.recordId());
        List<Record<String, Emit>> out = new ArrayList<>();
        String commandId = null;
        String message = "deletes are not synced: the monday item is kept";
        if (board.mapping().getArchiveOnDelete() && state.linked()) {
            commandId = SyncIds.command(trigger.entryId(), 0);
            MondayCommand archive = outputs.command(commandId, state, MondayAction.ARCHIVE_ITEM, null, null, List.of(),
                    trigger.timestamp() * 1000, trigger.entryId());
            out.add(Outputs.commandRecord(archive, trigger.timestamp()));
            message = "deletes are not synced; the mapping archives the monday item";
        }
        SyncHistoryEntry entry = Outputs.history(trigger, state, commandId != null ? HistoryStatus.PENDING
                : HistoryStatus.NOT_PROPAGATED, "delete-not-synced", List.of(), commandId, message);
        metrics.decision("delete-not-synced", entry.getStatus().name());
        out.add(new Record<>(entry.getEntryId(), new Emit.History(entry), trigger.timestamp()));
        out.forEach(this::emit);
    }

    // ---------------------------------------------------------------- monday item events

    private void onItemEvent(Record<String, Input> record, byte[] bytes) {
        metrics.event("item-event-linked");
        MondayItemEvent event;
        try {
            event = decode(events, bytes);
        } catch (SerdeException | IllegalArgumentException e) {
            rejectUndecodable(record, "monday item event", e);
            return;
        }
        String[] key = record.key().split(":", 3);
        if (key.length < 3) {
            reject(record, BadInput.of(ErrorType.BAD_RECORD_KEY, "re-keyed monday event has record key '" + record.key()
                    + "', not tenantId:entityType:recordId; check the links topic", event.getTenantId()));
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
            reject(record, new BadInput(e.errorType(), e.getMessage(), tenantId, entityType, recordId,
                    event.getBoardId(), event.getItemId(), SyncDirection.MONDAY_TO_COEFFECTION, List.of(), actor,
                    event.getTriggerUuid()));
            return;
        }
        RecordState state = load(record.key(), tenantId, entityType, recordId);
        if (!state.linked() || state.itemId() != event.getItemId()) {
            state.link(event.getBoardId(), event.getItemId());
        }
        Trigger trigger = new Trigger(SyncIds.itemEventEntry(event.getTriggerUuid()), actor, event.getTriggerUuid(),
                SyncDirection.MONDAY_TO_COEFFECTION, record.timestamp());
        Origin origin = Actors.mondayOrigin(event, integrationUserId);
        long micros = event.getChangedAt() != null ? WritePlanner.toMicros(event.getChangedAt()) : WritePlanner.toMicros(event.getTriggerTime());
        Decisions decisions = new Decisions();
        MondayEventKind kind = event.getKind();
        switch (kind) {
            case UPDATE_COLUMN_VALUE -> edits.columnEdit(board, state, decisions, event.getColumnId(), event.getColumnType(),
                    event.getValue(), micros, event.getTriggerUuid(), origin, true);
            case UPDATE_NAME -> {
                String nameJson = event.getValue() != null ? event.getValue()
                        : event.getItemName() == null ? null
                        : com.fasterxml.jackson.databind.node.TextNode.valueOf(event.getItemName()).toString();
                if (board.mapping().getItemNameField() == null) {
                    notPropagated(record, state, trigger, "item-name-not-mapped",
                            "the item name is not mapped to a Coeffection field");
                    save(record.key(), state);
                    return;
                }
                edits.columnEdit(board, state, decisions, "name", "name", nameJson, micros, event.getTriggerUuid(), origin, true);
            }
            case MOVE_TO_GROUP -> {
                if (!edits.groupEdit(board, state, decisions, event.getGroupId(), micros, event.getTriggerUuid(), origin)) {
                    notPropagated(record, state, trigger, "group-not-mapped",
                            "monday group '" + event.getGroupId() + "' is not mapped to a stage");
                    save(record.key(), state);
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
            }
            default -> {
                notPropagated(record, state, trigger, kind == MondayEventKind.DELETE_ITEM ? "delete-not-synced"
                        : "event-not-synced", "monday " + event.getDeliveredType() + " events are not synced to"
                        + " Coeffection (deletes are not propagated by design)");
                save(record.key(), state);
                return;
            }
        }
        WritePlan writes = WritePlanner.plan(state, board, decisions.touched(), false, trigger, context.currentSystemTimeMs());
        finish(record, state, board, trigger, decisions, writes);
    }




    private void notPropagated(Record<String, Input> record, RecordState state, Trigger trigger, String rule,
                               String message) {
        SyncHistoryEntry entry = Outputs.history(trigger, state, HistoryStatus.NOT_PROPAGATED, rule, List.of(), null, message);
        metrics.decision(rule, HistoryStatus.NOT_PROPAGATED.name());
        emit(new Record<>(entry.getEntryId(), new Emit.History(entry), record.timestamp()));
    }

    // ---------------------------------------------------------------- monday sink results

    private void onResult(Record<String, Input> record, byte[] bytes) {
        metrics.event("result");
        MondayCommandResult result;
        try {
            result = decode(results, bytes);
        } catch (SerdeException | IllegalArgumentException e) {
            rejectUndecodable(record, "monday command result", e);
            return;
        }
        MDC.put("tenant", result.getTenantId());
        MDC.put("record", record.key());
        MDC.put("board", Long.toString(result.getBoardId()));
        String recordKey = RecordKeys.recordKey(result.getTenantId(), result.getEntityType(), result.getRecordId());
        RecordState state = load(recordKey, result.getTenantId(), result.getEntityType(), result.getRecordId());
        long now = record.timestamp();
        if (result.getOutcome() == CommandOutcome.DELIVERED) {
            if (result.getItemCreated() && result.getItemId() != null) {
                state.link(result.getBoardId(), result.getItemId());
                emit(Outputs.link(state, result.getBoardId(), result.getItemId(), LinkSource.ITEM_CREATED, now));
            }
            long deliveredMicros = WritePlanner.toMicros(result.getCompletedAt());
            MappedBoard board = tryMapping(result.getTenantId(), result.getEntityType());
            for (ColumnWrite column : result.getDeliveredColumns()) {
                FieldState field = state.existingField(column.getField());
                if (field != null) {
                    ConflictRules.confirm(field, Side.MONDAY, Edit.ViewSlot.VALUE,
                            MondayValues.normalize(column.getValue()), deliveredMicros);
                }
            }
            if (result.getItemCreated() && board != null) {
                Trigger trigger = new Trigger(SyncIds.resultEntry(result.getCommandId()),
                        Actor.newBuilder().setKind(ActorKind.INTEGRATION).build(), result.getCommandId(),
                        SyncDirection.COEFFECTION_TO_MONDAY, now);
                WritePlan writes = WritePlanner.plan(state, board, state.fields().keySet(), false, trigger, context.currentSystemTimeMs());
                if (!writes.isEmpty()) {
                    finish(record, state, board, trigger, new Decisions(), writes);
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
        save(recordKey, state);
    }

    // ---------------------------------------------------------------- control requests (sync.control)

    private void onControl(Record<String, Input> record, byte[] bytes) {
        metrics.event("control");
        SyncControl request;
        try {
            request = decode(controls, bytes);
        } catch (SerdeException | IllegalArgumentException e) {
            rejectUndecodable(record, "sync control request", e);
            return;
        }
        MDC.put("tenant", request.getTenantId());
        MDC.put("record", record.key());
        controlRequests.handle(record, request, context.currentSystemTimeMs());
    }

    // ---------------------------------------------------------------- reconcile and emit













    /** WritePlan the decision's outputs and state; bad fields of the input become its dead letter. */
    private void finish(Record<String, Input> record, RecordState state, MappedBoard board, Trigger trigger,
                        Decisions decisions, WritePlan writes) {
        outputs.decided(state, board, trigger, decisions, writes).forEach(this::emit);
        if (decisions.hasRejections()) {
            BadInput bad = new BadInput(decisions.rejectionType(), decisions.rejectionReason(), state.tenantId(),
                    state.entityType(), state.recordId(), state.boardId(), state.itemId(), trigger.direction(),
                    decisions.rejectedDiffs(), trigger.actor(), trigger.eventId());
            metrics.deadLetter(bad.errorType());
            LOG.warn("Rejected part of {} for tenant={} record={}:{} board={} [{}]: {}", trigger.eventId(),
                    state.tenantId(), state.entityType(), state.recordId(), state.boardId(), bad.errorType(),
                    bad.reason());
            bad.emit(record.withValue(record.value().bytes()), source(record), trigger.entryId()).forEach(this::emit);
        }
        save(Outputs.recordKey(state), state);
    }

    // ---------------------------------------------------------------- helpers

    /** The record's state as this input left it so far, or as stored; null when the record is not known. */
    private RecordState load(String recordKey) {
        return pendingStates.containsKey(recordKey) ? pendingStates.get(recordKey) : states.get(recordKey);
    }

    private RecordState load(String recordKey, String tenantId, String entityType, String recordId) {
        RecordState state = load(recordKey);
        return state != null ? state : new RecordState(tenantId, entityType, recordId);
    }


    private MappedBoard tryMapping(String tenantId, String entityType) {
        return lookup.find(tenantId, entityType);
    }

    private <T extends org.apache.avro.specific.SpecificRecord> T decode(AvroDeserializer<T> deserializer, byte[] bytes) {
        String topic = context.recordMetadata().map(RecordMetadata::topic).orElse("unknown");
        T value = deserializer.deserialize(topic, bytes);
        if (value == null) {
            throw new IllegalArgumentException("a record without a value (tombstone) on " + topic);
        }
        return value;
    }

    private void rejectUndecodable(Record<String, Input> record, String what, RuntimeException e) {
        if (OutageRetry.isOutage(e)) {
            throw e;
        }
        ErrorType code = BadInput.undecodable(e);
        reject(record, BadInput.of(code, "The " + what + " with key " + record.key() + " cannot be decoded: "
                + e.getMessage() + ". Fix the producer; the original bytes are kept in the dead letter.",
                BadInput.tenantOfKey(record.key())));
    }

    private void reject(Record<String, Input> record, BadInput bad) {
        metrics.deadLetter(bad.errorType());
        LOG.warn("Rejected input tenant={} record={} board={} key={} [{}]: {}", bad.tenantId(), bad.recordId(),
                bad.boardId(), record.key(), bad.errorType(), bad.reason());
        byte[] bytes = record.value() == null ? null : record.value().bytes();
        for (Record<String, Emit> out : bad.emit(record.withValue(bytes), source(record), null)) {
            emit(out);
        }
    }

    private RecordMetadata source(Record<String, Input> record) {
        return InputSources.of(record, context.recordMetadata().orElse(null), itemEventsTopic);
    }


}

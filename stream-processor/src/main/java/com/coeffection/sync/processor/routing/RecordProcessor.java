package com.coeffection.sync.processor.routing;

import com.coeffection.sync.monday.columns.ColumnType;
import com.coeffection.sync.monday.columns.ColumnValueConversionException;
import com.coeffection.sync.processor.ProcessorMetrics;
import com.coeffection.sync.processor.links.ItemIndex;
import com.coeffection.sync.processor.retry.OutageRetry;
import com.coeffection.sync.processor.links.ManualLink;
import com.coeffection.sync.processor.mapping.FieldType;
import com.coeffection.sync.processor.mapping.MappedBoard;
import com.coeffection.sync.processor.mapping.MappingLookup;
import com.coeffection.sync.processor.mapping.MondayValues;
import com.coeffection.sync.processor.merge.ConflictRules;
import com.coeffection.sync.processor.merge.Edit;
import com.coeffection.sync.processor.merge.FieldDecision;
import com.coeffection.sync.processor.merge.FieldState;
import com.coeffection.sync.processor.merge.Origin;
import com.coeffection.sync.processor.merge.Reconciler;
import com.coeffection.sync.processor.merge.Resolved;
import com.coeffection.sync.processor.merge.Side;
import com.coeffection.sync.processor.stages.StageMap;
import com.coeffection.sync.processor.state.RecordState;
import com.coeffection.sync.schema.Actor;
import com.coeffection.sync.schema.ActorKind;
import com.coeffection.sync.schema.BoardMapping;
import com.coeffection.sync.schema.ColumnWrite;
import com.coeffection.sync.schema.CommandOutcome;
import com.coeffection.sync.schema.FieldChange;
import com.coeffection.sync.schema.FieldDiff;
import com.coeffection.sync.schema.FieldMapping;
import com.coeffection.sync.schema.FieldValue;
import com.coeffection.sync.schema.HistoryStatus;
import com.coeffection.sync.schema.Link;
import com.coeffection.sync.schema.LinkSource;
import com.coeffection.sync.schema.MondayAction;
import com.coeffection.sync.schema.MondayCommand;
import com.coeffection.sync.schema.MondayCommandResult;
import com.coeffection.sync.schema.MondayEventKind;
import com.coeffection.sync.schema.MondayItemEvent;
import com.coeffection.sync.schema.RecordChange;
import com.coeffection.sync.schema.RecordOperation;
import com.coeffection.sync.schema.RecordUpdate;
import com.coeffection.sync.schema.SyncDirection;
import com.coeffection.sync.schema.SyncControl;
import com.coeffection.sync.schema.SyncHistoryEntry;
import com.coeffection.sync.contract.ErrorType;
import com.coeffection.sync.contract.SyncIds;
import com.coeffection.sync.serde.AvroDeserializer;
import com.coeffection.sync.serde.SerdeException;
import com.coeffection.sync.topics.RecordKeys;
import com.coeffection.sync.values.FieldValues;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
    }

    @Override
    public void init(ProcessorContext<String, Emit> context) {
        this.context = context;
        this.states = context.getStateStore(STATE_STORE);
        KeyValueStore<String, String> links = context.getStateStore(ItemIndex.STORE);
        this.index = new ItemIndex(links);
        KeyValueStore<String, byte[]> mappingStore = context.getStateStore(MappingLookup.STORE);
        this.lookup = new MappingLookup(mappingStore, mappings, mappingsTopic);
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
        pendingOutputs.clear();
        pendingStates.clear();
    }

    private void flushPending() {
        pendingStates.forEach(states::put);
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
            reject(record, BadInput.of("PROCESSING_FAILED", "Processing this input failed (" + e + "); it is kept"
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
        String entryId = "rc:" + change.getEventId();
        Trigger trigger = new Trigger(entryId, change.getActor(), change.getEventId(), SyncDirection.COEFFECTION_TO_MONDAY,
                record.timestamp());
        if (change.getOperation() == RecordOperation.DELETE) {
            onDelete(state, board, trigger);
            save(recordKey, state);
            return;
        }
        Origin origin = Actors.coeffectionOrigin(change);
        Decisions decisions = new Decisions();
        Long manualItem = coeffectionEdits(board, state, decisions, change.getFields(), change.getEventId(), origin);
        ensureLink(state, recordKey);
        Collection<String> fields = decisions.touched();
        if (manualItem != null && !(state.linked() && state.itemId() == manualItem.longValue())) {
            relinkByHand(record, state, board, manualItem, trigger);
            fields = state.fields().keySet();
        }
        Writes writes = reconcile(state, board, fields, true, trigger);
        finish(record, state, board, trigger, decisions, writes);
    }

    /**
     * The field edits of a Coeffection change (or of an observation of what Coeffection shows), each validated against
     * the mapping and merged by the conflict rules; returns the item a "Monday Item ID" field names, or null.
     */
    private Long coeffectionEdits(MappedBoard board, RecordState state, Decisions decisions,
                                  List<FieldChange> fieldChanges, String eventId, Origin origin) {
        Long manualItem = null;
        for (FieldChange fieldChange : fieldChanges) {
            String field = fieldChange.getField();
            long micros = toMicros(fieldChange.getChangedAt());
            FieldValue value = MondayValues.normalize(fieldChange.getValue());
            if (ManualLink.isManualLinkField(field) && board.field(field).isEmpty()) {
                java.util.OptionalLong item = ManualLink.itemId(value);
                if (item.isEmpty() || board.boardId() == null) {
                    decisions.reject(field, null, value, "WRONG_VALUE_TYPE", "field '" + field + "' must hold the id"
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
                    decisions.reject(field, stages.statusColumnId(), value, "WRONG_VALUE_TYPE", "field '" + field
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
                decisions.reject(field, null, value, "UNMAPPED_FIELD", "field '" + field + "' of " + board.entityType()
                        + " is not in the board mapping: add it (or mark it do-not-sync) in the mapping file");
                continue;
            }
            FieldType type = MappedBoard.fieldType(mapping);
            if (value != null && !type.accepts(value.getValue())) {
                decisions.reject(field, mapping.getColumnId(), value, "WRONG_VALUE_TYPE", "field '" + field
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
        Link link = Link.newBuilder()
                .setTenantId(state.tenantId())
                .setEntityType(state.entityType())
                .setRecordId(state.recordId())
                .setBoardId(board.boardId())
                .setItemId(itemId)
                .setSource(LinkSource.MANUAL)
                .setLinkedAt(Instant.ofEpochMilli(trigger.timestamp()))
                .build();
        String recordKey = RecordKeys.recordKey(state.tenantId(), state.entityType(), state.recordId());
        emit(new Record<>(recordKey, new Emit.NewLink(link), trigger.timestamp()));
        SyncHistoryEntry entry = history(new Trigger(trigger.entryId() + ":link", trigger.actor(), trigger.eventId(),
                trigger.direction(), trigger.timestamp()), state, HistoryStatus.SUCCEEDED, "manual-link", List.of(), null,
                "linked by hand to monday item " + itemId + (previous == null ? "" : " (was " + previous + ")"));
        metrics.decision("manual-link", HistoryStatus.SUCCEEDED.name());
        emit(new Record<>(entry.getEntryId(), new Emit.History(entry), record.timestamp()));
    }

    private void onDelete(RecordState state, MappedBoard board, Trigger trigger) {
        state.markDeleted(true);
        ensureLink(state, state.tenantId() + ":" + state.entityType() + ":" + state.recordId());
        List<Record<String, Emit>> out = new ArrayList<>();
        String commandId = null;
        String message = "deletes are not synced: the monday item is kept";
        if (board.mapping().getArchiveOnDelete() && state.linked()) {
            commandId = trigger.entryId() + ":c0";
            MondayCommand archive = command(commandId, state, MondayAction.ARCHIVE_ITEM, null, null, List.of(),
                    trigger.timestamp() * 1000, trigger.entryId());
            out.add(commandRecord(archive, trigger.timestamp()));
            message = "deletes are not synced; the mapping archives the monday item";
        }
        SyncHistoryEntry entry = history(trigger, state, commandId != null ? HistoryStatus.PENDING
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
            reject(record, BadInput.of("BAD_RECORD_KEY", "re-keyed monday event has record key '" + record.key()
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
        Trigger trigger = new Trigger("mi:" + event.getTriggerUuid(), actor, event.getTriggerUuid(),
                SyncDirection.MONDAY_TO_COEFFECTION, record.timestamp());
        Origin origin = Actors.mondayOrigin(event, integrationUserId);
        long micros = event.getChangedAt() != null ? toMicros(event.getChangedAt()) : toMicros(event.getTriggerTime());
        Decisions decisions = new Decisions();
        MondayEventKind kind = event.getKind();
        switch (kind) {
            case UPDATE_COLUMN_VALUE -> columnEdit(board, state, decisions, event.getColumnId(), event.getColumnType(),
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
                columnEdit(board, state, decisions, "name", "name", nameJson, micros, event.getTriggerUuid(), origin, true);
            }
            case MOVE_TO_GROUP -> {
                if (!groupEdit(board, state, decisions, event.getGroupId(), micros, event.getTriggerUuid(), origin)) {
                    notPropagated(record, state, trigger, "group-not-mapped",
                            "monday group '" + event.getGroupId() + "' is not mapped to a stage");
                    save(record.key(), state);
                    return;
                }
            }
            case CREATE_ITEM -> {
                for (Map.Entry<String, String> column : event.getColumnValues().entrySet()) {
                    columnEdit(board, state, decisions, column.getKey(), null, column.getValue(), micros,
                            event.getTriggerUuid(), origin, false);
                }
                if (event.getGroupId() != null) {
                    groupEdit(board, state, decisions, event.getGroupId(), micros, event.getTriggerUuid(), origin);
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
        Writes writes = reconcile(state, board, decisions.touched(), false, trigger);
        finish(record, state, board, trigger, decisions, writes);
    }

    /** A monday column's new value as an edit of its field (or of the stage, for the stage's status column). */
    private void columnEdit(MappedBoard board, RecordState state, Decisions decisions, String columnId,
                            String deliveredType, String json, long micros, String eventId, Origin origin,
                            boolean unmappedIsBad) {
        StageMap stages = board.stages();
        if (stages.enabled() && columnId != null && columnId.equals(stages.statusColumnId())) {
            FieldValue label;
            try {
                label = MondayValues.normalize(values.fromMonday(ColumnType.STATUS, FieldType.STAGE, columnId, json));
            } catch (ColumnValueConversionException e) {
                decisions.reject(stages.stageField(), columnId, null, "WRONG_VALUE_TYPE", e.getMessage());
                return;
            }
            String labelText = StageMap.stageOf(label);
            List<String> candidates = labelText == null ? List.of() : stages.stagesForLabel(labelText);
            if (labelText != null && candidates.isEmpty()) {
                decisions.reject(stages.stageField(), columnId, label, "UNMAPPED_LABEL", "status label '" + labelText
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
                decisions.reject(null, columnId, null, "UNMAPPED_COLUMN", "monday column '" + columnId + "' of board "
                        + board.boardId() + " is not mapped to a field of " + board.entityType()
                        + ": add it to the mapping file, or ignore this dead letter");
            }
            return;
        }
        ColumnType type = MappedBoard.columnType(mapping);
        if (deliveredType != null && ColumnType.fromMonday(deliveredType).map(t -> t != type).orElse(true)) {
            decisions.reject(mapping.getField(), columnId, null, "WRONG_VALUE_TYPE", "monday column '" + columnId
                    + "' is now a '" + deliveredType + "' column but is mapped as " + type.mondayName()
                    + ": fix the mapping or the column");
            return;
        }
        FieldType fieldType = MappedBoard.fieldType(mapping);
        FieldValue value;
        try {
            value = values.fromMonday(type, fieldType, columnId, json);
        } catch (ColumnValueConversionException e) {
            decisions.reject(mapping.getField(), columnId, null, "WRONG_VALUE_TYPE", e.getMessage());
            return;
        }
        if (value != null && !fieldType.accepts(value.getValue())) {
            decisions.reject(mapping.getField(), columnId, value, "WRONG_VALUE_TYPE", "column '" + columnId
                    + "' gave a " + kind(value) + " but field '" + mapping.getField() + "' is "
                    + fieldType.fileName());
            return;
        }
        Edit edit = Edit.of(Side.MONDAY, value, micros, eventId, origin);
        decisions.add(mapping.getField(), columnId, edit,
                ConflictRules.merge(mapping.getDirection(), state.field(mapping.getField()), edit));
    }

    private boolean groupEdit(MappedBoard board, RecordState state, Decisions decisions, String groupId, long micros,
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
    private void stageEdit(StageMap stages, RecordState state, Decisions decisions, String columnId, FieldValue shown,
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

    private void notPropagated(Record<String, Input> record, RecordState state, Trigger trigger, String rule,
                               String message) {
        SyncHistoryEntry entry = history(trigger, state, HistoryStatus.NOT_PROPAGATED, rule, List.of(), null, message);
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
                Link link = Link.newBuilder()
                        .setTenantId(result.getTenantId())
                        .setEntityType(result.getEntityType())
                        .setRecordId(result.getRecordId())
                        .setBoardId(result.getBoardId())
                        .setItemId(result.getItemId())
                        .setSource(LinkSource.ITEM_CREATED)
                        .setLinkedAt(Instant.ofEpochMilli(now))
                        .build();
                emit(new Record<>(recordKey, new Emit.NewLink(link), now));
            }
            long deliveredMicros = toMicros(result.getCompletedAt());
            MappedBoard board = tryMapping(result.getTenantId(), result.getEntityType());
            for (ColumnWrite column : result.getDeliveredColumns()) {
                FieldState field = state.existingField(column.getField());
                if (field != null) {
                    ConflictRules.confirm(field, Side.MONDAY, Edit.ViewSlot.VALUE,
                            MondayValues.normalize(column.getValue()), deliveredMicros);
                }
            }
            if (result.getItemCreated() && board != null) {
                Trigger trigger = new Trigger("mr:" + result.getCommandId(),
                        Actor.newBuilder().setKind(ActorKind.INTEGRATION).build(), result.getCommandId(),
                        SyncDirection.COEFFECTION_TO_MONDAY, now);
                Writes writes = reconcile(state, board, state.fields().keySet(), false, trigger);
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

    /**
     * A request about one record that is not an edit. Acts once per request id (the record remembers its recent
     * ids). RESEND writes what the record's current resolved state says to the requested side(s), even when that side
     * is believed to show it already; OBSERVED_* feeds what a side was seen to show through the conflict rules like a
     * live edit; match decisions are not handled yet and say so in history. A request about a record the processor
     * does not know is REJECTED in history, naming the record.
     */
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
        String recordKey = RecordKeys.recordKey(request.getTenantId(), request.getEntityType(), request.getRecordId());
        SyncDirection direction = request.getSide() != null ? request.getSide()
                : request.getKind() == com.coeffection.sync.schema.ControlKind.OBSERVED_MONDAY
                ? SyncDirection.MONDAY_TO_COEFFECTION
                : request.getKind() == com.coeffection.sync.schema.ControlKind.OBSERVED_COEFFECTION
                ? SyncDirection.COEFFECTION_TO_MONDAY : SyncDirection.TWO_WAY;
        String rule = request.getKind().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        Trigger trigger = new Trigger(SyncIds.controlEntry(request.getRequestId()), request.getRequestedBy(),
                request.getRequestId(), direction, record.timestamp(), rule, request.getEntryId(),
                request.getRequestId());
        RecordState state = states.get(recordKey);
        MappedBoard board = tryMapping(request.getTenantId(), request.getEntityType());
        if (state == null || board == null) {
            RecordState unknown = new RecordState(request.getTenantId(), request.getEntityType(), request.getRecordId());
            String why = state == null ? "the processor knows no record " + recordKey
                    + " (no change or monday event of it was ever processed); check the record key"
                    : "no board mapping for " + request.getEntityType() + " of tenant " + request.getTenantId();
            SyncHistoryEntry entry = history(trigger, unknown, HistoryStatus.REJECTED, rule, List.of(), null,
                    request.getKind() + " request " + request.getRequestId() + " rejected: " + why);
            entry = SyncHistoryEntry.newBuilder(entry).setErrorCode((state == null ? ErrorType.UNKNOWN_RECORD
                    : ErrorType.UNKNOWN_ENTITY_TYPE).name()).build();
            metrics.decision(rule, HistoryStatus.REJECTED.name());
            emit(new Record<>(entry.getEntryId(), new Emit.History(entry), record.timestamp()));
            return;
        }
        if (!state.rememberRequest(request.getRequestId())) {
            metrics.decision(rule, "DUPLICATE");
            LOG.debug("Control request {} for {} was handled already", request.getRequestId(), recordKey);
            return;
        }
        ensureLink(state, recordKey);
        switch (request.getKind()) {
            case RESEND -> resend(record, state, board, trigger, request);
            case OBSERVED_COEFFECTION, OBSERVED_MONDAY -> observed(record, state, board, trigger, request);
            default -> {
                SyncHistoryEntry entry = history(trigger, state, HistoryStatus.NOT_PROPAGATED, rule, List.of(), null,
                        request.getKind() + " requests are not supported by this version of the processor yet;"
                                + " nothing was changed");
                metrics.decision(rule, HistoryStatus.NOT_PROPAGATED.name());
                save(recordKey, state);
                emit(new Record<>(entry.getEntryId(), new Emit.History(entry), record.timestamp()));
            }
        }
    }

    /** RESEND: the requested sides are treated as showing nothing known for the requested fields, then reconciled. */
    private void resend(Record<String, Input> record, RecordState state, MappedBoard board, Trigger trigger,
                        SyncControl request) {
        boolean toMonday = request.getSide() != SyncDirection.MONDAY_TO_COEFFECTION;
        boolean toCoeffection = request.getSide() != SyncDirection.COEFFECTION_TO_MONDAY;
        List<String> fields = new ArrayList<>();
        for (String name : request.getFields().isEmpty() ? allMappedFields(state, board) : request.getFields()) {
            FieldState field = state.existingField(name);
            if (field == null || field.resolved() == null) {
                continue;
            }
            fields.add(name);
            if (toMonday) {
                Reconciler.forget(field, Side.MONDAY);
            }
            if (toCoeffection) {
                Reconciler.forget(field, Side.COEFFECTION);
            }
        }
        Writes writes = reconcile(state, board, fields, toMonday, trigger, toMonday, toCoeffection);
        if (writes.isEmpty()) {
            String message = writes.waitingReason() != null ? writes.waitingReason()
                    : fields.isEmpty() ? "nothing to resend: the record holds no value for "
                    + (request.getFields().isEmpty() ? "any mapped field" : "fields " + request.getFields())
                    : "nothing to resend: no requested field is synced towards the requested side";
            HistoryStatus status = writes.waitingReason() != null ? HistoryStatus.PENDING : HistoryStatus.NOT_PROPAGATED;
            SyncHistoryEntry entry = history(trigger, state, status, trigger.rule(), List.of(), null, message);
            metrics.decision(trigger.rule(), status.name());
            save(RecordKeys.recordKey(state.tenantId(), state.entityType(), state.recordId()), state);
            emit(new Record<>(entry.getEntryId(), new Emit.History(entry), record.timestamp()));
            return;
        }
        finish(record, state, board, trigger, new Decisions(), writes);
    }

    /** OBSERVED_*: what a side was seen to show, merged like a live edit from that side at its time. */
    private void observed(Record<String, Input> record, RecordState state, MappedBoard board, Trigger trigger,
                          SyncControl request) {
        Decisions decisions = new Decisions();
        if (request.getKind() == com.coeffection.sync.schema.ControlKind.OBSERVED_COEFFECTION) {
            coeffectionEdits(board, state, decisions, request.getObserved(), request.getRequestId(), Origin.OTHERS);
        } else {
            for (FieldChange observed : request.getObserved()) {
                observedOnMonday(board, state, decisions, observed, request.getRequestId());
            }
        }
        Writes writes = reconcile(state, board, decisions.touched(), false, trigger);
        if (decisions.isEmpty() && !decisions.hasRejections()) {
            SyncHistoryEntry entry = history(trigger, state, HistoryStatus.NOT_PROPAGATED, trigger.rule(), List.of(),
                    null, "the observation names no mapped field");
            save(RecordKeys.recordKey(state.tenantId(), state.entityType(), state.recordId()), state);
            emit(new Record<>(entry.getEntryId(), new Emit.History(entry), record.timestamp()));
            return;
        }
        finish(record, state, board, trigger, decisions, writes);
    }

    private void observedOnMonday(MappedBoard board, RecordState state, Decisions decisions, FieldChange observed,
                                  String eventId) {
        String field = observed.getField();
        long micros = toMicros(observed.getChangedAt());
        FieldValue value = MondayValues.normalize(observed.getValue());
        if (board.isStageField(field)) {
            StageMap stages = board.stages();
            String label = value == null ? null : StageMap.stageOf(value);
            List<String> candidates = label == null ? List.of() : stages.stagesForLabel(label);
            if (label != null && candidates.isEmpty()) {
                decisions.reject(field, stages.statusColumnId(), value, "UNMAPPED_LABEL", "status label '" + label
                        + "' is not mapped to any stage: add it to the stage mapping");
                return;
            }
            stageEdit(stages, state, decisions, stages.statusColumnId(), value, candidates, label, Edit.ViewSlot.VALUE,
                    micros, eventId, Origin.OTHERS);
            return;
        }
        FieldMapping mapping = board.field(field).orElse(null);
        if (mapping == null) {
            decisions.reject(field, null, value, "UNMAPPED_FIELD", "field '" + field + "' of " + board.entityType()
                    + " is not in the board mapping");
            return;
        }
        FieldType type = MappedBoard.fieldType(mapping);
        if (value != null && !type.accepts(value.getValue())) {
            decisions.reject(field, mapping.getColumnId(), value, "WRONG_VALUE_TYPE", "field '" + field
                    + "' is mapped as " + type.fileName() + " but the observation carries a " + kind(value));
            return;
        }
        Edit edit = Edit.of(Side.MONDAY, value, micros, eventId, Origin.OTHERS);
        decisions.add(field, mapping.getColumnId(), edit, ConflictRules.merge(mapping.getDirection(),
                state.field(field), edit));
    }

    /** The fields a write plan writes, as history diffs under {@code rule} (each PENDING until delivered). */
    private static List<FieldDiff> writtenDiffs(Writes writes, String rule) {
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
    private static long writtenMicros(RecordState state, Writes writes) {
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

    // ---------------------------------------------------------------- reconcile and emit

    /** The writes one input leads to. */
    private record Writes(List<ColumnWrite> columns, String groupId, String groupField, List<FieldChange> toCoeffection,
                          MondayAction mondayAction, String itemName, String waitingReason) {
        boolean isEmpty() {
            return columns.isEmpty() && groupId == null && toCoeffection.isEmpty() && mondayAction == null;
        }

        boolean writesMonday(String field) {
            return columns.stream().anyMatch(c -> c.getField().equals(field));
        }

        boolean writesCoeffection(String field) {
            return toCoeffection.stream().anyMatch(c -> c.getField().equals(field));
        }
    }

    /**
     * Works out what each side must receive for the given fields. monday is written only through an item: a record
     * with no item yet gets one created (with all its mapped values) when a Coeffection change arrives; while that is
     * pending, monday writes wait and are caught up when the item exists.
     */
    private Writes reconcile(RecordState state, MappedBoard board, Collection<String> fields, boolean mayCreate,
                             Trigger trigger) {
        return reconcile(state, board, fields, mayCreate, trigger, true, true);
    }

    private Writes reconcile(RecordState state, MappedBoard board, Collection<String> fields, boolean mayCreate,
                             Trigger trigger, boolean toMonday, boolean toCoeffection) {
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
        List<FieldChange> coeffectionWrites = new ArrayList<>();
        long decidedMicros = Math.max(trigger.timestamp(), context.currentSystemTimeMs()) * 1000;
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
                    coeffectionWrites.add(fieldChange(name, resolved));
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
                coeffectionWrites.add(fieldChange(name, resolved));
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
        return new Writes(columns, group, group == null ? null : board.stages().stageField(), coeffectionWrites, action,
                itemName, waiting);
    }

    private static Collection<String> allMappedFields(RecordState state, MappedBoard board) {
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

    private void finish(Record<String, Input> record, RecordState state, MappedBoard board, Trigger trigger,
                        Decisions decisions, Writes writes) {
        long now = trigger.timestamp();
        List<Record<String, Emit>> out = new ArrayList<>();
        String firstCommandId = null;
        int commandNumber = 0;
        long sourceMicros = decisions.isEmpty() ? writtenMicros(state, writes) : decisions.newestMicros();
        if (writes.mondayAction() != null) {
            String commandId = SyncIds.command(trigger.entryId(), commandNumber++);
            firstCommandId = commandId;
            if (writes.mondayAction() == MondayAction.CREATE_ITEM) {
                state.createRequested(board.boardId(), commandId);
            }
            MondayCommand command = command(commandId, state, writes.mondayAction(), writes.itemName(),
                    writes.mondayAction() == MondayAction.CREATE_ITEM ? writes.groupId() : null, writes.columns(),
                    sourceMicros, trigger.entryId());
            out.add(commandRecord(command, now));
        }
        if (writes.groupId() != null && writes.mondayAction() != MondayAction.CREATE_ITEM && state.linked()) {
            String commandId = SyncIds.command(trigger.entryId(), commandNumber);
            firstCommandId = firstCommandId == null ? commandId : firstCommandId;
            out.add(commandRecord(command(commandId, state, MondayAction.MOVE_TO_GROUP, null, writes.groupId(),
                    List.of(), sourceMicros, trigger.entryId()), now));
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
                    .build();
            metrics.recordUpdate();
            out.add(new Record<>(RecordKeys.recordKey(state.tenantId(), state.entityType(), state.recordId()),
                    new Emit.Update(update), now));
        }
        List<FieldDiff> diffs = decisions.diffs(writes);
        boolean catchUp = decisions.isEmpty() && !writes.isEmpty();
        if (!diffs.isEmpty() || catchUp) {
            HistoryStatus status = catchUp ? HistoryStatus.PENDING : decisions.entryStatus(diffs);
            String rule = catchUp ? (trigger.rule() != null ? trigger.rule() : "catch-up") : decisions.entryRule(diffs);
            if (catchUp && trigger.rule() != null) {
                diffs = writtenDiffs(writes, trigger.rule());
            }
            SyncHistoryEntry entry = history(trigger, state, status, rule, diffs, firstCommandId,
                    writes.waitingReason());
            out.add(new Record<>(entry.getEntryId(), new Emit.History(entry), now));
        }
        if (decisions.hasRejections()) {
            BadInput bad = new BadInput(decisions.rejectionType(), decisions.rejectionReason(), state.tenantId(),
                    state.entityType(), state.recordId(), state.boardId(), state.itemId(), trigger.direction(),
                    decisions.rejectedDiffs(), trigger.actor(), trigger.eventId());
            metrics.deadLetter(bad.errorType());
            LOG.warn("Rejected part of {} for tenant={} record={}:{} board={} [{}]: {}", trigger.eventId(),
                    state.tenantId(), state.entityType(), state.recordId(), state.boardId(), bad.errorType(),
                    bad.reason());
            out.addAll(bad.emit(record.withValue(record.value().bytes()), source(record),
                    trigger.entryId()));
        }
        save(RecordKeys.recordKey(state.tenantId(), state.entityType(), state.recordId()), state);
        out.forEach(this::emit);
    }

    private MondayCommand command(String commandId, RecordState state, MondayAction action, String itemName,
                                  String groupId, List<ColumnWrite> columns, long sourceMicros, String entryId) {
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
                .build();
    }

    private static Record<String, Emit> commandRecord(MondayCommand command, long timestamp) {
        return new Record<>(RecordKeys.boardKey(command.getTenantId(), command.getBoardId()),
                new Emit.Command(command), timestamp);
    }

    private SyncHistoryEntry history(Trigger trigger, RecordState state, HistoryStatus status, String rule,
                                     List<FieldDiff> diffs, String commandId, String message) {
        Instant at = Instant.ofEpochMilli(trigger.timestamp());
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
                .setTriggeredBy(trigger.actor() != null ? trigger.actor() : Actor.newBuilder().setKind(ActorKind.UNKNOWN).build())
                .setTriggerEventId(trigger.eventId())
                .setCommandId(commandId)
                .setErrorMessage(message)
                .setRelatedEntryId(trigger.relatedEntryId())
                .setControlRequestId(trigger.controlRequestId())
                .setAttempts(0)
                .setOccurredAt(at)
                .setUpdatedAt(at)
                .build();
    }

    /** What triggered a decision: the history entry id, who, which event, which way, when. */
    private record Trigger(String entryId, Actor actor, String eventId, SyncDirection direction, long timestamp,
                           String rule, String relatedEntryId, String controlRequestId) {
        Trigger(String entryId, Actor actor, String eventId, SyncDirection direction, long timestamp) {
            this(entryId, actor, eventId, direction, timestamp, null, null, null);
        }
    }

    /** The field decisions of one input, and the parts of it that were rejected. */
    private final class Decisions {
        private record Decided(String field, String columnId, Edit edit, FieldDecision decision) {
        }

        private final List<Decided> decided = new ArrayList<>();
        private final List<FieldDiff> rejected = new ArrayList<>();
        private final List<String> reasons = new ArrayList<>();
        private String rejectionType;

        void add(String field, String columnId, Edit edit, FieldDecision decision) {
            decided.add(new Decided(field, columnId, edit, decision));
        }

        void reject(String field, String columnId, FieldValue value, String type, String reason) {
            rejected.add(FieldDiff.newBuilder().setField(field == null ? "(column " + columnId + ")" : field)
                    .setColumnId(columnId).setBefore(null).setAfter(value).setRule(null)
                    .setStatus(HistoryStatus.REJECTED).build());
            reasons.add(reason);
            rejectionType = rejectionType == null ? type : rejectionType.equals(type) ? type : "BAD_FIELDS";
        }

        boolean isEmpty() {
            return decided.isEmpty();
        }

        Collection<String> touched() {
            Set<String> fields = new LinkedHashSet<>();
            for (Decided d : decided) {
                if (!(d.decision() instanceof FieldDecision.Locked) && !(d.decision() instanceof FieldDecision.Duplicate)) {
                    fields.add(d.field());
                }
            }
            return fields;
        }

        long newestMicros() {
            return decided.stream().mapToLong(d -> d.edit().changedAtMicros()).max().orElse(0L);
        }

        List<FieldDiff> diffs(Writes writes) {
            List<FieldDiff> diffs = new ArrayList<>();
            for (Decided d : decided) {
                FieldDecision decision = d.decision();
                if (decision instanceof FieldDecision.Duplicate) {
                    continue;
                }
                HistoryStatus status;
                if (decision instanceof FieldDecision.Locked) {
                    status = HistoryStatus.LOCKED;
                } else if (decision instanceof FieldDecision.Echo) {
                    status = HistoryStatus.SKIPPED_ECHO;
                } else if (decision instanceof FieldDecision.Overridden) {
                    status = HistoryStatus.OVERRIDDEN;
                } else if (decision instanceof FieldDecision.Stale) {
                    status = HistoryStatus.STALE;
                } else {
                    Side target = d.edit().side().other();
                    boolean written = target == Side.MONDAY
                            ? writes.writesMonday(d.field()) || d.field().equals(writes.groupField())
                            : writes.writesCoeffection(d.field());
                    boolean waiting = target == Side.MONDAY && writes.waitingReason() != null;
                    status = written || waiting ? HistoryStatus.PENDING : HistoryStatus.SUCCEEDED;
                }
                metrics.decision(decision.rule().historyName(), status.name());
                FieldValue before = decision.before() == null ? null : decision.before().value();
                FieldValue after = decision instanceof FieldDecision.Accepted a
                        ? (a.after() == null ? null : a.after().value())
                        : d.edit().observed();
                diffs.add(FieldDiff.newBuilder().setField(d.field()).setColumnId(d.columnId()).setBefore(before)
                        .setAfter(after).setRule(decision.rule().historyName()).setStatus(status).build());
            }
            return diffs;
        }

        HistoryStatus entryStatus(List<FieldDiff> diffs) {
            List<HistoryStatus> order = List.of(HistoryStatus.PENDING, HistoryStatus.OVERRIDDEN, HistoryStatus.STALE,
                    HistoryStatus.LOCKED, HistoryStatus.SKIPPED_ECHO, HistoryStatus.SUCCEEDED);
            for (HistoryStatus status : order) {
                if (diffs.stream().anyMatch(d -> d.getStatus() == status)) {
                    return status;
                }
            }
            return HistoryStatus.OTHER;
        }

        String entryRule(List<FieldDiff> diffs) {
            Set<String> rules = new LinkedHashSet<>();
            diffs.forEach(d -> rules.add(d.getRule()));
            return String.join(",", rules);
        }

        boolean hasRejections() {
            return !rejected.isEmpty();
        }

        String rejectionType() {
            return rejectionType;
        }

        String rejectionReason() {
            return String.join("; ", reasons);
        }

        List<FieldDiff> rejectedDiffs() {
            return rejected;
        }
    }

    // ---------------------------------------------------------------- helpers

    private RecordState load(String recordKey, String tenantId, String entityType, String recordId) {
        RecordState state = pendingStates.containsKey(recordKey) ? pendingStates.get(recordKey) : states.get(recordKey);
        return state != null ? state : new RecordState(tenantId, entityType, recordId);
    }

    /** The record's monday item: the link index (links made by matching or by hand) wins over what the state has. */
    private void ensureLink(RecordState state, String recordKey) {
        String itemKey = index.itemOf(recordKey);
        if (itemKey == null) {
            return;
        }
        ItemIndex.ItemRef item = ItemIndex.ItemRef.parse(itemKey);
        if (state.linkAwaitingIndex() != null) {
            if (state.linkAwaitingIndex() == item.itemId()) {
                state.awaitLinkInIndex(null);
            }
            return;
        }
        if (!state.linked() || state.itemId() != item.itemId() || state.boardId() != item.boardId()) {
            state.link(item.boardId(), item.itemId());
        }
    }

    private MappedBoard tryMapping(String tenantId, String entityType) {
        try {
            return lookup.require(tenantId, entityType);
        } catch (MappingLookup.MissingMappingException e) {
            return null;
        }
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
        String code = e instanceof SerdeException s ? "UNDECODABLE_" + s.errorCode() : "EMPTY_VALUE";
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

    /**
     * Where an input came from, for its dead letter. A monday event reached this step through the internal re-keying
     * topic; its dead letter names the item-events topic instead, so replaying the (unchanged) bytes goes there.
     */
    private RecordMetadata source(Record<String, Input> record) {
        RecordMetadata metadata = context.recordMetadata().orElse(null);
        org.apache.kafka.common.header.Header origin = record.headers() == null ? null
                : record.headers().lastHeader(com.coeffection.sync.processor.placement.RecordPlacement.ORIGIN_HEADER);
        if (origin != null) {
            String[] parts = new String(origin.value(), java.nio.charset.StandardCharsets.UTF_8).split(":");
            if (parts.length == 3) {
                return position(parts[0], Integer.parseInt(parts[1]), Long.parseLong(parts[2]), metadata);
            }
        }
        if (!(record.value() instanceof Input.ItemEvent) || metadata == null) {
            return metadata;
        }
        return new RecordMetadata() {
            @Override
            public String topic() {
                return itemEventsTopic;
            }

            @Override
            public int partition() {
                return -1;
            }

            @Override
            public long offset() {
                return -1;
            }

            @Override
            public String toString() {
                return itemEventsTopic + " via " + metadata.topic() + "-" + metadata.partition() + "@" + metadata.offset();
            }
        };
    }

    /** A record position other than the one being read (the original of a misplaced input). */
    private static RecordMetadata position(String topic, int partition, long offset, RecordMetadata via) {
        return new RecordMetadata() {
            @Override
            public String topic() {
                return topic;
            }

            @Override
            public int partition() {
                return partition;
            }

            @Override
            public long offset() {
                return offset;
            }

            @Override
            public String toString() {
                return topic + "-" + partition + "@" + offset + (via == null ? "" : " via " + via.topic() + "-"
                        + via.partition() + "@" + via.offset());
            }
        };
    }

    private static long toMicros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
    }

    private static String kind(FieldValue value) {
        return value == null || value.getValue() == null ? "empty value" : value.getValue().getClass().getSimpleName();
    }
}

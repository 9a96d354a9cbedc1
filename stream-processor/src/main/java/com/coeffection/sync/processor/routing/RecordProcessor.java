package com.coeffection.sync.processor.routing;

import com.coeffection.sync.contract.ErrorType;
import com.coeffection.sync.processor.ProcessorMetrics;
import com.coeffection.sync.processor.decide.Decisions;
import com.coeffection.sync.processor.decide.FieldEdits;
import com.coeffection.sync.processor.decide.Trigger;
import com.coeffection.sync.processor.decide.WritePlan;
import com.coeffection.sync.processor.links.ItemIndex;
import com.coeffection.sync.processor.mapping.MappedBoard;
import com.coeffection.sync.processor.mapping.MappingLookup;
import com.coeffection.sync.processor.mapping.MondayValues;
import com.coeffection.sync.processor.match.MatchGate;
import com.coeffection.sync.processor.merge.ConflictRules;
import com.coeffection.sync.processor.merge.Reconciler;
import com.coeffection.sync.processor.output.Outputs;
import com.coeffection.sync.processor.retry.OutageRetry;
import com.coeffection.sync.processor.state.RecordState;
import com.coeffection.sync.schema.BoardMapping;
import com.coeffection.sync.schema.MondayCommandResult;
import com.coeffection.sync.schema.MondayItemEvent;
import com.coeffection.sync.schema.RecordChange;
import com.coeffection.sync.schema.SyncControl;
import com.coeffection.sync.schema.SyncDirection;
import com.coeffection.sync.serde.AvroDeserializer;
import com.coeffection.sync.serde.SerdeException;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The per-record merge step as a Kafka Streams processor. Every input of one record (its Coeffection changes, its
 * monday item's events, the monday sink's results for it, control requests about it) comes here, keyed by record
 * key. This class only decodes the input, hands it to its handler ({@link RecordChanges}, {@link ItemEvents},
 * {@link SinkResults}, {@link ControlRequests}: they merge it field by field with {@link ConflictRules} and
 * {@link Reconciler} says which side must be written), and writes the record's state and every output at the end.
 * Outputs: monday commands, record updates for Coeffection, new links, one history entry per decision, and dead
 * letters for bad input.
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
    private final ProcessorMetrics metrics;

    private final OutageRetry retry;
    private final FieldEdits edits;
    private final Outputs outputs;
    private final Buffer buffer = new Buffer();
    private RecordChanges recordChanges;
    private ItemEvents itemEvents;
    private SinkResults sinkResults;
    private ControlRequests controlRequests;
    private final boolean matching;
    private MatchGate matchGate = MatchGate.off();
    private ProcessorContext<String, Emit> context;
    private final PromptCommits commits = new PromptCommits();
    private KeyValueStore<String, RecordState> states;

    public RecordProcessor(AvroDeserializer<RecordChange> changes, AvroDeserializer<MondayItemEvent> events,
                           AvroDeserializer<MondayCommandResult> results, AvroDeserializer<BoardMapping> mappings,
                           AvroDeserializer<SyncControl> controls, String mappingsTopic, String itemEventsTopic,
                           Long integrationUserId, MondayValues values, ProcessorMetrics metrics) {
        this(changes, events, results, mappings, controls, mappingsTopic, itemEventsTopic, integrationUserId, values,
                metrics, false);
    }

    /** @param matching whether boards matched on connect hold their records' creation for the board matcher */
    public RecordProcessor(AvroDeserializer<RecordChange> changes, AvroDeserializer<MondayItemEvent> events,
                           AvroDeserializer<MondayCommandResult> results, AvroDeserializer<BoardMapping> mappings,
                           AvroDeserializer<SyncControl> controls, String mappingsTopic, String itemEventsTopic,
                           Long integrationUserId, MondayValues values, ProcessorMetrics metrics, boolean matching) {
        this.matching = matching;
        this.changes = changes;
        this.events = events;
        this.results = results;
        this.mappings = mappings;
        this.controls = controls;
        this.mappingsTopic = mappingsTopic;
        this.itemEventsTopic = itemEventsTopic;
        this.integrationUserId = integrationUserId;
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
        ItemIndex index = new ItemIndex(links);
        KeyValueStore<String, byte[]> mappingStore = context.getStateStore(MappingLookup.STORE);
        MappingLookup lookup = new MappingLookup(mappingStore, mappings, mappingsTopic);
        if (matching) {
            this.matchGate = MatchGate.open(context.getStateStore(MatchGate.STORE));
        }
        this.recordChanges = new RecordChanges(buffer, lookup, index, edits, outputs, metrics, matchGate);
        this.itemEvents = new ItemEvents(buffer, lookup, edits, integrationUserId, metrics);
        this.sinkResults = new SinkResults(buffer, lookup);
        this.controlRequests = new ControlRequests(buffer, lookup, index, edits, metrics, matchGate);
    }

    /**
     * Handles one input: decodes it, decides, and only then writes its state and forwards all its outputs, so an input
     * either has all its effects or none. A registry outage repeats the input ({@link OutageRetry}) instead of
     * dead-lettering it; any other failure dead-letters the input alone (nothing of it was sent).
     */
    @Override
    public void process(Record<String, Input> record) {
        buffer.discard();
        try {
            retry.run(() -> handle(record), buffer::discard, "input with key " + record.key());
            buffer.flush();
            commits.after(record.timestamp(), context.currentSystemTimeMs(), context);
        } catch (KafkaException e) {
            buffer.discard();
            throw e;
        } catch (RuntimeException e) {
            buffer.discard();
            // A defect must not stop the topology: the input is kept as a dead letter, with the failure as reason.
            LOG.error("Processing failed for key {}; the input is dead-lettered", record.key(), e);
            buffer.reject(record, BadInput.of(ErrorType.PROCESSING_FAILED, "Processing this input failed (" + e
                    + "); it is kept for replay once the cause is fixed. Report it with the dead letter id.",
                    BadInput.tenantOfKey(record.key())));
            buffer.flush();
        } finally {
            MDC.clear();
        }
    }

    private void handle(Record<String, Input> record) {
        long now = context.currentSystemTimeMs();
        Input input = record.value();
        if (input instanceof Input.Change change) {
            metrics.event("record-change");
            RecordChange decoded = decode(record, changes, change.bytes(), "Coeffection record change");
            if (decoded != null) {
                recordChanges.handle(record, decoded, now);
            }
        } else if (input instanceof Input.ItemEvent event) {
            metrics.event("item-event-linked");
            MondayItemEvent decoded = decode(record, events, event.bytes(), "monday item event");
            if (decoded != null) {
                itemEvents.handle(record, decoded, now);
            }
        } else if (input instanceof Input.Result result) {
            metrics.event("result");
            MondayCommandResult decoded = decode(record, results, result.bytes(), "monday command result");
            if (decoded != null) {
                sinkResults.handle(record, decoded, now);
            }
        } else if (input instanceof Input.Control control) {
            metrics.event("control");
            SyncControl decoded = decode(record, controls, control.bytes(), "sync control request");
            if (decoded != null) {
                MDC.put("tenant", decoded.getTenantId());
                MDC.put("record", record.key());
                controlRequests.handle(record, decoded, now);
            }
        }
    }

    /**
     * The decoded input, or null when it cannot be decoded (it is then dead-lettered). A registry outage is thrown on:
     * the input is tried again, not rejected.
     */
    private <T extends org.apache.avro.specific.SpecificRecord> T decode(Record<String, Input> record,
                                                                         AvroDeserializer<T> deserializer,
                                                                         byte[] bytes, String what) {
        String topic = context.recordMetadata().map(RecordMetadata::topic).orElse("unknown");
        RuntimeException failure;
        try {
            T value = deserializer.deserialize(topic, bytes);
            if (value != null) {
                return value;
            }
            failure = new IllegalArgumentException("a record without a value (tombstone) on " + topic);
        } catch (SerdeException | IllegalArgumentException e) {
            if (OutageRetry.isOutage(e)) {
                throw e;
            }
            failure = e;
        }
        buffer.reject(record, BadInput.of(BadInput.undecodable(failure), "The " + what + " with key " + record.key()
                + " cannot be decoded: " + failure.getMessage()
                + ". Fix the producer; the original bytes are kept in the dead letter.", BadInput.tenantOfKey(record.key())));
        return null;
    }

    private RecordMetadata source(Record<String, Input> record) {
        return InputSources.of(record, context.recordMetadata().orElse(null), itemEventsTopic);
    }

    /**
     * The effects of the input being handled: state writes and outputs wait here until it is fully handled, then are
     * written together ({@link #flush}) or dropped ({@link #discard}).
     */
    private final class Buffer implements Effects {
        private final List<Record<String, Emit>> outputs = new ArrayList<>();
        private final Map<String, RecordState> pendingStates = new LinkedHashMap<>();
        private SyncDirection changeDirection;
        private long changeTimeMs;

        @Override
        public RecordState stored(String recordKey) {
            return pendingStates.containsKey(recordKey) ? pendingStates.get(recordKey) : states.get(recordKey);
        }

        @Override
        public void emit(Record<String, Emit> out) {
            outputs.add(out);
        }

        @Override
        public void save(String recordKey, RecordState state) {
            pendingStates.put(recordKey, state);
        }

        @Override
        public void changedAt(SyncDirection direction, long timeMs) {
            changeDirection = direction;
            changeTimeMs = timeMs;
        }

        /** Emits the decision's outputs and state; bad fields of the input become its dead letter. */
        @Override
        public void finish(Record<String, Input> record, RecordState state, MappedBoard board, Trigger trigger,
                           Decisions decisions, WritePlan writes) {
            RecordProcessor.this.outputs.decided(state, board, trigger, decisions, writes).forEach(this::emit);
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

        @Override
        public void reject(Record<String, Input> record, BadInput bad) {
            metrics.deadLetter(bad.errorType());
            LOG.warn("Rejected input tenant={} record={} board={} key={} [{}]: {}", bad.tenantId(), bad.recordId(),
                    bad.boardId(), record.key(), bad.errorType(), bad.reason());
            byte[] bytes = record.value() == null ? null : record.value().bytes();
            bad.emit(record.withValue(bytes), source(record), null).forEach(this::emit);
        }

        void discard() {
            matchGate.discard();
            outputs.clear();
            pendingStates.clear();
            changeDirection = null;
        }

        /**
         * Writes the states, forwards the outputs, and measures the decision latency when the input's change led to
         * a write to the other side.
         */
        void flush() {
            pendingStates.forEach(states::put);
            matchGate.flush();
            boolean wroteOtherSide = false;
            for (Record<String, Emit> out : outputs) {
                context.forward(out);
                wroteOtherSide |= changeDirection == SyncDirection.COEFFECTION_TO_MONDAY
                        ? out.value() instanceof Emit.Command : out.value() instanceof Emit.Update;
            }
            if (changeDirection != null && wroteOtherSide) {
                metrics.decisionLatency(changeDirection, context.currentSystemTimeMs() - changeTimeMs);
            }
            discard();
        }
    }
}

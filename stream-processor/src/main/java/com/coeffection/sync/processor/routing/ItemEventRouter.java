package com.coeffection.sync.processor.routing;

import com.coeffection.sync.contract.ErrorType;
import com.coeffection.sync.processor.ProcessorMetrics;
import com.coeffection.sync.processor.links.CreatedFromMonday;
import com.coeffection.sync.processor.links.ItemIndex;
import com.coeffection.sync.processor.match.MatchGate;
import com.coeffection.sync.processor.links.ParkedEvents;
import com.coeffection.sync.processor.retry.OutageRetry;
import com.coeffection.sync.processor.mapping.MappedBoard;
import com.coeffection.sync.processor.mapping.MappingLookup;
import com.coeffection.sync.schema.Actor;
import com.coeffection.sync.schema.HistoryStatus;
import com.coeffection.sync.schema.MondayItemEvent;
import com.coeffection.sync.schema.SyncDirection;
import com.coeffection.sync.schema.SyncHistoryEntry;
import com.coeffection.sync.serde.AvroDeserializer;
import com.coeffection.sync.serde.SerdeException;
import com.coeffection.sync.schema.BoardMapping;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Routes monday item events (keyed {@code tenantId:boardId:itemId}) to their record through the link index. An event
 * of an item not linked to a record yet waits a while for the link; then it is recorded in history as UNLINKED, except
 * a person's new item on a board whose mapping has {@code createFromMonday}, which goes to a provisional record that
 * asks Coeffection to create it ({@link CreatedFromMonday}). An event of an item on a board no mapping names, or
 * bytes that cannot be decoded, is bad input.
 */
public final class ItemEventRouter implements Processor<String, byte[], String, Routed> {
    private static final Logger LOG = LoggerFactory.getLogger(ItemEventRouter.class);

    private final AvroDeserializer<MondayItemEvent> events;
    private final AvroDeserializer<BoardMapping> mappings;
    private final String mappingsTopic;
    private final Long integrationUserId;
    private final ProcessorMetrics metrics;
    private final OutageRetry retry;
    private ProcessorContext<String, Routed> context;
    private final PromptCommits commits = new PromptCommits();
    private ItemIndex index;
    private MappingLookup lookup;

    /** At most this many events wait per task; beyond it an unlinked event is recorded UNLINKED at once. */
    public static final int MAX_PARKED = 10_000;

    private final long parkTimeoutMs;
    private final boolean matching;
    private ParkedEvents parked;

    /**
     * @param parkTimeoutMs how long an event of an item with no known link waits for it before it is recorded UNLINKED
     * @param matching      whether the board matcher runs (a person's new item on a matched board then waits for it
     *                      before a mapping with createFromMonday creates a record from it)
     */
    public ItemEventRouter(AvroDeserializer<MondayItemEvent> events, AvroDeserializer<BoardMapping> mappings,
                           String mappingsTopic, Long integrationUserId, ProcessorMetrics metrics, long parkTimeoutMs,
                           boolean matching) {
        this.parkTimeoutMs = parkTimeoutMs;
        this.matching = matching;
        this.events = events;
        this.mappings = mappings;
        this.mappingsTopic = mappingsTopic;
        this.integrationUserId = integrationUserId;
        this.metrics = metrics;
        this.retry = new OutageRetry(OutageRetry.DEFAULT_MAX_WAIT_MS, metrics);
    }

    @Override
    public void init(ProcessorContext<String, Routed> context) {
        this.context = context;
        KeyValueStore<String, String> links = context.getStateStore(ItemIndex.STORE);
        this.index = new ItemIndex(links);
        KeyValueStore<String, byte[]> mappingStore = context.getStateStore(MappingLookup.STORE);
        this.lookup = new MappingLookup(mappingStore, mappings, mappingsTopic);
        this.parked = new ParkedEvents(context.getStateStore(ParkedEvents.STORE));
        metrics.parked(parked.count());
        context.schedule(Duration.ofMillis(100), PunctuationType.WALL_CLOCK_TIME, this::releaseParked);
    }

    @Override
    public void close() {
        if (parked != null) {
            metrics.parked(-parked.count());
        }
    }

    /**
     * Every 100 ms: a parked event whose item's link is now known goes on to its record; one that waited longer
     * than the configured time is recorded UNLINKED (it waits for matching, as before).
     */
    private void releaseParked(long now) {
        for (ParkedEvents.Parked event : parked.all()) {
            String recordKey = index.recordOf(event.itemKey());
            if (recordKey != null) {
                release(event, recordKey);
            } else if (now - event.parkedAtMs() >= parkTimeoutMs) {
                try {
                    MondayItemEvent decoded = events.deserialize(topicName(), event.bytes());
                    Optional<MappedBoard> board = lookup.byBoard(decoded.getTenantId(), decoded.getBoardId());
                    if (board.isPresent() && createsRecord(decoded, board.get())) {
                        // the matcher linked no waiting record to the new item within the wait
                        createRecord(event.bytes(), decoded, board.get(), event.timestamp());
                    } else {
                        board.ifPresent(b -> unlinked(decoded, b, event.timestamp()));
                    }
                } catch (RuntimeException e) {
                    if (OutageRetry.isOutage(e)) {
                        return; // the registry is down: the events stay parked and are looked at again
                    }
                    LOG.error("A parked monday event of {} cannot be recorded as unlinked; it is dropped", event.itemKey(), e);
                }
                forget(event);
            }
        }
    }

    private void release(ParkedEvents.Parked event, String recordKey) {
        context.forward(new Record<String, Routed>(recordKey, new Routed.ToRecord(event.bytes()), event.timestamp()));
        forget(event);
    }

    private void forget(ParkedEvents.Parked event) {
        parked.remove(event);
        metrics.parked(-1);
    }

    private String topicName() {
        return context.recordMetadata().map(m -> m.topic()).orElse("item-events");
    }

    @Override
    public void process(Record<String, byte[]> record) {
        try {
            retry.run(() -> route(record), () -> { }, "monday item event " + record.key());
            commits.after(record.timestamp(), context.currentSystemTimeMs(), context);
        } catch (KafkaException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.error("Routing failed for monday item event {}; it is dead-lettered", record.key(), e);
            reject(record, BadInput.of(ErrorType.PROCESSING_FAILED, "Routing this monday item event failed (" + e
                    + "); it is kept for replay once the cause is fixed", BadInput.tenantOfKey(record.key())));
        }
    }

    private void route(Record<String, byte[]> record) {
        metrics.event("item-event");
        MondayItemEvent event;
        try {
            event = events.deserialize(context.recordMetadata().map(m -> m.topic()).orElse("item-events"), record.value());
            if (event == null) {
                throw new IllegalArgumentException("an item event without a value (tombstone)");
            }
        } catch (SerdeException | IllegalArgumentException e) {
            if (OutageRetry.isOutage(e)) {
                throw e;
            }
            ErrorType code = BadInput.undecodable(e);
            reject(record, BadInput.of(code, "The monday item event with key " + record.key()
                    + " cannot be decoded: " + e.getMessage() + ". Check the producer (ingress) and its schema.",
                    BadInput.tenantOfKey(record.key())));
            return;
        }
        String itemKey = com.coeffection.sync.topics.RecordKeys.itemKey(event.getTenantId(), event.getBoardId(), event.getItemId());
        String recordKey = index.recordOf(itemKey);
        if (recordKey != null) {
            // nearly always nothing waits: skip the store's prefix scan (an iterator per event) when the task has none
            if (parked.count() > 0) {
                for (ParkedEvents.Parked earlier : parked.of(itemKey)) {
                    release(earlier, recordKey);
                }
            }
            context.forward(record.withKey(recordKey).withValue(new Routed.ToRecord(record.value())));
            return;
        }
        Optional<MappedBoard> board = lookup.byBoard(event.getTenantId(), event.getBoardId());
        if (board.isEmpty()) {
            reject(record, new BadInput(ErrorType.UNKNOWN_BOARD, "monday board " + event.getBoardId() + " of tenant '"
                    + event.getTenantId() + "' is not in any board mapping: map it, or remove the webhook that sends its"
                    + " events", event.getTenantId(), null, null, event.getBoardId(), event.getItemId(),
                    SyncDirection.MONDAY_TO_COEFFECTION, List.of(), actor(event), event.getTriggerUuid()));
            return;
        }
        boolean echo = integrationUserId != null && integrationUserId.equals(event.getUserId());
        if (createsRecord(event, board.get()) && !(matching && MatchGate.matches(board.get()))) {
            // a person's new item on a board that lets monday create records, with no matcher to wait for
            createRecord(record.value(), event, board.get(), record.timestamp());
            return;
        }
        if (!echo && parkTimeoutMs > 0 && parked.count() < MAX_PARKED) {
            // The link of a just-created item may not have reached the index yet: wait for it.
            long offset = context.recordMetadata().map(m -> m.offset()).orElse((long) parked.count());
            long before = parked.count();
            parked.park(itemKey, offset, record.value(), record.timestamp(), context.currentSystemTimeMs());
            metrics.parked(parked.count() - before);
            return;
        }
        if (createsRecord(event, board.get())) {
            createRecord(record.value(), event, board.get(), record.timestamp());
            return;
        }
        unlinked(event, board.get(), record.timestamp());
    }

    /**
     * Whether the event is a person's new item on a board whose mapping lets monday create Coeffection records (never
     * when the integration's own monday user is unknown: its items could not be told from a person's).
     */
    private boolean createsRecord(MondayItemEvent event, MappedBoard board) {
        return board.mapping().getCreateFromMonday() && CreatedFromMonday.isPersonsNewItem(event, integrationUserId);
    }

    /**
     * The new item goes to its provisional record ({@link CreatedFromMonday}): the record processor merges its values
     * and asks Coeffection to create the record.
     */
    private void createRecord(byte[] bytes, MondayItemEvent event, MappedBoard board, long timestamp) {
        metrics.decision("create-from-monday", HistoryStatus.PENDING.name());
        LOG.info("monday item {} of board {} (tenant {}) was created by a person and matches no record: Coeffection is"
                + " asked to create a {} record from it", event.getItemId(), event.getBoardId(), event.getTenantId(),
                board.entityType());
        String key = CreatedFromMonday.provisionalKey(event.getTenantId(), board.entityType(), event.getItemId());
        context.forward(new Record<String, Routed>(key, new Routed.ToRecord(bytes), timestamp));
    }

    /** The event's item is linked to no record: recorded in history as UNLINKED (or SKIPPED_ECHO for our own). */
    private void unlinked(MondayItemEvent event, MappedBoard mapped, long timestamp) {
        Optional<MappedBoard> board = Optional.of(mapped);
        boolean echo = integrationUserId != null && integrationUserId.equals(event.getUserId());
        HistoryStatus status = echo ? HistoryStatus.SKIPPED_ECHO : HistoryStatus.UNLINKED;
        metrics.decision(echo ? "echo" : "unlinked", status.name());
        Instant at = Instant.ofEpochMilli(timestamp);
        SyncHistoryEntry entry = SyncHistoryEntry.newBuilder()
                .setEntryId(com.coeffection.sync.contract.SyncIds.itemEventEntry(event.getTriggerUuid()))
                .setTenantId(event.getTenantId())
                .setEntityType(board.get().entityType())
                .setRecordId(null)
                .setBoardId(event.getBoardId())
                .setItemId(event.getItemId())
                .setDirection(SyncDirection.MONDAY_TO_COEFFECTION)
                .setStatus(status)
                .setRule(echo ? "echo" : "unlinked-item")
                .setTriggeredBy(actor(event))
                .setTriggerEventId(event.getTriggerUuid())
                .setErrorMessage(echo ? null : "monday item " + event.getItemId() + " is not linked to a "
                        + board.get().entityType() + " record yet; it waits for matching")
                .setOccurredAt(at)
                .setUpdatedAt(at)
                .build();
        LOG.debug("Unlinked monday item tenant={} board={} item={} event={}", event.getTenantId(), event.getBoardId(),
                event.getItemId(), event.getDeliveredType());
        context.forward(new Record<>(entry.getEntryId(), new Routed.Out(new Emit.History(entry)), timestamp));
    }

    private void reject(Record<String, byte[]> record, BadInput bad) {
        metrics.deadLetter(bad.errorType());
        LOG.warn("Rejected monday item event tenant={} board={} item={} key={} [{}]: {}", bad.tenantId(), bad.boardId(),
                bad.itemId(), record.key(), bad.errorType(), bad.reason());
        for (Record<String, Emit> out : bad.emit(record, context.recordMetadata().orElse(null), null)) {
            context.forward(out.withValue(new Routed.Out(out.value())));
        }
    }

    private Actor actor(MondayItemEvent event) {
        return Actors.monday(event, integrationUserId);
    }
}

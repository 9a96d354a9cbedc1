package com.coeffection.sync.processor;

import com.coeffection.sync.processor.mapping.MappingLoader;
import com.coeffection.sync.processor.routing.RecordProcessor;
import com.coeffection.sync.processor.state.RecordState;
import com.coeffection.sync.schema.Actor;
import com.coeffection.sync.schema.ActorKind;
import com.coeffection.sync.schema.BoardMapping;
import com.coeffection.sync.schema.ColumnWrite;
import com.coeffection.sync.schema.CommandOutcome;
import com.coeffection.sync.schema.DeadLetter;
import com.coeffection.sync.schema.FieldChange;
import com.coeffection.sync.schema.FieldValue;
import com.coeffection.sync.schema.Link;
import com.coeffection.sync.schema.LinkSource;
import com.coeffection.sync.schema.MondayCommand;
import com.coeffection.sync.schema.MondayCommandResult;
import com.coeffection.sync.schema.MondayEventKind;
import com.coeffection.sync.schema.MondayItemEvent;
import com.coeffection.sync.schema.RecordChange;
import com.coeffection.sync.schema.RecordOperation;
import com.coeffection.sync.schema.RecordUpdate;
import com.coeffection.sync.schema.SyncControl;
import com.coeffection.sync.schema.SyncHistoryEntry;
import com.coeffection.sync.serde.AvroSerializer;
import com.coeffection.sync.topics.RecordKeys;
import com.coeffection.sync.topics.SyncTopics;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Drives the production topology ({@link SyncTopology#build}) in a {@link TopologyTestDriver}, with the real Avro
 * serdes against the real schema registry of the test JVM. Speaks in the product's words: a Coeffection edit, a
 * monday column change, a link, a sink result.
 */
public final class SyncDriver implements AutoCloseable {
    public static final long INTEGRATION_USER = 999L;
    public static final long PERSON_ON_MONDAY = 501L;
    public static final String TENANT = "acme";
    public static final long BOARD = 100L;
    public static final Instant MAPPING_TIME = Instant.parse("2026-11-20T08:00:00Z");

    private final SyncTopics topics;
    private final TopologyTestDriver driver;
    private final SyncSerdes serdes;
    private final ProcessorMetrics metrics = ProcessorMetrics.inMemory();
    private final TestInputTopic<String, RecordChange> changes;
    private final TestInputTopic<String, MondayItemEvent> items;
    private final TestInputTopic<String, BoardMapping> mappings;
    private final TestInputTopic<String, Link> links;
    private final TestInputTopic<String, MondayCommandResult> results;
    private final TestInputTopic<String, SyncControl> control;
    private final TestInputTopic<String, byte[]> rawChanges;
    private final TestInputTopic<String, byte[]> rawItems;
    private final TestOutputTopic<String, MondayCommand> commands;
    private final TestOutputTopic<String, RecordUpdate> updates;
    private final TestOutputTopic<String, SyncHistoryEntry> history;
    private final TestOutputTopic<String, DeadLetter> deadLetters;
    private final TestOutputTopic<String, Link> newLinks;
    private final Path stateDir;
    private int sequence;

    public SyncDriver(String registryUrl) {
        this(registryUrl, "prefix-" + UUID.randomUUID().toString().substring(0, 8));
    }

    private SyncDriver(String registryUrl, String prefix) {
        this.topics = SyncTopics.defaults();
        this.serdes = SyncSerdes.forRegistry(registryUrl);
        ProcessorConfig config = new ProcessorConfig(topics, INTEGRATION_USER, 0, "test-" + prefix);
        StreamsBuilder builder = SyncTopology.build(new StreamsBuilder(), config, serdes, metrics);
        try {
            this.stateDir = Files.createTempDirectory("sync-driver");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        this.driver = new TopologyTestDriver(builder.build(), config.streamsProperties("unused:9092", stateDir),
                MAPPING_TIME);
        StringSerializer keys = new StringSerializer();
        this.changes = driver.createInputTopic(topics.recordChanges(), keys, new AvroSerializer<>(serdes.registry(), RecordChange.class));
        this.items = driver.createInputTopic(topics.itemEvents(), keys, new AvroSerializer<>(serdes.registry(), MondayItemEvent.class));
        this.mappings = driver.createInputTopic(topics.boardMappings(), keys, new AvroSerializer<>(serdes.registry(), BoardMapping.class));
        this.links = driver.createInputTopic(topics.links(), keys, new AvroSerializer<>(serdes.registry(), Link.class));
        this.results = driver.createInputTopic(topics.mondayResults(), keys, new AvroSerializer<>(serdes.registry(), MondayCommandResult.class));
        this.control = driver.createInputTopic(topics.control(), keys, new AvroSerializer<>(serdes.registry(), SyncControl.class));
        this.rawChanges = driver.createInputTopic(topics.recordChanges(), keys, new ByteArraySerializer());
        this.rawItems = driver.createInputTopic(topics.itemEvents(), keys, new ByteArraySerializer());
        StringDeserializer keyReader = new StringDeserializer();
        this.commands = driver.createOutputTopic(topics.mondayCommands(), keyReader, serdes.command().deserializer());
        this.updates = driver.createOutputTopic(topics.recordUpdates(), keyReader, serdes.recordUpdate().deserializer());
        this.history = driver.createOutputTopic(topics.historyEvents(), keyReader, serdes.history().deserializer());
        this.deadLetters = driver.createOutputTopic(topics.deadLetters(), keyReader, serdes.deadLetter().deserializer());
        this.newLinks = driver.createOutputTopic(topics.links(), keyReader, serdes.link().deserializer());
    }

    // ------------------------------------------------------------------ setup

    /** Publishes the mappings of a YAML test resource, as MappingPublisher would. */
    public SyncDriver withMappings(String resource) {
        try (InputStream in = SyncDriver.class.getResourceAsStream(resource)) {
            String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            MappingLoader.Loaded loaded = new MappingLoader(Clock.fixed(MAPPING_TIME, ZoneOffset.UTC)).parse(yaml, resource);
            for (BoardMapping mapping : loaded.mappings()) {
                publish(mapping);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return this;
    }

    public void publish(BoardMapping mapping) {
        mappings.pipeInput(RecordKeys.mappingKey(mapping.getTenantId(), mapping.getEntityType()), mapping, MAPPING_TIME);
    }

    /** Links a Contact record to a monday item, as matching or item creation would. */
    public SyncDriver linked(String recordId, long itemId) {
        Link link = Link.newBuilder().setTenantId(TENANT).setEntityType("Contact").setRecordId(recordId)
                .setBoardId(BOARD).setItemId(itemId).setSource(LinkSource.MATCH_EMAIL).setLinkedAt(MAPPING_TIME).build();
        links.pipeInput(recordKey(recordId), link, MAPPING_TIME);
        return this;
    }

    public void linkedRaw(String recordKey, Link link) {
        links.pipeInput(recordKey, link, MAPPING_TIME);
    }

    public static String recordKey(String recordId) {
        return RecordKeys.recordKey(TENANT, "Contact", recordId);
    }

    // ------------------------------------------------------------------ Coeffection side

    /** A person edits one field of a Contact in Coeffection at {@code at}. */
    public String coeffectionEdit(String recordId, String field, FieldValue value, Instant at) {
        return coeffectionChange(recordId, RecordOperation.UPDATE, userActor(), null, at, Map.of(field, value));
    }

    public String coeffectionChange(String recordId, RecordOperation op, Actor actor, String causationId, Instant at,
                                    Map<String, FieldValue> fields) {
        String eventId = "c-" + (++sequence);
        List<FieldChange> changes = new ArrayList<>();
        new LinkedHashMap<>(fields).forEach((name, value) -> changes.add(new FieldChange(name, value, at)));
        RecordChange change = RecordChange.newBuilder().setEventId(eventId).setTenantId(TENANT).setEntityType("Contact")
                .setRecordId(recordId).setOperation(op).setActor(actor).setOccurredAt(at).setFields(changes)
                .setCausationId(causationId).build();
        pipeChange(change, at);
        return eventId;
    }

    /** Coeffection applies one of our record updates: its change event carries the update id as causation id. */
    public void echoOnCoeffection(RecordUpdate update, Instant at) {
        Map<String, FieldValue> fields = new LinkedHashMap<>();
        update.getFields().forEach(f -> fields.put(f.getField(), f.getValue()));
        coeffectionChange(update.getRecordId(), RecordOperation.UPDATE,
                Actor.newBuilder().setKind(ActorKind.INTEGRATION).build(), update.getUpdateId(), at, fields);
    }

    public void pipeChange(RecordChange change, Instant at) {
        changes.pipeInput(RecordKeys.recordKey(change.getTenantId(), change.getEntityType(), change.getRecordId()),
                change, at);
    }

    public void pipeRawChange(String key, byte[] bytes, Instant at) {
        rawChanges.pipeInput(key, bytes, at);
    }

    public void pipeRawItemEvent(String key, byte[] bytes, Instant at) {
        rawItems.pipeInput(key, bytes, at);
    }

    public static Actor userActor() {
        return Actor.newBuilder().setKind(ActorKind.USER).setId("u-7").setName("Dana").build();
    }

    // ------------------------------------------------------------------ monday side

    /** A person (or, with {@link #INTEGRATION_USER}, this integration) changes a column of an item at {@code at}. */
    public String mondayColumnChange(long itemId, String columnId, String columnType, String valueJson, Instant at,
                                     Long userId) {
        String trigger = "t-" + (++sequence);
        MondayItemEvent event = baseEvent(trigger, itemId, MondayEventKind.UPDATE_COLUMN_VALUE, "update_column_value",
                at, userId).setColumnId(columnId).setColumnType(columnType).setValue(valueJson)
                .setChangedAt(at.truncatedTo(ChronoUnit.MICROS)).build();
        pipeItemEvent(event, at);
        return trigger;
    }

    public String mondayEvent(long itemId, MondayEventKind kind, String deliveredType, Instant at, Long userId,
                              String groupId) {
        String trigger = "t-" + (++sequence);
        MondayItemEvent event = baseEvent(trigger, itemId, kind, deliveredType, at, userId).setGroupId(groupId).build();
        pipeItemEvent(event, at);
        return trigger;
    }

    /** monday's webhooks for the columns a command wrote, made by the integration's own user (echoes). */
    public void echoOnMonday(MondayCommand command, Instant at) {
        long itemId = command.getItemId();
        if (command.getAction() == com.coeffection.sync.schema.MondayAction.MOVE_TO_GROUP) {
            mondayEvent(itemId, MondayEventKind.MOVE_TO_GROUP, "move_pulse_into_group", at, INTEGRATION_USER,
                    command.getGroupId());
            return;
        }
        for (ColumnWrite column : command.getColumns()) {
            com.coeffection.sync.monday.columns.ColumnType type =
                    com.coeffection.sync.monday.columns.ColumnType.fromMonday(column.getColumnType()).orElseThrow();
            String json = com.coeffection.sync.monday.columns.ColumnCodecs.standard()
                    .toMonday(type, column.getColumnId(), column.getValue());
            mondayColumnChange(itemId, column.getColumnId(), column.getColumnType(), json, at, INTEGRATION_USER);
        }
    }

    /** Echoes of every command. */
    public void echoOnMonday(List<MondayCommand> commands, Instant at) {
        commands.forEach(c -> echoOnMonday(c, at));
    }

    public MondayItemEvent.Builder baseEvent(String trigger, long itemId, MondayEventKind kind, String deliveredType,
                                             Instant at, Long userId) {
        return MondayItemEvent.newBuilder().setTriggerUuid(trigger).setTenantId(TENANT).setBoardId(BOARD)
                .setItemId(itemId).setKind(kind).setDeliveredType(deliveredType).setUserId(userId)
                .setTriggerTime(at.truncatedTo(ChronoUnit.MILLIS));
    }

    public void pipeItemEvent(MondayItemEvent event, Instant at) {
        items.pipeInput(RecordKeys.itemKey(event.getTenantId(), event.getBoardId(), event.getItemId()), event, at);
    }

    /** The monday sink reports a command's outcome. */
    public void sinkResult(MondayCommand command, CommandOutcome outcome, Long itemId, boolean created, Instant at) {
        MondayCommandResult result = MondayCommandResult.newBuilder().setCommandId(command.getCommandId())
                .setTenantId(command.getTenantId()).setEntityType(command.getEntityType())
                .setRecordId(command.getRecordId()).setBoardId(command.getBoardId()).setItemId(itemId)
                .setOutcome(outcome).setItemCreated(created)
                .setDeliveredColumns(outcome == CommandOutcome.DELIVERED ? command.getColumns() : List.<ColumnWrite>of())
                .setHistoryEntryId(command.getHistoryEntryId()).setCompletedAt(at).build();
        results.pipeInput(RecordKeys.recordKey(command.getTenantId(), command.getEntityType(), command.getRecordId()),
                result, at);
    }

    // ------------------------------------------------------------------ requests on sync.control

    /** A request about a Contact on sync.control (as support's retry, drift repair or a review would send it). */
    public void control(SyncControl request, Instant at) {
        control.pipeInput(RecordKeys.recordKey(request.getTenantId(), request.getEntityType(), request.getRecordId()),
                request, at);
    }

    /** A request of {@code kind} about Contact {@code recordId}, ready to refine and send with {@link #control}. */
    public static SyncControl.Builder request(String requestId, com.coeffection.sync.schema.ControlKind kind,
                                              String recordId, Instant at) {
        return SyncControl.newBuilder().setRequestId(requestId).setTenantId(TENANT).setEntityType("Contact")
                .setRecordId(recordId).setKind(kind).setRequestedBy(userActor()).setRequestedAt(at);
    }

    // ------------------------------------------------------------------ outputs

    public List<MondayCommand> commands() {
        return commands.readValuesToList();
    }

    public List<TestRecord<String, MondayCommand>> commandRecords() {
        return commands.readRecordsToList();
    }

    public List<RecordUpdate> updates() {
        return updates.readValuesToList();
    }

    public List<SyncHistoryEntry> history() {
        return history.readValuesToList();
    }

    public List<TestRecord<String, DeadLetter>> deadLetters() {
        return deadLetters.readRecordsToList();
    }

    public List<Link> newLinks() {
        return newLinks.readValuesToList();
    }

    /** Drops every output produced so far. */
    public void clearOutputs() {
        commands();
        updates();
        history();
        deadLetters();
        newLinks();
    }

    public RecordState state(String recordId) {
        KeyValueStore<String, RecordState> store = driver.getKeyValueStore(RecordProcessor.STATE_STORE);
        return store.get(recordKey(recordId));
    }

    /** Lets wall-clock time pass for the topology's timers (parked events are looked at every 100 ms). */
    public void advanceWallClock(java.time.Duration duration) {
        driver.advanceWallClockTime(duration);
    }

    public ProcessorMetrics metrics() {
        return metrics;
    }

    public SyncSerdes serdes() {
        return serdes;
    }

    public SyncTopics topics() {
        return topics;
    }

    @Override
    public void close() {
        driver.close();
        try (var files = Files.walk(stateDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // temp files only
        }
    }
}

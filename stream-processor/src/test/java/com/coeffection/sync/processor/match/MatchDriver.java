package com.coeffection.sync.processor.match;

import com.coeffection.sync.processor.ProcessorConfig;
import com.coeffection.sync.processor.ProcessorMetrics;
import com.coeffection.sync.processor.SyncSerdes;
import com.coeffection.sync.processor.SyncTopology;
import com.coeffection.sync.processor.mapping.MappingLoader;
import com.coeffection.sync.schema.Actor;
import com.coeffection.sync.schema.ActorKind;
import com.coeffection.sync.schema.BoardMapping;
import com.coeffection.sync.schema.FieldChange;
import com.coeffection.sync.schema.FieldValue;
import com.coeffection.sync.schema.Link;
import com.coeffection.sync.schema.MondayCommand;
import com.coeffection.sync.schema.RecordChange;
import com.coeffection.sync.schema.RecordOperation;
import com.coeffection.sync.schema.SyncControl;
import com.coeffection.sync.schema.SyncHistoryEntry;
import com.coeffection.sync.serde.AvroSerializer;
import com.coeffection.sync.topics.RecordKeys;
import com.coeffection.sync.topics.SyncTopics;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The production topology with the board matcher on, in a TopologyTestDriver, reading board items from the monday
 * stand-in over HTTP with the real client. Speaks of records, the board, answers and review entries.
 */
final class MatchDriver implements AutoCloseable {
    static final String TENANT = "acme";
    static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");

    final ProcessorMetrics metrics = ProcessorMetrics.inMemory();
    private final TopologyTestDriver driver;
    private final TestInputTopic<String, RecordChange> changes;
    private final TestInputTopic<String, BoardMapping> mappings;
    private final TestInputTopic<String, Link> links;
    private final TestInputTopic<String, SyncControl> control;
    private final TestInputTopic<String, com.coeffection.sync.schema.MondayItemEvent> itemEvents;
    private final TestOutputTopic<String, MondayCommand> commands;
    private final TestOutputTopic<String, SyncHistoryEntry> history;
    private final TestOutputTopic<String, Link> newLinks;
    private final TestOutputTopic<String, SyncControl> answers;
    final List<MondayCommand> allCommands = new ArrayList<>();
    final List<SyncHistoryEntry> allHistory = new ArrayList<>();
    final List<Link> allLinks = new ArrayList<>();
    final List<SyncControl> allControl = new ArrayList<>();
    private int sequence;

    MatchDriver(String registryUrl, BoardReader reader, int pageSize) {
        SyncTopics topics = SyncTopics.defaults();
        SyncSerdes serdes = SyncSerdes.forRegistry(registryUrl);
        ProcessorConfig config = new ProcessorConfig(topics, 60_000_001L, 0,
                "match-test-" + UUID.randomUUID().toString().substring(0, 8));
        StreamsBuilder builder = SyncTopology.build(new StreamsBuilder(), config, serdes, metrics,
                new MatchSetup(java.util.Optional.of(reader), pageSize));
        try {
            driver = new TopologyTestDriver(builder.build(),
                    config.streamsProperties("unused:9092", Files.createTempDirectory("match-driver")), T0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        StringSerializer keys = new StringSerializer();
        changes = driver.createInputTopic(topics.recordChanges(), keys, new AvroSerializer<>(serdes.registry(), RecordChange.class));
        mappings = driver.createInputTopic(topics.boardMappings(), keys, new AvroSerializer<>(serdes.registry(), BoardMapping.class));
        links = driver.createInputTopic(topics.links(), keys, new AvroSerializer<>(serdes.registry(), Link.class));
        control = driver.createInputTopic(topics.control(), keys, new AvroSerializer<>(serdes.registry(), SyncControl.class));
        itemEvents = driver.createInputTopic(topics.itemEvents(), keys,
                new AvroSerializer<>(serdes.registry(), com.coeffection.sync.schema.MondayItemEvent.class));
        StringDeserializer k = new StringDeserializer();
        commands = driver.createOutputTopic(topics.mondayCommands(), k, serdes.command().deserializer());
        history = driver.createOutputTopic(topics.historyEvents(), k, serdes.history().deserializer());
        newLinks = driver.createOutputTopic(topics.links(), k, serdes.link().deserializer());
        answers = driver.createOutputTopic(topics.control(), k, serdes.control().deserializer());
    }

    void mappings(String yaml) {
        MappingLoader.Loaded loaded = new MappingLoader(Clock.fixed(T0, ZoneOffset.UTC)).parse(yaml, "test.yaml");
        for (BoardMapping m : loaded.mappings()) {
            mappings.pipeInput(RecordKeys.mappingKey(m.getTenantId(), m.getEntityType()), m, T0);
        }
    }

    /** A Coeffection record with these fields (a backfill or a person's first edit). */
    String record(String recordId, Map<String, FieldValue> fields) {
        String eventId = "c-" + (++sequence);
        List<FieldChange> list = new ArrayList<>();
        fields.forEach((name, value) -> list.add(new FieldChange(name, value, T0)));
        RecordChange change = RecordChange.newBuilder().setEventId(eventId).setTenantId(TENANT).setEntityType("Contact")
                .setRecordId(recordId).setOperation(RecordOperation.CREATE)
                .setActor(Actor.newBuilder().setKind(ActorKind.USER).setId("u-1").setName("Dana").build())
                .setOccurredAt(T0).setFields(list).build();
        changes.pipeInput(RecordKeys.recordKey(TENANT, "Contact", recordId), change, T0);
        return eventId;
    }

    void linked(String recordId, long boardId, long itemId) {
        links.pipeInput(RecordKeys.recordKey(TENANT, "Contact", recordId), Link.newBuilder().setTenantId(TENANT)
                .setEntityType("Contact").setRecordId(recordId).setBoardId(boardId).setItemId(itemId)
                .setSource(com.coeffection.sync.schema.LinkSource.MANUAL).setLinkedAt(T0).build(), T0);
    }

    /** A person creates an item on monday (its create_pulse webhook). */
    void itemCreatedOnMonday(long boardId, long itemId, String name, String groupId, Map<String, String> columnValues) {
        itemCreatedOnMonday(boardId, itemId, name, groupId, columnValues, 60_000_002L);
    }

    /** The integration's own monday user creates an item (the echo of a record's item creation). */
    void itemCreatedByTheIntegration(long boardId, long itemId, String name, String groupId, Map<String, String> columnValues) {
        itemCreatedOnMonday(boardId, itemId, name, groupId, columnValues, 60_000_001L);
    }

    private void itemCreatedOnMonday(long boardId, long itemId, String name, String groupId,
                                     Map<String, String> columnValues, long userId) {
        com.coeffection.sync.schema.MondayItemEvent event = com.coeffection.sync.schema.MondayItemEvent.newBuilder()
                .setTriggerUuid("t-" + itemId).setTenantId(TENANT).setBoardId(boardId).setItemId(itemId)
                .setKind(com.coeffection.sync.schema.MondayEventKind.CREATE_ITEM).setDeliveredType("create_pulse")
                .setUserId(userId).setTriggerTime(T0).setGroupId(groupId).setItemName(name)
                .setColumnValues(columnValues).build();
        itemEvents.pipeInput(RecordKeys.itemKey(TENANT, boardId, itemId), event, T0);
    }

    void control(SyncControl request) {
        control.pipeInput(RecordKeys.recordKey(request.getTenantId(), request.getEntityType(), request.getRecordId()),
                request, T0);
    }

    /** Lets the matcher's punctuation run (board reading) {@code times} times. */
    void tick(int times) {
        for (int i = 0; i < times; i++) {
            driver.advanceWallClockTime(Duration.ofMillis(BoardMatcher.PUNCTUATE_MS));
        }
    }

    /** Collects what was written since the last call. */
    void collect() {
        allCommands.addAll(commands.readValuesToList());
        allHistory.addAll(history.readValuesToList());
        allLinks.addAll(newLinks.readValuesToList());
        allControl.addAll(answers.readValuesToList());
    }

    void clear() {
        collect();
        allCommands.clear();
        allHistory.clear();
        allLinks.clear();
        allControl.clear();
    }

    @Override
    public void close() {
        driver.close();
    }
}

package com.coeffection.sync.monday.sink;

import com.coeffection.sync.monday.tokens.TokenProvider;

import com.coeffection.sync.monday.graphql.MondayClientConfig;

import com.coeffection.sync.monday.graphql.MondayClient;
import com.coeffection.sync.monday.graphql.Operations;
import com.coeffection.sync.monday.standin.MondayStandIn;
import com.coeffection.sync.monday.standin.StandInConfig;
import com.coeffection.sync.monday.standin.StandInViews.ItemView;
import com.coeffection.sync.schema.DeadLetter;
import com.coeffection.sync.schema.MondayCommand;
import com.coeffection.sync.schema.MondayCommandResult;
import com.coeffection.sync.serde.AvroDeserializer;
import com.coeffection.sync.serde.AvroSerializer;
import com.coeffection.sync.serde.SchemaRegistryClient;
import com.coeffection.sync.testkit.RealInfra;
import com.coeffection.sync.topics.RecordKeys;
import com.coeffection.sync.topics.SyncTopics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.avro.specific.SpecificRecord;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What the sink's integration tests share: a monday stand-in with one board (text, numbers and status columns, the
 * "Coeffection ID" column, a "won" group), unique topics on the real broker, a producer of commands and readers
 * of what the sink wrote.
 */
final class SinkHarness implements AutoCloseable {
    static final String TENANT = "t1";

    final RealInfra infra;
    final MondayStandIn monday;
    final MondayClient admin;
    final long board;
    final String wonGroup;
    final SyncTopics topics;
    final SchemaRegistryClient registry;
    private final KafkaProducer<String, byte[]> producer;
    private final AvroSerializer<MondayCommand> commands;

    SinkHarness(RealInfra infra, StandInConfig standIn, int partitions) {
        this(infra, standIn, java.time.Clock.systemUTC(), partitions);
    }

    SinkHarness(RealInfra infra, StandInConfig standIn, java.time.Clock standInClock, int partitions) {
        this.infra = infra;
        this.monday = MondayStandIn.start(standIn, standInClock);
        this.admin = new MondayClient(MondayClientConfig.of(monday.apiUrl(), monday.token()).withAssumedBudget(monday.config().budgetPerWindow()));
        this.board = createBoard("Contacts", MondaySinkConfig.DEFAULT_COEFFECTION_ID_COLUMN);
        this.wonGroup = admin.execute(new Operations.CreateGroup(board, "Won", null)).id();
        SyncTopics d = SyncTopics.defaults();
        this.topics = new SyncTopics(d.recordChanges(), d.itemEvents(), d.boardMappings(), d.links(),
                infra.uniqueTopic("commands", partitions), infra.uniqueTopic("results", 1), d.recordUpdates(),
                infra.uniqueTopic("history", 1), d.history(), infra.uniqueTopic("dlq", 1), d.control());
        this.registry = new SchemaRegistryClient(infra.schemaRegistryUrl());
        this.producer = new KafkaProducer<>(infra.producerConfig());
        this.commands = new AvroSerializer<>(registry, MondayCommand.class);
    }

    /** Another board with the same text, numbers and status columns, its Coeffection ID in column {@code idColumn}. */
    long createBoard(String name, String idColumn) {
        long id = admin.execute(new Operations.CreateBoard(name, "public", null, null, null)).id();
        admin.execute(new Operations.CreateColumn(id, "Text", "text", "text", null, null));
        admin.execute(new Operations.CreateColumn(id, "Amount", "numbers", "numbers", null, null));
        admin.execute(new Operations.CreateColumn(id, "Stage", "status", "status", null, null));
        admin.execute(new Operations.CreateColumn(id, "Coeffection ID", "text", idColumn, null, null));
        return id;
    }

    /** A sink configuration for this harness: its topics, a group of its own, the stand-in with its token. */
    MondaySinkConfig config(Duration window) {
        return MondaySinkConfig.of(infra.bootstrapServers(), infra.schemaRegistryUrl(), monday.apiUrl(),
                TokenProvider.fixed(monday.token()))
                .withTopics(topics).withGroupId("monday-sync-sink-test-" + UUID.randomUUID()).withWindow(window);
    }

    /** Environment variables that configure {@link MondaySinkMain} the same way. */
    Map<String, String> env(String groupId, Duration window) {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", infra.bootstrapServers());
        env.put("SCHEMA_REGISTRY_URL", infra.schemaRegistryUrl());
        env.put("TOPIC_MONDAY_COMMANDS", topics.mondayCommands());
        env.put("TOPIC_MONDAY_RESULTS", topics.mondayResults());
        env.put("TOPIC_HISTORY_EVENTS", topics.historyEvents());
        env.put("TOPIC_DLQ", topics.deadLetters());
        env.put("MONDAY_API_URL", monday.apiUrl().toString());
        env.put("MONDAY_API_TOKEN", monday.token());
        env.put("MONDAY_SINK_GROUP_ID", groupId);
        env.put("MONDAY_SINK_WINDOW_MS", Long.toString(window.toMillis()));
        return env;
    }

    void send(MondayCommand command) {
        producer.send(new ProducerRecord<>(topics.mondayCommands(), RecordKeys.boardKey(command.getTenantId(), command.getBoardId()),
                commands.serialize(topics.mondayCommands(), command)));
    }

    /** The record {@link #send} would produce for this command (for a producer of the test's own). */
    ProducerRecord<String, byte[]> record(MondayCommand command) {
        return new ProducerRecord<>(topics.mondayCommands(), RecordKeys.boardKey(command.getTenantId(), command.getBoardId()),
                commands.serialize(topics.mondayCommands(), command));
    }

    void sendRaw(byte[] value) {
        producer.send(new ProducerRecord<>(topics.mondayCommands(), RecordKeys.boardKey(TENANT, board), value));
    }

    void flush() {
        producer.flush();
    }

    /** An item made in monday directly (not through the sink), carrying the record's Coeffection ID. */
    long seedItem(String recordId, String name) {
        return monday.asUser(monday.config().users().get(0).id()).createItem(board, name, null,
                Map.of(MondaySinkConfig.DEFAULT_COEFFECTION_ID_COLUMN, "\"" + recordId + "\"")).id();
    }

    /** The board's active items by their Coeffection ID (duplicates would show as lists longer than one). */
    Map<String, List<ItemView>> itemsByRecord() {
        return itemsByRecord(board, MondaySinkConfig.DEFAULT_COEFFECTION_ID_COLUMN);
    }

    /** A board's active items by the Coeffection ID in column {@code idColumn}. */
    Map<String, List<ItemView>> itemsByRecord(long boardId, String idColumn) {
        Map<String, List<ItemView>> byRecord = new HashMap<>();
        for (ItemView item : monday.items(boardId)) {
            if (!"active".equals(item.state())) {
                continue;
            }
            var id = item.values().get(idColumn);
            String recordId = id == null ? null : id.text();
            byRecord.computeIfAbsent(recordId, k -> new ArrayList<>()).add(item);
        }
        return byRecord;
    }

    static String text(ItemView item, String column) {
        var value = item.values().get(column);
        return value == null ? null : value.text();
    }

    List<MondayCommandResult> results(int expected, Duration timeout) {
        return decode(infra.readAll(topics.mondayResults(), expected, timeout), MondayCommandResult.class, topics.mondayResults());
    }

    /** How many records the history topic holds (the sink writes none: its outcomes are its results). */
    long historyRecords() {
        try {
            var partition = new org.apache.kafka.common.TopicPartition(topics.historyEvents(), 0);
            return infra.admin().listOffsets(Map.of(partition, org.apache.kafka.clients.admin.OffsetSpec.latest()))
                    .partitionResult(partition).get().offset();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    List<ConsumerRecord<String, byte[]>> deadLetterRecords(int expected, Duration timeout) {
        return infra.readAll(topics.deadLetters(), expected, timeout);
    }

    DeadLetter deadLetter(ConsumerRecord<String, byte[]> record) {
        return new AvroDeserializer<>(registry, DeadLetter.class).deserialize(record.topic(), record.value());
    }

    private <T extends SpecificRecord> List<T> decode(List<ConsumerRecord<String, byte[]>> records, Class<T> type, String topic) {
        AvroDeserializer<T> deserializer = new AvroDeserializer<>(registry, type);
        return records.stream().map(r -> deserializer.deserialize(topic, r.value())).toList();
    }

    URI apiUrl() {
        return monday.apiUrl();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
        admin.close();
        monday.close();
    }
}

package com.coeffection.sync.processor;

import com.coeffection.sync.processor.mapping.MappingPublisher;
import com.coeffection.sync.schema.ColumnWrite;
import com.coeffection.sync.schema.CommandOutcome;
import com.coeffection.sync.schema.DeadLetter;
import com.coeffection.sync.schema.FieldChange;
import com.coeffection.sync.schema.FieldValue;
import com.coeffection.sync.schema.MondayAction;
import com.coeffection.sync.schema.MondayCommand;
import com.coeffection.sync.schema.MondayCommandResult;
import com.coeffection.sync.schema.MondayEventKind;
import com.coeffection.sync.schema.MondayItemEvent;
import com.coeffection.sync.schema.RecordChange;
import com.coeffection.sync.schema.RecordOperation;
import com.coeffection.sync.schema.RecordUpdate;
import com.coeffection.sync.serde.AvroDeserializer;
import com.coeffection.sync.serde.AvroSerializer;
import com.coeffection.sync.serde.SchemaRegistryClient;
import com.coeffection.sync.testkit.RealInfra;
import com.coeffection.sync.topics.RecordKeys;
import com.coeffection.sync.topics.SyncTopics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import static org.awaitility.Awaitility.await;

/**
 * The packaged processor on the real broker with its own topics, and around it what the tests watch: a sink
 * responder that answers every monday command as the monday sink does (DELIVERED, a new item id for a creation,
 * keyed by record key with the Java client) and keeps what each monday item was written, what each record was sent
 * back to Coeffection, and every dead letter.
 */
final class LivePipeline implements AutoCloseable {
    static final long BOARD = 100L;

    final RealInfra infra;
    final SyncTopics topics;
    final SchemaRegistryClient registry;
    /** recordId -> field -> the last value a command wrote to its monday item. */
    final Map<String, Map<String, FieldValue>> mondayItems = new ConcurrentHashMap<>();
    /** recordId -> field -> the last value a record update sent to Coeffection. */
    final Map<String, Map<String, FieldValue>> coeffection = new ConcurrentHashMap<>();
    final Map<String, Long> itemOf = new ConcurrentHashMap<>();
    final Map<String, Integer> creates = new ConcurrentHashMap<>();
    final List<DeadLetter> deadLetters = new CopyOnWriteArrayList<>();
    private final AtomicLong nextItem = new AtomicLong(70_000);
    private final KafkaProducer<String, byte[]> producer;
    private final Thread responder;
    private volatile boolean running = true;
    private ProcessorApp app;

    LivePipeline(RealInfra infra, int partitions) throws Exception {
        this.infra = infra;
        String run = UUID.randomUUID().toString().substring(0, 8);
        this.topics = new SyncTopics("lp-changes-" + run, "lp-items-" + run, "lp-mappings-" + run, "lp-links-" + run,
                "lp-commands-" + run, "lp-results-" + run, "lp-updates-" + run, "lp-history-events-" + run,
                "lp-history-" + run, "lp-dlq-" + run, "lp-control-" + run);
        for (SyncTopics.Spec spec : topics.all()) {
            infra.createTopic(spec.name(), partitions, spec.compacted());
        }
        this.registry = new SchemaRegistryClient(infra.schemaRegistryUrl());
        try (MappingPublisher publisher = new MappingPublisher(infra.bootstrapServers(), infra.schemaRegistryUrl(),
                topics, Clock.systemUTC())) {
            publisher.publish(Path.of(getClass().getResource("/mappings/acme.yaml").toURI()));
        }
        this.producer = new KafkaProducer<>(infra.producerConfig());
        this.responder = new Thread(this::respond, "sink-responder");
        responder.setDaemon(true);
        responder.start();
    }

    /** Starts the processor, reading the registry at {@code registryUrl}; waits until it runs. */
    LivePipeline startProcessor(String registryUrl) throws Exception {
        app = new ProcessorApp(infra.bootstrapServers(), registryUrl, topics, new SimpleMeterRegistry(),
                SyncDriver.INTEGRATION_USER, Files.createTempDirectory("live-pipeline"),
                "lp-processor-" + topics.recordChanges(), Map.of()).start();
        await().atMost(Duration.ofSeconds(60)).until(() -> app.state() == KafkaStreams.State.RUNNING);
        return this;
    }

    /** A Coeffection change of one Contact field, encoded as its producer would (Confluent wire format). */
    byte[] change(String recordId, String eventId, RecordOperation op, String field, FieldValue value, Instant at) {
        RecordChange change = RecordChange.newBuilder().setEventId(eventId).setTenantId(SyncDriver.TENANT)
                .setEntityType("Contact").setRecordId(recordId).setOperation(op).setActor(SyncDriver.userActor())
                .setOccurredAt(at).setFields(List.of(new FieldChange(field, value, at))).build();
        return new AvroSerializer<>(registry, RecordChange.class).serialize(topics.recordChanges(), change);
    }

    static String recordKey(String recordId) {
        return RecordKeys.recordKey(SyncDriver.TENANT, "Contact", recordId);
    }

    /** A person edits a text column of the record's monday item at {@code at} (published as the ingress does). */
    void mondayTextEdit(String recordId, String columnId, String text, Instant at) {
        long item = itemOf.get(recordId);
        MondayItemEvent event = MondayItemEvent.newBuilder().setTriggerUuid("t-" + UUID.randomUUID())
                .setTenantId(SyncDriver.TENANT).setBoardId(BOARD).setItemId(item)
                .setKind(MondayEventKind.UPDATE_COLUMN_VALUE).setDeliveredType("update_column_value")
                .setUserId(SyncDriver.PERSON_ON_MONDAY).setTriggerTime(at.truncatedTo(ChronoUnit.MILLIS))
                .setChangedAt(at.truncatedTo(ChronoUnit.MICROS)).setColumnId(columnId).setColumnType("text")
                .setValue("{\"value\":\"" + text + "\"}").build();
        producer.send(new ProducerRecord<>(topics.itemEvents(), RecordKeys.itemKey(SyncDriver.TENANT, BOARD, item),
                new AvroSerializer<>(registry, MondayItemEvent.class).serialize(topics.itemEvents(), event)));
        producer.flush();
    }

    FieldValue onMonday(String recordId, String field) {
        return mondayItems.getOrDefault(recordId, Map.of()).get(field);
    }

    FieldValue inCoeffection(String recordId, String field) {
        return coeffection.getOrDefault(recordId, Map.of()).get(field);
    }

    private void respond() {
        Map<String, Object> config = infra.consumerConfig("responder-" + UUID.randomUUID());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        AvroDeserializer<MondayCommand> commands = new AvroDeserializer<>(registry, MondayCommand.class);
        AvroDeserializer<RecordUpdate> updates = new AvroDeserializer<>(registry, RecordUpdate.class);
        AvroDeserializer<DeadLetter> letters = new AvroDeserializer<>(registry, DeadLetter.class);
        AvroSerializer<MondayCommandResult> results = new AvroSerializer<>(registry, MondayCommandResult.class);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(Set.of(topics.mondayCommands(), topics.recordUpdates(), topics.deadLetters()));
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    if (record.topic().equals(topics.mondayCommands())) {
                        deliver(commands.deserialize(record.topic(), record.value()), results);
                    } else if (record.topic().equals(topics.recordUpdates())) {
                        RecordUpdate update = updates.deserialize(record.topic(), record.value());
                        Map<String, FieldValue> fields = coeffection.computeIfAbsent(update.getRecordId(),
                                k -> new ConcurrentHashMap<>());
                        update.getFields().forEach(f -> fields.put(f.getField(), f.getValue()));
                    } else {
                        deadLetters.add(letters.deserialize(record.topic(), record.value()));
                    }
                }
            }
        }
    }

    private void deliver(MondayCommand command, AvroSerializer<MondayCommandResult> results) {
        String recordId = command.getRecordId();
        Map<String, FieldValue> item = mondayItems.computeIfAbsent(recordId, k -> new ConcurrentHashMap<>());
        for (ColumnWrite column : command.getColumns()) {
            item.put(column.getField(), column.getValue());
        }
        Long itemId = command.getItemId();
        boolean created = command.getAction() == MondayAction.CREATE_ITEM;
        if (created) {
            itemId = nextItem.incrementAndGet();
            creates.merge(recordId, 1, Integer::sum);
        }
        MondayCommandResult result = MondayCommandResult.newBuilder().setCommandId(command.getCommandId())
                .setTenantId(command.getTenantId()).setEntityType(command.getEntityType()).setRecordId(recordId)
                .setBoardId(command.getBoardId()).setItemId(itemId).setOutcome(CommandOutcome.DELIVERED)
                .setItemCreated(created).setDeliveredColumns(command.getColumns())
                .setHistoryEntryId(command.getHistoryEntryId()).setCompletedAt(Instant.now()).build();
        producer.send(new ProducerRecord<>(topics.mondayResults(), recordKey(recordId),
                results.serialize(topics.mondayResults(), result)));
        if (created) {
            itemOf.put(recordId, itemId);
        }
    }

    @Override
    public void close() throws Exception {
        running = false;
        responder.join(5_000);
        if (app != null) {
            app.close();
        }
        producer.close(Duration.ofSeconds(5));
    }
}

package com.coeffection.sync.coeffection.standin;

import com.coeffection.sync.schema.FieldChange;
import com.coeffection.sync.schema.RecordUpdate;
import com.coeffection.sync.schema.RecordUpdateOperation;
import com.coeffection.sync.serde.AvroDeserializer;
import com.coeffection.sync.serde.SchemaRegistryClient;
import com.coeffection.sync.serde.SchemaRegistryException;
import com.coeffection.sync.serde.SerdeException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Plays the Coeffection service that applies the sync's record updates: reads {@code coeffection.record-updates},
 * sets each update's fields on its record (as the sync's integration user, with the update's id as the change's
 * causation, so the webhook Coeffection then sends is recognised by the sync as its own echo) and commits. An update
 * for a record that does not exist, or one that cannot be decoded, is logged with its position and counted; a
 * registry outage is waited out (the update is read again), never skipped.
 */
public final class RecordUpdateApplier implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RecordUpdateApplier.class);
    /** The record field that names the record's monday item. */
    static final String MONDAY_ITEM_ID = "mondayItemId";
    static final RecordStore.Actor SYNC = new RecordStore.Actor("INTEGRATION", "monday-sync", "monday.com sync", null);

    private final KafkaConsumer<String, byte[]> consumer;
    private final AvroDeserializer<RecordUpdate> updates;
    private final RecordStore store;
    private final String topic;
    private final Thread thread;
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong unchanged = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final LatencySamples latency = new LatencySamples();
    private volatile boolean running = true;

    public RecordUpdateApplier(String bootstrapServers, SchemaRegistryClient registry, String topic, String groupId,
                               RecordStore store) {
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, groupId,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new ByteArrayDeserializer());
        this.updates = new AvroDeserializer<>(registry, RecordUpdate.class);
        this.store = store;
        this.topic = topic;
        this.thread = new Thread(this::run, "coeffection-record-updates");
        this.thread.setDaemon(true);
    }

    public RecordUpdateApplier start() {
        consumer.subscribe(List.of(topic));
        thread.start();
        return this;
    }

    /** Updates applied, updates that changed nothing, and updates refused (unknown record, undecodable). */
    public Map<String, Long> counts() {
        return Map.of("applied", applied.get(), "unchanged", unchanged.get(), "refused", refused.get());
    }

    private void run() {
        try {
            while (running) {
                ConsumerRecords<String, byte[]> batch = consumer.poll(Duration.ofMillis(200));
                if (batch.isEmpty()) {
                    continue;
                }
                Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
                boolean waitForRegistry = false;
                for (TopicPartition partition : batch.partitions()) {
                    for (ConsumerRecord<String, byte[]> record : batch.records(partition)) {
                        if (!waitForRegistry && apply(record)) {
                            done.put(partition, new OffsetAndMetadata(record.offset() + 1));
                        } else {
                            // read this partition again from here (and every later partition from its start)
                            waitForRegistry = true;
                            consumer.seek(partition, record.offset());
                            break;
                        }
                    }
                }
                if (!done.isEmpty()) {
                    consumer.commitSync(done);
                }
                if (waitForRegistry) {
                    Thread.sleep(1_000);
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("The record-update consumer stopped", e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** Applies one update; false when it must be read again later (registry unavailable). */
    private boolean apply(ConsumerRecord<String, byte[]> record) {
        RecordUpdate update;
        try {
            update = updates.deserialize(record.topic(), record.value());
        } catch (SchemaRegistryException e) {
            if (e.retryable()) {
                log.warn("Schema registry unavailable while reading the update at {}-{}@{}; reading it again",
                        record.topic(), record.partition(), record.offset());
                return false;
            }
            refused(record, e);
            return true;
        } catch (SerdeException e) {
            refused(record, e);
            return true;
        }
        ObjectNode fields = JsonNodeFactory.instance.objectNode();
        for (FieldChange change : update.getFields()) {
            fields.set(change.getField(), JsonValues.toJson(change.getValue()));
        }
        if (update.getOperation() == RecordUpdateOperation.CREATE) {
            create(update, fields);
            return true;
        }
        try {
            boolean changed = store.patch(update.getTenantId(), update.getEntityType(), update.getRecordId(), fields,
                    SYNC, update.getUpdateId()).isPresent();
            (changed ? applied : unchanged).incrementAndGet();
            update.getFields().stream().map(FieldChange::getChangedAt).max(java.util.Comparator.naturalOrder())
                    .ifPresent(t -> latency.add(Math.max(0, System.currentTimeMillis() - t.toEpochMilli())));
        } catch (RecordStore.NoSuchRecordException e) {
            refused.incrementAndGet();
            log.warn("Record update {} refused: {} (tenant={}, record={})", update.getUpdateId(), e.getMessage(),
                    update.getTenantId(), update.getRecordId());
        }
        return true;
    }

    /**
     * A record to create from a monday item: created under a new id with the item's id in its Monday Item ID field,
     * unless a record names that item already (the same update read again, or the item linked by hand), which is
     * then updated instead, so an update read twice never makes two records.
     */
    private void create(RecordUpdate update, ObjectNode fields) {
        if (update.getItemId() == null) {
            refused.incrementAndGet();
            log.warn("Record creation {} refused: it names no monday item (tenant={}, entity={})", update.getUpdateId(),
                    update.getTenantId(), update.getEntityType());
            return;
        }
        fields.put(MONDAY_ITEM_ID, update.getItemId());
        Optional<String> existing = store.idWhere(update.getTenantId(), update.getEntityType(), MONDAY_ITEM_ID,
                fields.get(MONDAY_ITEM_ID));
        if (existing.isPresent()) {
            boolean changed = store.patch(update.getTenantId(), update.getEntityType(), existing.get(), fields, SYNC,
                    update.getUpdateId()).isPresent();
            (changed ? applied : unchanged).incrementAndGet();
            return;
        }
        RecordStore.Change created = store.create(update.getTenantId(), update.getEntityType(), fields, SYNC, false,
                update.getUpdateId());
        applied.incrementAndGet();
        log.info("Record {} created from monday item {} (tenant={}, update={})", created.recordId(), update.getItemId(),
                update.getTenantId(), update.getUpdateId());
    }

    private void refused(ConsumerRecord<String, byte[]> record, Exception e) {
        refused.incrementAndGet();
        log.warn("Record update at {}-{}@{} cannot be read and is not applied: {}", record.topic(), record.partition(),
                record.offset(), e.getMessage());
    }

    /** How long after its change in monday each update was applied (milliseconds). */
    public LatencySamples latency() {
        return latency;
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

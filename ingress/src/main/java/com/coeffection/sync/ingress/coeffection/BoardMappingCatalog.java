package com.coeffection.sync.ingress.coeffection;

import com.coeffection.sync.schema.BoardMapping;
import com.coeffection.sync.schema.FieldMapping;
import com.coeffection.sync.serde.AvroDeserializer;
import com.coeffection.sync.serde.SchemaRegistryClient;
import com.coeffection.sync.topics.RecordKeys;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The field types of every board mapping, read from the compacted {@code sync.board-mappings} topic and kept up to
 * date in memory (a tombstone removes a mapping). The ingress asks it the Coeffection type of a field so that a
 * webhook value becomes the right {@link com.coeffection.sync.schema.FieldValue}. It reads every partition from
 * the start without a consumer group, so every ingress instance has the whole table.
 */
public final class BoardMappingCatalog implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BoardMappingCatalog.class);

    private final String topic;
    private final KafkaConsumer<String, byte[]> consumer;
    private final AvroDeserializer<BoardMapping> deserializer;
    private final Map<String, Map<String, String>> fieldTypes = new ConcurrentHashMap<>();
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final Thread reader;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile boolean started;

    public BoardMappingCatalog(String bootstrapServers, String topic, SchemaRegistryClient registry) {
        this.topic = topic;
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "webhook-ingress-board-mappings");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
        this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        this.deserializer = new AvroDeserializer<>(registry, BoardMapping.class);
        this.reader = new Thread(this::run, "ingress-board-mappings");
        this.reader.setDaemon(true);
    }

    /** Starts reading in the background. */
    public void start() {
        started = true;
        reader.start();
    }

    /** Waits until the topic was read up to its end once (or the timeout passed); true when caught up. */
    public boolean awaitCaughtUp(Duration timeout) {
        try {
            return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Coeffection field name to field type for one tenant's entity type; empty when it has no mapping. */
    public Map<String, String> fieldTypes(String tenantId, String entityType) {
        return fieldTypes.getOrDefault(RecordKeys.mappingKey(tenantId, entityType), Map.of());
    }

    private void run() {
        try {
            List<TopicPartition> partitions = awaitPartitions();
            if (partitions == null) {
                return;
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    apply(record);
                }
                if (caughtUp.getCount() > 0 && partitions.stream().allMatch(p -> consumer.position(p) >= ends.get(p))) {
                    log.info("Board mappings read from {}: {} mapping(s)", topic, fieldTypes.size());
                    caughtUp.countDown();
                }
            }
        } catch (WakeupException | InterruptException e) {
            // closing
        } catch (RuntimeException e) {
            log.error("The board mappings reader stopped on {}: {}; Coeffection field types are now inferred from JSON",
                    topic, e.toString(), e);
        } finally {
            caughtUp.countDown();
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private List<TopicPartition> awaitPartitions() {
        long warnedAt = 0;
        while (running) {
            List<PartitionInfo> infos;
            try {
                infos = consumer.partitionsFor(topic, Duration.ofSeconds(2));
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                infos = List.of();
            }
            if (infos != null && !infos.isEmpty()) {
                return infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            }
            caughtUp.countDown();
            if (System.nanoTime() - warnedAt > TimeUnit.MINUTES.toNanos(5)) {
                log.warn("Topic {} does not exist (yet); Coeffection field types are inferred from JSON until it does", topic);
                warnedAt = System.nanoTime();
            }
            try {
                if (stopped.await(2, TimeUnit.SECONDS)) {
                    return null;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        if (record.key() == null) {
            return;
        }
        if (record.value() == null) {
            fieldTypes.remove(record.key());
            return;
        }
        try {
            BoardMapping mapping = deserializer.deserialize(record.topic(), record.value());
            Map<String, String> types = new HashMap<>();
            for (FieldMapping field : mapping.getFields()) {
                types.put(field.getField(), field.getFieldType());
            }
            fieldTypes.put(RecordKeys.mappingKey(mapping.getTenantId(), mapping.getEntityType()), Map.copyOf(types));
        } catch (RuntimeException e) {
            log.warn("Board mapping {} at {}-{}@{} cannot be read and is ignored by the ingress: {}", record.key(),
                    record.topic(), record.partition(), record.offset(), e.getMessage());
        }
    }

    @Override
    public void close() {
        running = false;
        stopped.countDown();
        if (!started) {
            consumer.close(Duration.ofSeconds(2));
            return;
        }
        consumer.wakeup();
        try {
            reader.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

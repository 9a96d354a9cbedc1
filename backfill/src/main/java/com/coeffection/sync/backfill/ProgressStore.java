package com.coeffection.sync.backfill;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Where each backfill has got to, kept in a compacted Kafka topic keyed {@code tenantId:entityType} (JSON values),
 * so a backfill resumes after a crash or a restart on any machine from its last checkpoint instead of from the
 * start. A checkpoint is written only after every change before it was acknowledged by Kafka.
 */
public final class ProgressStore implements AutoCloseable {
    /**
     * A checkpoint: the next offset to read from the API, for the board the records go to, and what the reader had
     * counted up to it ({@code counts}, by name; null when the reader keeps none), so a resumed run reports the whole run.
     */
    public record Checkpoint(String tenantId, String entityType, Long boardId, int nextOffset, int total, boolean done,
                             long startedAtMillis, long updatedAtMillis, Map<String, Integer> counts) {
        public Checkpoint {
            counts = counts == null ? null : Map.copyOf(counts);
        }
    }

    private final ObjectMapper mapper = new ObjectMapper();
    private final String bootstrapServers;
    private final String topic;
    private final KafkaProducer<String, byte[]> producer;

    public ProgressStore(String bootstrapServers, String topic) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        ensureTopic();
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                new StringSerializer(), new ByteArraySerializer());
    }

    /** The latest checkpoint of {@code tenantId:entityType}, read from the topic. */
    public Optional<Checkpoint> read(String tenantId, String entityType) {
        return CompactedTopic.latest(bootstrapServers, topic, tenantId + ":" + entityType).map(this::decode);
    }

    /** Writes {@code checkpoint} and waits until Kafka has it. */
    public void write(Checkpoint checkpoint) {
        try {
            producer.send(new ProducerRecord<>(topic, checkpoint.tenantId() + ":" + checkpoint.entityType(),
                    mapper.writeValueAsBytes(checkpoint))).get(30, TimeUnit.SECONDS);
        } catch (IOException | ExecutionException | TimeoutException e) {
            throw new IllegalStateException("The backfill checkpoint could not be written to " + topic + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while writing the backfill checkpoint", e);
        }
    }

    /** Forgets the checkpoint of {@code tenantId:entityType} (the next backfill starts from the first record). */
    public void clear(String tenantId, String entityType) {
        try {
            producer.send(new ProducerRecord<>(topic, tenantId + ":" + entityType, null)).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("The backfill checkpoint could not be cleared: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Checkpoint decode(byte[] value) {
        try {
            return mapper.readValue(value, Checkpoint.class);
        } catch (IOException e) {
            return null; // an unreadable checkpoint: start over (safe: a repeated record is recognised downstream)
        }
    }

    private void ensureTopic() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic(topic, Optional.of(1), Optional.empty())
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))))
                    .all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("The backfill progress topic " + topic + " could not be created: "
                        + e.getCause().getMessage(), e);
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not answer while creating " + topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}

package com.coeffection.sync.drift.run;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Publishes a run's pages in Kafka transactions under one fixed transactional id per board
 * ({@code <prefix>-drift-<tenant>-<entity>-<board>}). Two runners of one board therefore never both publish: when
 * a second runner starts, Kafka aborts the first one's open transaction and refuses its next commit (zombie
 * fencing), and the first stops with {@link DriftFencedException}. The processor reads with read_committed (exactly
 * once), so it never sees a discarded page.
 */
public final class FencedPublisher implements Publisher {
    private final KafkaProducer<String, byte[]> producer;
    private final String board;
    private boolean open;
    private int page;
    private int published;

    public FencedPublisher(String bootstrapServers, String transactionalId, String board) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        this.board = board;
        this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
        producer.initTransactions();
    }

    /** The transactional id of a board's runner. */
    public static String transactionalId(String prefix, String tenant, String entityType, long boardId) {
        return prefix + "-drift-" + tenant + "-" + entityType + "-" + boardId;
    }

    @Override
    public void send(String topic, String key, byte[] value) {
        try {
            if (!open) {
                producer.beginTransaction();
                open = true;
            }
            producer.send(new ProducerRecord<>(topic, key, value));
            page++;
        } catch (KafkaException e) {
            throw fencedOr(e);
        }
    }

    @Override
    public void commitPage() {
        if (!open) {
            return;
        }
        try {
            producer.commitTransaction();
            open = false;
            published += page;
            page = 0;
        } catch (KafkaException e) {
            throw fencedOr(e);
        }
    }

    /** A fencing error (anywhere in the cause chain) as {@link DriftFencedException}; any other error as it is. */
    private RuntimeException fencedOr(KafkaException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ProducerFencedException || t instanceof InvalidProducerEpochException) {
                return new DriftFencedException(board, e);
            }
        }
        return e;
    }

    @Override
    public int published() {
        return published;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}

package com.coeffection.sync.history.retry;

import com.coeffection.sync.history.HistorySerdes;
import com.coeffection.sync.schema.SyncControl;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Publishes requests to the processor on {@code sync.control}, keyed by record, and waits until Kafka has them. */
public final class ControlPublisher implements AutoCloseable {
    private final KafkaProducer<String, byte[]> producer;
    private final HistorySerdes serdes;
    private final String topic;

    public ControlPublisher(String bootstrapServers, HistorySerdes serdes, String topic) {
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000), new StringSerializer(), new ByteArraySerializer());
        this.serdes = serdes;
        this.topic = topic;
    }

    /** Thrown when Kafka did not take the request: nothing was asked of the processor. */
    public static final class PublishFailedException extends RuntimeException {
        PublishFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public void publish(SyncControl request) {
        String key = request.getTenantId() + ":" + request.getEntityType() + ":" + request.getRecordId();
        try {
            producer.send(new ProducerRecord<>(topic, key, serdes.control().serializer().serialize(topic, request)))
                    .get(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishFailedException("Interrupted while publishing control request " + request.getRequestId(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new PublishFailedException("Kafka did not take control request " + request.getRequestId() + " on "
                    + topic + ": " + e.getMessage() + "; nothing was retried, try again", e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}

package com.coeffection.sync.ingress.delivery;

import com.coeffection.sync.serde.AvroSerializer;
import com.coeffection.sync.serde.SchemaRegistryClient;
import com.coeffection.sync.topics.ContractSchemas;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes Avro records to Kafka so that a webhook is acknowledged only once its record is durable: an idempotent
 * producer with {@code acks=all}, and a future that completes when the broker acknowledged the write, or fails
 * with {@link KafkaUnavailableException} once the write timeout has passed (then nothing was written, because
 * the producer's delivery timeout is that same bound).
 */
public final class DurableWriter implements AutoCloseable {
    private final Producer<String, byte[]> producer;
    private final SchemaRegistryClient registry;
    private final Map<Class<?>, AvroSerializer<?>> serializers = new ConcurrentHashMap<>();
    private final KafkaClientMetrics producerMetrics;

    public DurableWriter(String bootstrapServers, SchemaRegistryClient registry, Duration writeTimeout, MeterRegistry meters) {
        this.registry = registry;
        this.producer = new KafkaProducer<>(producerConfig(bootstrapServers, writeTimeout),
                new StringSerializer(), new ByteArraySerializer());
        this.producerMetrics = new KafkaClientMetrics(producer);
        producerMetrics.bindTo(meters);
    }

    /**
     * The producer settings: durable (all in-sync replicas, idempotent, so retries inside the producer never
     * duplicate or reorder), batched a little for throughput, and bounded in time so the HTTP answer comes
     * within {@code writeTimeout}.
     */
    static Map<String, Object> producerConfig(String bootstrapServers, Duration writeTimeout) {
        long total = writeTimeout.toMillis();
        long linger = 2;
        // the configuration allows no write timeout under 1 s, so every part below stays positive
        long maxBlock = Math.max(250, Math.min(2000, total / 3));
        long deliveryTimeout = total - maxBlock;
        long requestTimeout = deliveryTimeout - linger - 50;
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "webhook-ingress");
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        config.put(ProducerConfig.LINGER_MS_CONFIG, (int) linger);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024);
        // webhook events are small; no compression keeps CPU free on small machines and needs no codec on the broker
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, maxBlock);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) deliveryTimeout);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) requestTimeout);
        config.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        config.put(ProducerConfig.METADATA_MAX_AGE_CONFIG, 60_000);
        return config;
    }

    /** Registers (or finds) the value schema of each topic now, so that no delivery waits for the registry. */
    public <T extends SpecificRecord> void prepare(String topic, Class<T> type) {
        registry.register(AvroSerializer.subject(topic, false), ContractSchemas.schemaOf(type));
    }

    /**
     * Sends one record. The future completes when Kafka acknowledged it, or fails with
     * {@link KafkaUnavailableException}; it never fails for another reason.
     */
    public <T extends SpecificRecord> CompletableFuture<RecordMetadata> write(String topic, String key, T value,
                                                                              Map<String, String> headers) {
        CompletableFuture<RecordMetadata> done = new CompletableFuture<>();
        try {
            byte[] bytes = serializer(value).serialize(topic, value);
            RecordHeaders recordHeaders = new RecordHeaders();
            headers.forEach((name, text) -> {
                if (text != null) {
                    recordHeaders.add(name, text.getBytes(StandardCharsets.UTF_8));
                }
            });
            producer.send(new ProducerRecord<>(topic, null, key, bytes, recordHeaders), (metadata, error) -> {
                if (error == null) {
                    done.complete(metadata);
                } else {
                    done.completeExceptionally(unavailable(topic, error));
                }
            });
        } catch (RuntimeException e) {
            done.completeExceptionally(unavailable(topic, e));
        }
        return done;
    }

    private static KafkaUnavailableException unavailable(String topic, Throwable error) {
        if (error instanceof KafkaUnavailableException k) {
            return k;
        }
        return new KafkaUnavailableException(topic, "Kafka did not take the write to " + topic + " in time: "
                + error.getClass().getSimpleName() + ": " + error.getMessage(), error);
    }

    @SuppressWarnings("unchecked")
    private <T extends SpecificRecord> AvroSerializer<T> serializer(T value) {
        return (AvroSerializer<T>) serializers.computeIfAbsent(value.getClass(),
                type -> new AvroSerializer<>(registry, (Class<T>) type));
    }

    /** Sends what is buffered (bounded by the write timeout) and closes the producer. */
    @Override
    public void close() {
        producerMetrics.close();
        producer.close(Duration.ofSeconds(10));
    }
}

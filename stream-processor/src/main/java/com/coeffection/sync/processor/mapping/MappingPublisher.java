package com.coeffection.sync.processor.mapping;

import com.coeffection.sync.schema.BoardMapping;
import com.coeffection.sync.serde.AvroSerializer;
import com.coeffection.sync.serde.SchemaRegistryClient;
import com.coeffection.sync.topics.RecordKeys;
import com.coeffection.sync.topics.SyncTopics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Validates a board mapping file and publishes each entity type's mapping to the mappings topic (compacted, keyed
 * {@code tenantId:entityType}). The running topology picks the new mapping up on its next event, without a restart.
 * Nothing is published when the file has an error.
 */
public final class MappingPublisher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MappingPublisher.class);

    private final KafkaProducer<String, BoardMapping> producer;
    private final SyncTopics topics;
    private final MappingLoader loader;

    /** What was published. */
    public record Published(String tenantId, List<String> keys, List<MappingProblem> warnings) {
    }

    public MappingPublisher(String bootstrapServers, String registryUrl, SyncTopics topics, Clock clock) {
        this.topics = topics;
        this.loader = new MappingLoader(clock);
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                new StringSerializer(), new AvroSerializer<>(new SchemaRegistryClient(registryUrl), BoardMapping.class));
    }

    /**
     * Validates the YAML file and publishes its mappings, waiting until the broker has them.
     *
     * @throws MappingValidationException when the file has errors (each names entity, field and column)
     */
    public Published publish(Path yaml) {
        return publish(loader.load(yaml));
    }

    /** Publishes already validated mappings (e.g. from {@link MappingLoader#parse}). */
    public Published publish(MappingLoader.Loaded loaded) {
        loaded.warnings().forEach(w -> LOG.warn("Board mapping warning: {}", w));
        return publish(loaded.tenantId(), loaded.mappings(), loaded.warnings());
    }

    /** Publishes mappings, e.g. one republished with the id of a board created automatically. */
    public Published publish(String tenantId, List<BoardMapping> mappings, List<MappingProblem> warnings) {
        List<String> keys = new ArrayList<>();
        List<Future<?>> sends = new ArrayList<>();
        for (BoardMapping mapping : mappings) {
            String key = RecordKeys.mappingKey(mapping.getTenantId(), mapping.getEntityType());
            sends.add(producer.send(new ProducerRecord<>(topics.boardMappings(), key, mapping)));
            keys.add(key);
        }
        producer.flush();
        for (Future<?> send : sends) {
            try {
                send.get(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while publishing board mappings", e);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("Board mappings could not be published to " + topics.boardMappings()
                        + ": " + e.getMessage() + "; check that the broker is reachable and the topic exists", e);
            }
        }
        LOG.info("Published board mappings {} to {}", keys, topics.boardMappings());
        return new Published(tenantId, keys, warnings);
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(10));
    }

    /**
     * Publishes a mapping file from the command line: {@code MappingPublisher <file.yaml>}, with BOOTSTRAP_SERVERS,
     * SCHEMA_REGISTRY_URL and the TOPIC_* variables from the environment.
     */
    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: MappingPublisher <board-mappings.yaml>");
            System.exit(2);
        }
        Map<String, String> env = System.getenv();
        try (MappingPublisher publisher = new MappingPublisher(env.getOrDefault("BOOTSTRAP_SERVERS", "localhost:9092"),
                env.getOrDefault("SCHEMA_REGISTRY_URL", "http://localhost:8081/apis/ccompat/v7"), SyncTopics.from(env),
                Clock.systemUTC())) {
            Published published = publisher.publish(Path.of(args[0]));
            System.out.println("Published " + published.keys());
            published.warnings().forEach(w -> System.out.println(w));
        } catch (MappingValidationException e) {
            System.err.println(e.getMessage());
            System.exit(1);
        }
    }
}

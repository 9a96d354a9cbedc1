package com.coeffection.sync.backfill;

import com.coeffection.sync.schema.BoardMapping;
import com.coeffection.sync.serde.AvroDeserializer;
import com.coeffection.sync.serde.SchemaRegistryClient;
import com.coeffection.sync.topics.RecordKeys;
import com.coeffection.sync.topics.SyncTopics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Backfills one entity of one tenant on its own (the command line's {@code backfill}, and a process a test can
 * kill): reads the entity's published board mapping from the board-mappings topic and runs {@link Backfill}.
 * Environment: {@code KAFKA_BOOTSTRAP_SERVERS}, {@code SCHEMA_REGISTRY_URL}, {@code COEFFECTION_API_URL},
 * {@code COEFFECTION_API_KEY}, {@code BACKFILL_TENANT}, {@code BACKFILL_ENTITY}, optional {@code BACKFILL_PAGE_SIZE},
 * {@code BACKFILL_MAX_LAG} with {@code BACKFILL_WATCH} ({@code group=topic,...}), {@code TOPIC_*}. Exit code 0 when
 * the backfill finished (now or before), 2 when Coeffection refused, 1 on any other failure.
 */
public final class BackfillMain {
    private BackfillMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> env = System.getenv();
        System.exit(run(env));
    }

    static int run(Map<String, String> env) throws InterruptedException {
        String bootstrap = require(env, "KAFKA_BOOTSTRAP_SERVERS");
        SyncTopics topics = SyncTopics.from(env);
        SchemaRegistryClient registry = new SchemaRegistryClient(require(env, "SCHEMA_REGISTRY_URL"));
        String tenant = require(env, "BACKFILL_TENANT");
        String entity = require(env, "BACKFILL_ENTITY");
        AvroDeserializer<BoardMapping> mappings = new AvroDeserializer<>(registry, BoardMapping.class);
        byte[] published = CompactedTopic.latest(bootstrap, topics.boardMappings(), RecordKeys.mappingKey(tenant, entity))
                .orElse(null);
        if (published == null) {
            System.err.println("No board mapping is published for " + entity + " of tenant " + tenant + " on "
                    + topics.boardMappings() + ": publish one first");
            return 1;
        }
        BoardMapping mapping = mappings.deserialize(topics.boardMappings(), published);
        CoeffectionApiClient api = new CoeffectionApiClient(URI.create(require(env, "COEFFECTION_API_URL")),
                require(env, "COEFFECTION_API_KEY"));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.LINGER_MS_CONFIG, 5),
                new StringSerializer(), new ByteArraySerializer());
             ProgressStore progress = new ProgressStore(bootstrap, env.getOrDefault("TOPIC_BACKFILL_PROGRESS", "sync.backfill-progress"));
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Pacer pacer = pacer(env, admin);
            Backfill.Settings settings = new Backfill.Settings(topics.recordChanges(), topics.deadLetters(),
                    Integer.parseInt(env.getOrDefault("BACKFILL_PAGE_SIZE", "100")), Duration.ofSeconds(5));
            Backfill backfill = new Backfill(settings, api, producer, registry, progress, pacer,
                    new SimpleMeterRegistry(), Clock.systemUTC());
            Backfill.Result result = backfill.run(mapping, p -> { });
            System.out.println(result.alreadyDone() ? "Backfill of " + entity + " had finished before"
                    : "Backfill of " + entity + " finished: " + result.sent() + " records sent (resumed at " + result.resumedFrom() + ")");
            return 0;
        } catch (CoeffectionApiException e) {
            System.err.println(e.getMessage());
            return 2;
        }
    }

    private static Pacer pacer(Map<String, String> env, Admin admin) {
        String watch = env.get("BACKFILL_WATCH");
        if (watch == null || watch.isBlank()) {
            return Pacer.NONE;
        }
        List<LagPacer.Watched> watched = new ArrayList<>();
        for (String pair : watch.split(",")) {
            String[] parts = pair.trim().split("=", 2);
            watched.add(new LagPacer.Watched(parts[0], parts[1]));
        }
        return new LagPacer(admin, watched, Long.parseLong(env.getOrDefault("BACKFILL_MAX_LAG", "2000")), Duration.ofMillis(250));
    }

    private static String require(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is not set");
        }
        return value;
    }
}

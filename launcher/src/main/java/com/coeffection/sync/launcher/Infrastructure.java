package com.coeffection.sync.launcher;

import com.coeffection.sync.infra.LocalDist;
import com.coeffection.sync.infra.LocalKafkaBroker;
import com.coeffection.sync.infra.LocalSchemaRegistry;
import com.coeffection.sync.infra.SubjectProvisioner;
import com.coeffection.sync.infra.TopicProvisioner;
import com.coeffection.sync.serde.AvroSerializer;
import com.coeffection.sync.topics.SyncTopics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Kafka broker and schema registry the pipeline runs on: the configured ones, or local ones started here
 * (the embedded default). Creates the pipeline's topics that are missing.
 */
public final class Infrastructure implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Infrastructure.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final String bootstrapServers;
    private final String schemaRegistryUrl;
    private final Parts started;

    private Infrastructure(String bootstrapServers, String schemaRegistryUrl, Parts started) {
        this.bootstrapServers = bootstrapServers;
        this.schemaRegistryUrl = schemaRegistryUrl;
        this.started = started;
    }

    /** Uses or starts the broker and registry, then creates the missing topics. Prints what it did. */
    public static Infrastructure start(LauncherConfig config) {
        Parts started = new Parts();
        try {
            String bootstrap = config.bootstrapServers();
            if (bootstrap == null) {
                long t0 = System.nanoTime();
                LocalKafkaBroker broker = LocalKafkaBroker.start(LocalDist.locate(), config.dataDir().resolve("kafka"),
                        config.localKafkaPort(), config.localControllerPort(), START_TIMEOUT);
                started.keep(broker);
                bootstrap = broker.bootstrapServers();
                say("Kafka broker ready at %s (%s, %.1f s)", bootstrap,
                        broker.startedHere() ? "local broker pid " + broker.pid() : "reused the one already running",
                        seconds(t0));
            } else {
                say("Using Kafka at %s (KAFKA_BOOTSTRAP_SERVERS)", bootstrap);
            }
            String registryUrl = config.schemaRegistryUrl();
            if (registryUrl == null) {
                long t0 = System.nanoTime();
                LocalSchemaRegistry registry = LocalSchemaRegistry.start(LocalDist.locate(),
                        config.dataDir().resolve("schema-registry"), config.localRegistryPort(), true, START_TIMEOUT);
                started.keep(registry);
                registryUrl = registry.url();
                say("Schema registry ready at %s (%s, %.1f s)", registryUrl,
                        registry.startedHere() ? "local registry pid " + registry.pid() : "reused the one already running",
                        seconds(t0));
            } else {
                say("Using the schema registry at %s (SCHEMA_REGISTRY_URL)", registryUrl);
            }
            List<String> created = createTopics(bootstrap, config);
            say("Topics ready (%d created, %d already there)", created.size(), config.topics().all().size() - created.size());
            List<String> subjects = config.topics().all().stream().map(t -> AvroSerializer.subject(t.name(), false)).toList();
            SubjectProvisioner.ensure(registryUrl, subjects, config.schemaCompatibility());
            say("Schema subjects of the topics set to %s compatibility (SCHEMA_COMPATIBILITY)", config.schemaCompatibility());
            return new Infrastructure(bootstrap, registryUrl, started);
        } catch (RuntimeException e) {
            started.close();
            throw e;
        }
    }

    private static List<String> createTopics(String bootstrap, LauncherConfig config) {
        List<TopicProvisioner.Topic> topics = new ArrayList<>();
        for (SyncTopics.Spec spec : config.topics().all()) {
            Map<String, String> configs = spec.compacted()
                    ? Map.of("cleanup.policy", "compact", "min.compaction.lag.ms", "60000")
                    : Map.of();
            topics.add(new TopicProvisioner.Topic(spec.name(), config.partitions(), config.replicationFactor(), configs));
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            return TopicProvisioner.ensure(admin, topics);
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    static void say(String format, Object... args) {
        String line = String.format(format, args);
        log.info(line);
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public String schemaRegistryUrl() {
        return schemaRegistryUrl;
    }

    @Override
    public void close() {
        started.close();
    }
}

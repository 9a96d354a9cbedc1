package com.coeffection.sync.testkit;

import com.coeffection.sync.infra.LocalDist;
import com.coeffection.sync.infra.LocalSchemaRegistry;
import com.coeffection.sync.infra.Ports;
import com.coeffection.sync.infra.TopicProvisioner;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real infrastructure shared by every test of one test JVM: one in-process KRaft broker and one schema
 * registry (a child JVM serving the Confluent Schema Registry REST API). Started on first use, stopped when the
 * JVM ends. Tests get it through {@link RealInfraExtension} and keep apart by using {@link #uniqueTopic}.
 */
public final class RealInfra {
    private static volatile RealInfra shared;

    private final TestKafkaCluster kafka;
    private final LocalSchemaRegistry registry;
    private final Admin admin;
    private final AtomicInteger counter = new AtomicInteger();

    private RealInfra(TestKafkaCluster kafka, LocalSchemaRegistry registry) {
        this.kafka = kafka;
        this.registry = registry;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    }

    /** The JVM's shared instance, started on first call. */
    public static RealInfra shared() {
        RealInfra current = shared;
        if (current == null) {
            synchronized (RealInfra.class) {
                current = shared;
                if (current == null) {
                    current = startShared();
                    shared = current;
                }
            }
        }
        return current;
    }

    private static RealInfra startShared() {
        TestKafkaCluster kafka = TestKafkaCluster.start();
        LocalSchemaRegistry registry;
        try {
            Path dir = Files.createTempDirectory("test-schema-registry");
            registry = LocalSchemaRegistry.start(LocalDist.locate(), dir, Ports.freePort(), false, Duration.ofSeconds(90));
        } catch (IOException e) {
            kafka.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
        RealInfra infra = new RealInfra(kafka, registry);
        // normally stopped by RealInfraExtension at the end of the test run; this hook is the fallback
        Runtime.getRuntime().addShutdownHook(new Thread(RealInfra::stopShared, "stop-test-infra"));
        return infra;
    }

    /** Stops the shared broker and registry, if started. The next {@link #shared()} starts new ones. */
    static void stopShared() {
        RealInfra current;
        synchronized (RealInfra.class) {
            current = shared;
            shared = null;
        }
        if (current != null) {
            current.stop();
        }
    }

    private void stop() {
        admin.close(Duration.ofSeconds(5));
        registry.close();
        kafka.close();
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** The registry's Confluent-compatible base URL. */
    public String schemaRegistryUrl() {
        return registry.url();
    }

    public Admin admin() {
        return admin;
    }

    /** A topic name no other test uses, created with the given partitions. */
    public String uniqueTopic(String prefix, int partitions) {
        String name = prefix + "-" + counter.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8);
        createTopic(name, partitions, false);
        return name;
    }

    public void createTopic(String name, int partitions, boolean compacted) {
        Map<String, String> configs = compacted ? Map.of("cleanup.policy", "compact") : Map.of();
        TopicProvisioner.ensure(admin, List.of(new TopicProvisioner.Topic(name, partitions, (short) 1, configs)));
    }

    public Map<String, Object> producerConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return config;
    }

    public Map<String, Object> consumerConfig(String groupId) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return config;
    }

    /** Reads a topic from the start until {@code expected} records arrived or the timeout passed. */
    public List<ConsumerRecord<String, byte[]>> readAll(String topic, int expected, Duration timeout) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerConfig("reader-" + UUID.randomUUID()))) {
            consumer.subscribe(Set.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }
}

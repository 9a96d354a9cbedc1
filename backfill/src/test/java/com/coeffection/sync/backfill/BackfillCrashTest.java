package com.coeffection.sync.backfill;

import com.coeffection.sync.coeffection.standin.CoeffectionStandIn;
import com.coeffection.sync.coeffection.standin.CoeffectionStandInConfig;
import com.coeffection.sync.coeffection.standin.DemoData;
import com.coeffection.sync.coeffection.standin.Plan;
import com.coeffection.sync.schema.BoardMapping;
import com.coeffection.sync.schema.RecordChange;
import com.coeffection.sync.serde.AvroDeserializer;
import com.coeffection.sync.serde.AvroSerializer;
import com.coeffection.sync.serde.SchemaRegistryClient;
import com.coeffection.sync.testkit.RealInfra;
import com.coeffection.sync.testkit.RealInfraExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A backfill of 10,000 records as its own process, killed with SIGKILL in the middle and started again: it resumes
 * from its checkpoint, and every record reaches the record-changes topic.
 */
@ExtendWith(RealInfraExtension.class)
class BackfillCrashTest {

    @Test
    void aBackfillKilledInTheMiddleResumesFromItsCheckpointAndSendsEveryRecord(RealInfra infra) throws Exception {
        int records = 10_000;
        try (CoeffectionStandIn coeffection = new CoeffectionStandIn(CoeffectionStandInConfig.defaults()
                .withPlan(Plan.ENTERPRISE).withDemo(new DemoData.Size(records, 0, 0))).start()) {
            SchemaRegistryClient registry = new SchemaRegistryClient(infra.schemaRegistryUrl());
            String changes = infra.uniqueTopic("changes", 4);
            String mappings = infra.uniqueTopic("mappings", 1);
            String progressTopic = infra.uniqueTopic("progress", 1);
            BoardMapping mapping = BackfillTest.contactMapping(11L);
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(infra.producerConfig(), new StringSerializer(),
                    new ByteArraySerializer())) {
                producer.send(new ProducerRecord<>(mappings, "demo:Contact",
                        new AvroSerializer<>(registry, BoardMapping.class).serialize(mappings, mapping))).get();
            }
            Map<String, String> env = new HashMap<>();
            env.put("KAFKA_BOOTSTRAP_SERVERS", infra.bootstrapServers());
            env.put("SCHEMA_REGISTRY_URL", infra.schemaRegistryUrl());
            env.put("COEFFECTION_API_URL", coeffection.apiUrl().toString());
            env.put("COEFFECTION_API_KEY", coeffection.apiKey());
            env.put("BACKFILL_TENANT", "demo");
            env.put("BACKFILL_ENTITY", "Contact");
            env.put("BACKFILL_PAGE_SIZE", "50");
            env.put("TOPIC_RECORD_CHANGES", changes);
            env.put("TOPIC_BOARD_MAPPINGS", mappings);
            env.put("TOPIC_BACKFILL_PROGRESS", progressTopic);

            ProgressStore progress = new ProgressStore(infra.bootstrapServers(), progressTopic);
            Process first = start(env, "first");
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100)).until(() ->
                    progress.read("demo", "Contact").map(c -> c.nextOffset() >= 2_000).orElse(false));
            first.destroyForcibly();
            assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
            int checkpointAtKill = progress.read("demo", "Contact").orElseThrow().nextOffset();
            assertThat(checkpointAtKill).isLessThan(records);

            Process second = start(env, "second");
            assertThat(second.waitFor(120, TimeUnit.SECONDS)).isTrue();
            String output = Files.readString(log("second"));
            assertThat(second.exitValue()).as(output).isZero();
            assertThat(output).contains("resumed at " + checkpointAtKill);

            // the records sent again after the kill (since the last checkpoint) are on the topic twice: count ids
            AvroDeserializer<RecordChange> d = new AvroDeserializer<>(registry, RecordChange.class);
            Set<String> ids = new HashSet<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                infra.readAll(changes, 2 * records, Duration.ofSeconds(3))
                        .forEach(r -> ids.add(d.deserialize(changes, r.value()).getRecordId()));
                return ids.size() >= records;
            });
            assertThat(ids).hasSize(records);
            assertThat(progress.read("demo", "Contact").orElseThrow().done()).isTrue();
            progress.close();
        }
    }

    private static Process start(Map<String, String> env, String name) throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                BackfillMain.class.getName());
        builder.environment().putAll(env);
        builder.redirectErrorStream(true).redirectOutput(log(name).toFile());
        return builder.start();
    }

    private static Path log(String name) {
        return Path.of("target", "backfill-" + name + ".log");
    }
}

package com.coeffection.sync.processor;

import com.coeffection.sync.processor.placement.RecordPlacement;
import com.coeffection.sync.schema.RecordOperation;
import com.coeffection.sync.testkit.RealInfra;
import com.coeffection.sync.testkit.RealInfraExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Partitioner;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Cluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static com.coeffection.sync.values.FieldValues.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Coeffection services publish record changes with whatever client they are written in. Whatever partitioner put a
 * record's changes on a partition, every input of that record (its changes, its item's monday events, the sink's
 * results) is processed by the one task that owns it: each record is created once on monday, ends with its last
 * Coeffection value there, and its monday edits reach Coeffection.
 */
@ExtendWith(RealInfraExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PartitionerIndependenceTest {
    static final int PARTITIONS = 4;
    static final int RECORDS = 20;
    static final int EDITS = 4;

    LivePipeline pipeline;

    @BeforeAll
    void processorOnFourPartitions(RealInfra infra) throws Exception {
        pipeline = new LivePipeline(infra, PARTITIONS).startProcessor(infra.schemaRegistryUrl());
    }

    @AfterAll
    void close() throws Exception {
        pipeline.close();
    }

    @Test
    @DisplayName("Published with librdkafka's default partitioner (consistent_random, CRC32), every record converges")
    void confluentPythonClientWithItsDefaultPartitioner() throws Exception {
        List<String> records = recordIds("py-default");
        assertThat(records).as("most keys land elsewhere than murmur2 puts them")
                .filteredOn(r -> !RecordPlacement.placed(LivePipeline.recordKey(r), crc32Partition(r), PARTITIONS))
                .isNotEmpty();
        python(records, null);
        convergesWithMondayEdits(records);
    }

    @Test
    @DisplayName("Published with librdkafka's murmur2_random (the Java way), every record converges")
    void confluentPythonClientWithMurmur2() throws Exception {
        List<String> records = recordIds("py-murmur2");
        python(records, "murmur2_random");
        convergesWithMondayEdits(records);
    }

    @Test
    @DisplayName("Published by a Java producer with a custom partitioner, every record converges")
    void javaProducerWithACustomPartitioner() throws Exception {
        List<String> records = recordIds("java-custom");
        Map<String, Object> config = pipeline.infra.producerConfig();
        config.put(ProducerConfig.PARTITIONER_CLASS_CONFIG, NextPartition.class.getName());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config)) {
            for (String[] line : edits(records)) {
                producer.send(new ProducerRecord<>(line[0], line[1], Base64.getDecoder().decode(line[2])));
            }
        }
        convergesWithMondayEdits(records);
    }

    /** Puts every key one partition after where murmur2 would. */
    public static final class NextPartition implements Partitioner {
        @Override
        public int partition(String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes,
                             Cluster cluster) {
            int n = cluster.partitionCountForTopic(topic);
            return (RecordPlacement.partitionOf((String) key, n) + 1) % n;
        }

        @Override
        public void close() {
        }

        @Override
        public void configure(Map<String, ?> configs) {
        }
    }

    private void convergesWithMondayEdits(List<String> records) {
        // when each item exists, a person edits its city on monday
        await().atMost(Duration.ofSeconds(60)).until(() -> records.stream().allMatch(pipeline.itemOf::containsKey));
        Instant now = Instant.now();
        for (String record : records) {
            pipeline.mondayTextEdit(record, "text_city", "City of " + record, now);
        }
        // then every item shows the record's last title, every city reached Coeffection, one item per record
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            for (String record : records) {
                assertThat(pipeline.onMonday(record, "title")).as("title of %s on monday", record)
                        .isEqualTo(text(title(record, EDITS)));
                assertThat(pipeline.inCoeffection(record, "city")).as("city of %s in Coeffection", record)
                        .isEqualTo(text("City of " + record));
            }
        });
        assertThat(records).allSatisfy(r -> assertThat(pipeline.creates.get(r)).isEqualTo(1));
        assertThat(pipeline.deadLetters).isEmpty();
    }

    private static List<String> recordIds(String prefix) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            ids.add(prefix + "-" + i);
        }
        return ids;
    }

    private static String title(String record, int edit) {
        return "Title " + edit + " of " + record;
    }

    /** Every record's edits, interleaved across records (edit 1 of each, then edit 2 of each, ...). */
    private List<String[]> edits(List<String> records) {
        Instant base = Instant.now().minusSeconds(60);
        List<String[]> lines = new ArrayList<>();
        for (int edit = 1; edit <= EDITS; edit++) {
            for (String record : records) {
                byte[] value = pipeline.change(record, record + "-e" + edit,
                        edit == 1 ? RecordOperation.CREATE : RecordOperation.UPDATE, "title", text(title(record, edit)),
                        base.plusSeconds(edit));
                lines.add(new String[] {pipeline.topics.recordChanges(), LivePipeline.recordKey(record),
                        Base64.getEncoder().encodeToString(value)});
            }
        }
        return lines;
    }

    private void python(List<String> records, String partitioner) throws Exception {
        Path file = Files.createTempFile("edits", ".tsv");
        List<String> lines = new ArrayList<>();
        for (String[] line : edits(records)) {
            lines.add(String.join("\t", line));
        }
        Files.write(file, lines);
        List<String> command = new ArrayList<>(List.of("/usr/bin/python3",
                Path.of("src/test/resources/interop/publish_keyed.py").toAbsolutePath().toString(),
                "--bootstrap", pipeline.infra.bootstrapServers(), "--file", file.toString()));
        if (partitioner != null) {
            command.addAll(List.of("--partitioner", partitioner));
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("python output:\n%s", output).isZero();
        assertThat(output).contains("published " + RECORDS * EDITS);
    }

    /** librdkafka's consistent partitioner: CRC32 of the key bytes modulo the partition count. */
    private static int crc32Partition(String record) {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(LivePipeline.recordKey(record).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return (int) (crc.getValue() % PARTITIONS);
    }
}

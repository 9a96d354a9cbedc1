package com.coeffection.sync.launcher;

import com.coeffection.sync.infra.LocalDist;
import com.coeffection.sync.infra.LocalKafkaBroker;
import com.coeffection.sync.infra.Ports;
import com.coeffection.sync.infra.TopicProvisioner;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The broker the launcher starts as a child JVM stores what the pipeline's clients send, whatever compression they
 * use (the stream processor's producers use lz4): its classpath must carry every codec.
 */
class LocalKafkaBrokerTest {

    @TempDir
    Path dataDir;

    @Test
    void acceptsRecordsInEveryCompressionType() throws Exception {
        List<String> codecs = List.of("none", "gzip", "snappy", "lz4", "zstd");
        try (LocalKafkaBroker broker = LocalKafkaBroker.start(LocalDist.locate(), dataDir, Ports.freePort(), Ports.freePort(),
                Duration.ofSeconds(120))) {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
                TopicProvisioner.ensure(admin, List.of(new TopicProvisioner.Topic("codecs", 1, (short) 1, Map.of())));
            }
            for (String codec : codecs) {
                try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                        ProducerConfig.COMPRESSION_TYPE_CONFIG, codec, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 20_000,
                        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000), new StringSerializer(), new StringSerializer())) {
                    producer.send(new ProducerRecord<>("codecs", codec, "written with " + codec)).get();
                }
            }

            List<String> read = new ArrayList<>();
            try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, "codecs", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                    new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(Set.of("codecs"));
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (read.size() < codecs.size() && System.nanoTime() < deadline) {
                    consumer.poll(Duration.ofMillis(200)).forEach(r -> read.add(r.key()));
                }
            }
            assertThat(read).containsExactlyElementsOf(codecs);
        }
    }
}

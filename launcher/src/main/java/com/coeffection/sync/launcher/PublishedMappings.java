package com.coeffection.sync.launcher;

import com.coeffection.sync.schema.BoardMapping;
import com.coeffection.sync.serde.AvroDeserializer;
import com.coeffection.sync.serde.SchemaRegistryClient;
import com.coeffection.sync.serde.SerdeException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The board mappings already on the (compacted) mappings topic: the latest per {@code tenantId:entityType}. */
final class PublishedMappings {
    private static final Logger log = LoggerFactory.getLogger(PublishedMappings.class);

    private PublishedMappings() {
    }

    static Map<String, BoardMapping> read(String bootstrapServers, String registryUrl, String topic) {
        Map<String, BoardMapping> latest = new HashMap<>();
        var deserializer = new AvroDeserializer<>(new SchemaRegistryClient(registryUrl), BoardMapping.class);
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (record.value() == null) {
                        latest.remove(record.key());
                        return;
                    }
                    try {
                        latest.put(record.key(), deserializer.deserialize(record.topic(), record.value()));
                    } catch (SerdeException e) {
                        log.warn("Board mapping {} at {}-{}@{} cannot be read: {}", record.key(), record.topic(),
                                record.partition(), record.offset(), e.getMessage());
                    }
                });
            }
        }
        return latest;
    }
}

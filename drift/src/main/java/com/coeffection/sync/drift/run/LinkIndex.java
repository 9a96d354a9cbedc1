package com.coeffection.sync.drift.run;

import com.coeffection.sync.schema.Link;
import com.coeffection.sync.serde.AvroDeserializer;
import com.coeffection.sync.serde.SchemaRegistryClient;
import com.coeffection.sync.topics.RecordKeys;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The links the pipeline holds for one board: the compacted link topic ({@code sync.links}, keyed by record key, a
 * tombstone unlinks) read to its end. This is the pairing the processor itself uses, so a run compares each record
 * with the item the pipeline believes it is linked to. A link value that cannot be decoded is skipped and counted.
 */
final class LinkIndex {
    private LinkIndex() {
    }

    /** Record id to item id, for the links of {@code tenant}'s {@code entityType} on {@code boardId}. */
    static Map<String, Long> read(String bootstrapServers, String topic, SchemaRegistryClient registry, String tenant,
                                  String entityType, long boardId) {
        String prefix = RecordKeys.recordKey(tenant, entityType, "");
        AvroDeserializer<Link> links = new AvroDeserializer<>(registry, Link.class);
        Map<String, Long> byRecord = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            while (partitions.stream().anyMatch(p -> consumer.position(p, Duration.ofSeconds(30)) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.key() == null || !r.key().startsWith(prefix)) {
                        continue;
                    }
                    String recordId = r.key().substring(prefix.length());
                    if (r.value() == null) {
                        byRecord.remove(recordId);
                        continue;
                    }
                    Link link;
                    try {
                        link = links.deserialize(topic, r.value());
                    } catch (RuntimeException e) {
                        continue;
                    }
                    if (link.getBoardId() == boardId) {
                        byRecord.put(recordId, link.getItemId());
                    } else {
                        byRecord.remove(recordId);
                    }
                }
            }
        }
        return byRecord;
    }
}

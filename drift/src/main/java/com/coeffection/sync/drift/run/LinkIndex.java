package com.coeffection.sync.drift.run;

import com.coeffection.sync.schema.Link;
import com.coeffection.sync.serde.AvroDeserializer;
import com.coeffection.sync.serde.SchemaRegistryClient;
import com.coeffection.sync.topics.RecordKeys;

import java.util.HashMap;
import java.util.Map;

/**
 * The links the pipeline holds for one board: the compacted link topic ({@code sync.links}, keyed by record key, a
 * tombstone unlinks) read to its end. This is the pairing the processor itself uses, so a run compares each record
 * with the item the pipeline believes it is linked to. A link value that cannot be decoded is skipped.
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
        TopicSnapshot.read(bootstrapServers, topic, prefix).forEach((key, value) -> {
            try {
                Link link = links.deserialize(topic, value);
                if (link.getBoardId() == boardId) {
                    byRecord.put(key.substring(prefix.length()), link.getItemId());
                }
            } catch (RuntimeException e) {
                // an undecodable link names no item: the record counts as unlinked
            }
        });
        return byRecord;
    }
}

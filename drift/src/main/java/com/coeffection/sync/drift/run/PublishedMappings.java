package com.coeffection.sync.drift.run;

import com.coeffection.sync.schema.BoardMapping;
import com.coeffection.sync.serde.AvroDeserializer;
import com.coeffection.sync.serde.SchemaRegistryClient;

import java.util.ArrayList;
import java.util.List;

/** The board mappings published on the board-mappings topic (keyed {@code tenant:entity}) that have a board. */
public final class PublishedMappings {
    private PublishedMappings() {
    }

    /**
     * @param tenant  only this tenant's mappings; null for all
     * @param entity  only this entity; null for all
     * @param boardId only the mapping of this board; null for all
     */
    public static List<BoardMapping> read(String bootstrapServers, String topic, SchemaRegistryClient registry,
                                          String tenant, String entity, Long boardId) {
        AvroDeserializer<BoardMapping> decoder = new AvroDeserializer<>(registry, BoardMapping.class);
        List<BoardMapping> mappings = new ArrayList<>();
        TopicSnapshot.read(bootstrapServers, topic, tenant == null ? "" : tenant + ":").values().forEach(bytes -> {
            BoardMapping m = decoder.deserialize(topic, bytes);
            if (m.getBoardId() != null && (entity == null || entity.equals(m.getEntityType()))
                    && (boardId == null || boardId.equals(m.getBoardId()))) {
                mappings.add(m);
            }
        });
        return mappings;
    }
}

package com.coeffection.sync.processor.mapping;

import com.coeffection.sync.contract.ErrorType;
import com.coeffection.sync.schema.BoardMapping;
import com.coeffection.sync.serde.AvroDeserializer;
import com.coeffection.sync.serde.SerdeException;
import com.coeffection.sync.topics.RecordKeys;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the board mappings from the global mappings store. The store holds the topic's bytes as published, so a new
 * mapping takes effect on the next event without a restart; decoded mappings are cached per key and bytes.
 */
public final class MappingLookup {
    public static final String STORE = "board-mappings";

    private final KeyValueStore<String, byte[]> store;
    private final AvroDeserializer<BoardMapping> deserializer;
    private final String topic;
    private final Map<String, Cached> cache = new HashMap<>();

    private record Cached(byte[] bytes, MappedBoard board) {
    }

    public MappingLookup(KeyValueStore<String, byte[]> store, AvroDeserializer<BoardMapping> deserializer, String topic) {
        this.store = store;
        this.deserializer = deserializer;
        this.topic = topic;
    }

    /**
     * The mapping of a tenant's entity type.
     *
     * @throws MissingMappingException when there is none (unknown tenant, unknown entity type) or it cannot be read
     */
    public MappedBoard require(String tenantId, String entityType) {
        String key = RecordKeys.mappingKey(tenantId, entityType);
        byte[] bytes = store.get(key);
        if (bytes == null) {
            if (!tenantKnown(tenantId)) {
                throw new MissingMappingException(ErrorType.UNKNOWN_TENANT, "Tenant '" + tenantId + "' has no board mapping"
                        + " at all: publish the tenant's mapping file (see docs/board-mappings.md) or check the tenant id");
            }
            throw new MissingMappingException(ErrorType.UNKNOWN_ENTITY_TYPE, "Entity type '" + entityType + "' of tenant '"
                    + tenantId + "' has no board mapping: add it to the tenant's mapping file and publish it");
        }
        return decode(key, bytes).orElseThrow(() -> new MissingMappingException(ErrorType.MAPPING_UNREADABLE,
                "The board mapping " + key + " on " + topic + " cannot be decoded: republish it with MappingPublisher"));
    }

    /** The usable mapping of the entity type, or null when there is none. */
    public MappedBoard find(String tenantId, String entityType) {
        try {
            return require(tenantId, entityType);
        } catch (MissingMappingException e) {
            return null;
        }
    }

    /** The mapping of the tenant's board with this id, if any entity type syncs to it. */
    public Optional<MappedBoard> byBoard(String tenantId, long boardId) {
        try (KeyValueIterator<String, byte[]> all = store.prefixScan(tenantId + ":", new StringSerializer())) {
            while (all.hasNext()) {
                KeyValue<String, byte[]> entry = all.next();
                Optional<MappedBoard> board = decode(entry.key, entry.value);
                if (board.isPresent() && board.get().boardId() != null && board.get().boardId() == boardId
                        && tenantId.equals(board.get().tenantId())) {
                    return board;
                }
            }
        }
        return Optional.empty();
    }

    private boolean tenantKnown(String tenantId) {
        try (KeyValueIterator<String, byte[]> all = store.prefixScan(tenantId + ":", new StringSerializer())) {
            return all.hasNext();
        }
    }

    private Optional<MappedBoard> decode(String key, byte[] bytes) {
        Cached cached = cache.get(key);
        if (cached != null && Arrays.equals(cached.bytes(), bytes)) {
            return Optional.of(cached.board());
        }
        try {
            MappedBoard board = new MappedBoard(deserializer.deserialize(topic, bytes));
            cache.put(key, new Cached(bytes, board));
            return Optional.of(board);
        } catch (SerdeException e) {
            if (e instanceof com.coeffection.sync.serde.SchemaRegistryException r && r.retryable()) {
                throw r; // an outage, not a bad mapping: the input waits for the registry
            }
            return Optional.empty();
        }
    }

    /** No usable mapping for an event: the event is rejected with this error type and reason. */
    public static final class MissingMappingException extends RuntimeException {
        private final ErrorType errorType;

        public MissingMappingException(ErrorType errorType, String reason) {
            super(reason);
            this.errorType = errorType;
        }

        public ErrorType errorType() {
            return errorType;
        }
    }

    /** The global-store processor: keeps the published bytes per {@code tenantId:entityType}. */
    public static final class Updater implements Processor<String, byte[], Void, Void> {
        private KeyValueStore<String, byte[]> store;

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            this.store = context.getStateStore(STORE);
        }

        @Override
        public void process(Record<String, byte[]> record) {
            if (record.key() == null) {
                return;
            }
            if (record.value() == null) {
                store.delete(record.key());
            } else {
                store.put(record.key(), record.value());
            }
        }
    }
}

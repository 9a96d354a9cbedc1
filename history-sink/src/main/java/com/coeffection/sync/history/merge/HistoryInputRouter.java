package com.coeffection.sync.history.merge;

import com.coeffection.sync.contract.DeadLetterHeaders;
import com.coeffection.sync.contract.ErrorType;
import com.coeffection.sync.contract.SyncIds;
import com.coeffection.sync.history.HistoryMetrics;
import com.coeffection.sync.history.HistorySerdes;
import com.coeffection.sync.history.store.HistoryKeys;
import com.coeffection.sync.schema.DeadLetter;
import com.coeffection.sync.schema.MondayCommandResult;
import com.coeffection.sync.schema.SyncHistoryEntry;
import com.coeffection.sync.serde.SchemaRegistryException;
import com.coeffection.sync.serde.SerdeException;
import com.coeffection.sync.topics.SyncTopics;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads the processor's decision entries and the sink's outcomes, and keys both by the record they are about, so a
 * record's entries, their outcomes and their retries meet in one task. A value that cannot be read becomes a dead
 * letter (never a crash); the schema registry being down is waited out, not dead-lettered.
 *
 * <p>Output values are tagged: {@link #DECISION} or {@link #OUTCOME} followed by the original wire bytes, or
 * {@link #DEAD_LETTER} followed by a {@link DeadLetter} in the wire format (key: the original key).
 */
public final class HistoryInputRouter implements Processor<String, byte[], String, byte[]> {
    public static final byte DECISION = 'E';
    public static final byte OUTCOME = 'R';
    public static final byte DEAD_LETTER = 'D';
    private static final Logger LOG = LoggerFactory.getLogger(HistoryInputRouter.class);

    private final SyncTopics topics;
    private final HistorySerdes serdes;
    private final HistoryMetrics metrics;
    private ProcessorContext<String, byte[]> context;

    public HistoryInputRouter(SyncTopics topics, HistorySerdes serdes, HistoryMetrics metrics) {
        this.topics = topics;
        this.serdes = serdes;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, byte[]> record) {
        RecordMetadata source = context.recordMetadata().orElse(null);
        String topic = source == null ? "unknown" : source.topic();
        if (record.value() == null) {
            return;
        }
        try {
            if (topic.equals(topics.mondayResults())) {
                MondayCommandResult result = serdes.result().deserializer().deserialize(topic, record.value());
                String entryId = result.getHistoryEntryId() != null ? result.getHistoryEntryId()
                        : SyncIds.entryOfCommand(result.getCommandId());
                if (result.getHistoryEntryId() == null) {
                    result = MondayCommandResult.newBuilder(result).setHistoryEntryId(entryId).build();
                }
                String key = result.getTenantId() + ":" + result.getEntityType() + ":" + result.getRecordId();
                context.forward(record.withKey(key).withValue(tagged(OUTCOME,
                        serdes.result().serializer().serialize(topic, result))));
            } else {
                SyncHistoryEntry entry = serdes.entry().deserializer().deserialize(topic, record.value());
                String key = HistoryKeys.recordKey(entry);
                context.forward(record.withKey(key != null ? key : entry.getTenantId() + "::" + entry.getEntryId())
                        .withValue(tagged(DECISION, record.value())));
            }
        } catch (SchemaRegistryException e) {
            throw e;
        } catch (SerdeException e) {
            deadLetter(record, source, ErrorType.parse(e.errorCode()), e.getMessage());
        } catch (RuntimeException e) {
            deadLetter(record, source, ErrorType.UNDECODABLE, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private void deadLetter(Record<String, byte[]> record, RecordMetadata source, ErrorType type, String why) {
        String topic = source == null ? "unknown" : source.topic();
        int partition = source == null ? -1 : source.partition();
        long offset = source == null ? -1 : source.offset();
        String tenant = topic.equals(topics.mondayResults()) ? tenantOf(record.key()) : null;
        String reason = "history-sink cannot read this " + (topic.equals(topics.mondayResults()) ? "delivery outcome"
                : "history event") + " [" + type.name() + "]: " + why;
        Map<String, String> contextMap = new HashMap<>();
        contextMap.put(DeadLetterHeaders.CONTEXT_PART, "history-sink");
        DeadLetter letter = DeadLetter.newBuilder()
                .setDeadLetterId(SyncIds.deadLetter(topic, partition, offset, null))
                .setSourceTopic(topic).setSourcePartition(partition).setSourceOffset(offset)
                .setKey(record.key() == null ? null : ByteBuffer.wrap(record.key().getBytes(StandardCharsets.UTF_8)))
                .setValue(ByteBuffer.wrap(record.value()))
                .setErrorType(type.name()).setReason(reason)
                .setTenantId(tenant)
                .setRecordKey(topic.equals(topics.mondayResults()) ? record.key() : null)
                .setAttempts(1).setContext(contextMap)
                .setOccurredAt(Instant.ofEpochMilli(record.timestamp()))
                .build();
        LOG.warn("Dead-lettered the record at {}/{}/{} (tenant {}): {}", topic, partition, offset, tenant, reason);
        metrics.undecodable(topic);
        byte[] bytes = serdes.deadLetter().serializer().serialize(topics.deadLetters(), letter);
        context.forward(new Record<>(record.key(), tagged(DEAD_LETTER, bytes), record.timestamp(),
                DeadLetterHeaders.kafkaHeaders(letter)));
    }

    /** The tenant at the start of a record key, or null when the key does not name one. */
    private String tenantOf(String key) {
        if (key == null) {
            return null;
        }
        int colon = key.indexOf(':');
        return colon > 0 ? key.substring(0, colon) : null;
    }

    static byte[] tagged(byte tag, byte[] bytes) {
        byte[] out = new byte[bytes.length + 1];
        out[0] = tag;
        System.arraycopy(bytes, 0, out, 1, bytes.length);
        return out;
    }

    /** The bytes after the tag. */
    public static byte[] untagged(byte[] value) {
        byte[] out = new byte[value.length - 1];
        System.arraycopy(value, 1, out, 0, out.length);
        return out;
    }
}

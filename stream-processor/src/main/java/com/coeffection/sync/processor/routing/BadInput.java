package com.coeffection.sync.processor.routing;

import com.coeffection.sync.schema.Actor;
import com.coeffection.sync.schema.ActorKind;
import com.coeffection.sync.schema.DeadLetter;
import com.coeffection.sync.schema.FieldDiff;
import com.coeffection.sync.schema.HistoryStatus;
import com.coeffection.sync.schema.SyncDirection;
import com.coeffection.sync.schema.SyncHistoryEntry;
import com.coeffection.sync.contract.DeadLetterHeaders;
import com.coeffection.sync.contract.ErrorType;
import com.coeffection.sync.contract.SyncIds;
import com.coeffection.sync.serde.SerdeException;
import com.coeffection.sync.serde.UnknownSchemaIdException;
import com.coeffection.sync.serde.WireFormatException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Input the processor cannot use: it becomes a dead letter (the original bytes, unchanged, with the reason also in
 * the headers) and a REJECTED history entry naming the dead letter; processing goes on with the next record.
 *
 * @param errorType  the contract's error type (its name is the dead letter's {@code errorType} and header)
 * @param reason     a message a support person can act on
 * @param tenantId   the tenant, when known
 * @param entityType the entity type, when known
 * @param recordId   the record, when known
 * @param boardId    the monday board, when known
 * @param itemId     the monday item, when known
 * @param direction  which way the input was going
 * @param fields     the fields concerned (with status REJECTED), possibly empty
 * @param triggeredBy who made the change, when known
 * @param triggerEventId the event id, when known
 */
public record BadInput(ErrorType errorType, String reason, String tenantId, String entityType, String recordId,
                       Long boardId, Long itemId, SyncDirection direction, List<FieldDiff> fields, Actor triggeredBy,
                       String triggerEventId) {

    /** The part name the processor's dead letters carry under context key {@code part}. */
    public static final String PART = "processor";

    public static BadInput of(ErrorType errorType, String reason, String tenantId) {
        return new BadInput(errorType, reason, tenantId, null, null, null, null, SyncDirection.NONE, List.of(), null, null);
    }

    /** The dead letter and the history entry for this bad input, as records ready to forward. */
    public List<Record<String, Emit>> emit(Record<String, ?> input, RecordMetadata source, String idBase) {
        String topic = source == null ? "unknown" : source.topic();
        int partition = source == null ? -1 : source.partition();
        long offset = source == null ? -1 : source.offset();
        String deadLetterId = SyncIds.deadLetter(topic, partition, offset, idBase);
        long now = input.timestamp();
        Map<String, String> context = new HashMap<>();
        context.put(DeadLetterHeaders.CONTEXT_PART, PART);
        if (source != null && partition < 0) {
            context.put("readFrom", source.toString());
        }
        if (entityType != null) {
            context.put("entityType", entityType);
        }
        if (boardId != null) {
            context.put("boardId", boardId.toString());
        }
        if (itemId != null) {
            context.put("itemId", itemId.toString());
        }
        if (triggerEventId != null) {
            context.put("eventId", triggerEventId);
        }
        String recordKey = tenantId != null && entityType != null && recordId != null
                ? tenantId + ":" + entityType + ":" + recordId : null;
        DeadLetter letter = DeadLetter.newBuilder()
                .setDeadLetterId(deadLetterId)
                .setSourceTopic(topic)
                .setSourcePartition(partition)
                .setSourceOffset(offset)
                .setKey(input.key() == null ? null : java.nio.ByteBuffer.wrap(input.key().toString().getBytes(StandardCharsets.UTF_8)))
                .setValue(input.value() instanceof byte[] bytes ? java.nio.ByteBuffer.wrap(bytes) : null)
                .setErrorType(errorType.name())
                .setReason(reason)
                .setTenantId(tenantId)
                .setRecordKey(recordKey)
                .setAttempts(1)
                .setContext(context)
                .setOccurredAt(Instant.ofEpochMilli(now))
                .build();
        Headers headers = DeadLetterHeaders.kafkaHeaders(letter);
        String key = input.key() == null ? null : input.key().toString();
        SyncHistoryEntry entry = SyncHistoryEntry.newBuilder()
                .setEntryId(SyncIds.rejectedEntry(deadLetterId))
                .setTenantId(tenantId == null ? "unknown" : tenantId)
                .setEntityType(entityType)
                .setRecordId(recordId)
                .setBoardId(boardId)
                .setItemId(itemId)
                .setDirection(direction)
                .setStatus(HistoryStatus.REJECTED)
                .setFields(fields)
                .setRule(null)
                .setTriggeredBy(triggeredBy != null ? triggeredBy
                        : Actor.newBuilder().setKind(ActorKind.UNKNOWN).build())
                .setTriggerEventId(triggerEventId)
                .setErrorCode(errorType.name())
                .setErrorMessage(reason)
                .setAttempts(1)
                .setRetryable(false)
                .setDeadLetterId(deadLetterId)
                .setOccurredAt(Instant.ofEpochMilli(now))
                .setUpdatedAt(Instant.ofEpochMilli(now))
                .build();
        return List.of(
                new Record<String, Emit>(key, new Emit.DeadLettered(letter), now, headers),
                new Record<String, Emit>(entry.getEntryId(), new Emit.History(entry), now));
    }

    /** The error type of bytes that cannot be decoded ({@code e} is a serde failure or a missing value). */
    public static ErrorType undecodable(RuntimeException e) {
        if (e instanceof WireFormatException) {
            return ErrorType.WIRE_FORMAT;
        }
        if (e instanceof UnknownSchemaIdException) {
            return ErrorType.UNKNOWN_SCHEMA_ID;
        }
        return e instanceof SerdeException ? ErrorType.UNDECODABLE : ErrorType.EMPTY_VALUE;
    }

    /** The tenant id at the start of a key ({@code tenantId:...}), or null. */
    public static String tenantOfKey(String key) {
        if (key == null) {
            return null;
        }
        int colon = key.indexOf(':');
        return colon > 0 ? key.substring(0, colon) : null;
    }
}

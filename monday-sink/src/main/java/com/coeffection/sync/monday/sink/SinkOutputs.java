package com.coeffection.sync.monday.sink;

import com.coeffection.sync.monday.sink.coalesce.PendingCommand;
import com.coeffection.sync.schema.Actor;
import com.coeffection.sync.schema.ActorKind;
import com.coeffection.sync.schema.ColumnWrite;
import com.coeffection.sync.schema.CommandOutcome;
import com.coeffection.sync.schema.DeadLetter;
import com.coeffection.sync.schema.FieldDiff;
import com.coeffection.sync.schema.HistoryStatus;
import com.coeffection.sync.schema.MondayCommand;
import com.coeffection.sync.schema.MondayCommandResult;
import com.coeffection.sync.schema.SyncDirection;
import com.coeffection.sync.schema.SyncHistoryEntry;
import com.coeffection.sync.serde.AvroSerializer;
import com.coeffection.sync.serde.SchemaRegistryClient;
import com.coeffection.sync.serde.UndecodableRecordException;
import com.coeffection.sync.topics.SyncTopics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the sink tells the rest of the pipeline: a result per command on the results topic (keyed by record key;
 * the processor turns a new item into a link and remembers delivered values for echo suppression), the command's
 * history entry updated in place (same entry id), and a dead letter with the reason in its headers.
 */
final class SinkOutputs {
    static final String HEADER_ERROR_TYPE = "dlq.error.type";
    static final String HEADER_REASON = "dlq.reason";
    static final String HEADER_ERROR_CODE = "dlq.error.code";
    static final String HEADER_MONDAY_MESSAGE = "dlq.monday.message";
    static final String HEADER_REQUEST_ID = "dlq.request.id";
    static final String HEADER_ATTEMPTS = "dlq.attempts";
    static final String HEADER_SOURCE_TOPIC = "dlq.source.topic";
    static final String HEADER_SOURCE_PARTITION = "dlq.source.partition";
    static final String HEADER_SOURCE_OFFSET = "dlq.source.offset";

    private static final Actor SINK = Actor.newBuilder().setKind(ActorKind.INTEGRATION).setId("monday-sink")
            .setName("monday sink worker").setEmail(null).build();

    private final Producer<String, byte[]> producer;
    private final SyncTopics topics;
    private final Clock clock;
    private final AvroSerializer<MondayCommandResult> results;
    private final AvroSerializer<SyncHistoryEntry> history;
    private final AvroSerializer<DeadLetter> deadLetters;
    private final AtomicReference<Exception> sendFailure = new AtomicReference<>();
    private final Callback onSent = (metadata, exception) -> {
        if (exception != null) {
            sendFailure.compareAndSet(null, exception);
        }
    };

    SinkOutputs(Producer<String, byte[]> producer, SchemaRegistryClient registry, SyncTopics topics, Clock clock) {
        this.producer = producer;
        this.topics = topics;
        this.clock = clock;
        this.results = new AvroSerializer<>(registry, MondayCommandResult.class);
        this.history = new AvroSerializer<>(registry, SyncHistoryEntry.class);
        this.deadLetters = new AvroSerializer<>(registry, DeadLetter.class);
    }

    /** monday confirmed the command. */
    void delivered(PendingCommand pending, Long itemId, boolean itemCreated, List<ColumnWrite> deliveredColumns,
                   int attempts) {
        MondayCommand c = pending.command();
        Instant now = clock.instant();
        result(pending, result(c, itemId, CommandOutcome.DELIVERED, now)
                .setItemCreated(itemCreated).setDeliveredColumns(new ArrayList<>(deliveredColumns))
                .setAttempts(attempts).build());
        history(pending, entry(c, itemId, HistoryStatus.SUCCEEDED, now).setAttempts(attempts).build());
    }

    /** The command can never be delivered as sent: dead letter, failed history entry, DEAD_LETTERED result. */
    void deadLettered(PendingCommand pending, Long itemId, Failure failure, int attempts) {
        MondayCommand c = pending.command();
        Instant now = clock.instant();
        String deadLetterId = deadLetterId(pending.source().topic(), pending.source().partition(), pending.source().offset());
        Map<String, String> context = new LinkedHashMap<>();
        context.put("commandId", c.getCommandId());
        context.put("boardId", Long.toString(c.getBoardId()));
        if (itemId != null) {
            context.put("itemId", Long.toString(itemId));
        }
        context.put("action", c.getAction().name());
        context.put("errorCode", failure.code());
        context.put("mondayMessage", failure.message());
        if (failure.requestId() != null) {
            context.put("requestId", failure.requestId());
        }
        DeadLetter letter = DeadLetter.newBuilder().setDeadLetterId(deadLetterId)
                .setSourceTopic(pending.source().topic()).setSourcePartition(pending.source().partition())
                .setSourceOffset(pending.source().offset())
                .setKey(pending.source().key() == null ? null : java.nio.ByteBuffer.wrap(pending.source().key()))
                .setValue(pending.source().value() == null ? null : java.nio.ByteBuffer.wrap(pending.source().value()))
                .setErrorType(failure.errorType()).setReason(failure.reason()).setTenantId(c.getTenantId())
                .setRecordKey(pending.recordKey()).setAttempts(attempts).setContext(context).setOccurredAt(now).build();
        String key = pending.source().key() == null ? null : new String(pending.source().key(), StandardCharsets.UTF_8);
        RecordHeaders headers = headers(failure, attempts, pending.source().topic(), pending.source().partition(),
                pending.source().offset());
        producer.send(new ProducerRecord<>(topics.deadLetters(), null, key,
                deadLetters.serialize(topics.deadLetters(), letter), headers), onSent);
        result(pending, result(c, itemId, CommandOutcome.DEAD_LETTERED, now).setErrorCode(failure.code())
                .setErrorMessage(failure.message()).setRequestId(failure.requestId()).setAttempts(attempts).build());
        history(pending, entry(c, itemId, HistoryStatus.FAILED, now).setErrorCode(failure.code())
                .setErrorMessage(failure.message()).setRequestId(failure.requestId()).setAttempts(attempts)
                .setRetryable(false).setDeadLetterId(deadLetterId).build());
    }

    /** The connection's token was refused: the command waits; history and the processor are told a reconnect is needed. */
    void reconnectNeeded(PendingCommand pending, Long itemId, Failure failure, int attempts) {
        MondayCommand c = pending.command();
        Instant now = clock.instant();
        result(pending, result(c, itemId, CommandOutcome.RECONNECT_NEEDED, now).setErrorCode(failure.code())
                .setErrorMessage(failure.message()).setRequestId(failure.requestId()).setAttempts(attempts).build());
        history(pending, entry(c, itemId, HistoryStatus.RECONNECT_NEEDED, now).setErrorCode(failure.code())
                .setErrorMessage(failure.reason()).setRequestId(failure.requestId()).setAttempts(attempts)
                .setRetryable(true).build());
    }

    /** A record on the commands topic that cannot be read at all: dead letter only (no tenant or record is known). */
    void undecodable(ConsumerRecord<String, byte[]> record, UndecodableRecordException e) {
        Failure failure = Failure.local(e.reason().errorCode(), e.getMessage());
        deadLetterRaw(record, failure, null, null);
    }

    /** A record that was read but is not a command the sink can carry out (no tenant-level history possible). */
    void deadLetterRaw(ConsumerRecord<String, byte[]> record, Failure failure, String tenantId, String recordKey) {
        Instant now = clock.instant();
        String deadLetterId = deadLetterId(record.topic(), record.partition(), record.offset());
        DeadLetter letter = DeadLetter.newBuilder().setDeadLetterId(deadLetterId).setSourceTopic(record.topic())
                .setSourcePartition(record.partition()).setSourceOffset(record.offset())
                .setKey(record.key() == null ? null : java.nio.ByteBuffer.wrap(record.key().getBytes(StandardCharsets.UTF_8)))
                .setValue(record.value() == null ? null : java.nio.ByteBuffer.wrap(record.value()))
                .setErrorType(failure.errorType()).setReason(failure.reason()).setTenantId(tenantId).setRecordKey(recordKey)
                .setAttempts(0).setContext(Map.of("errorCode", failure.code())).setOccurredAt(now).build();
        producer.send(new ProducerRecord<>(topics.deadLetters(), null, record.key(),
                deadLetters.serialize(topics.deadLetters(), letter),
                headers(failure, 0, record.topic(), record.partition(), record.offset())), onSent);
    }

    /**
     * Waits until everything sent so far is acknowledged (before offsets are committed).
     *
     * @throws KafkaException when a record could not be written: the caller must not commit, so the commands
     *                        are read and reported again
     */
    void flush() {
        producer.flush();
        Exception failure = sendFailure.getAndSet(null);
        if (failure != null) {
            throw new KafkaException("a result, history entry or dead letter could not be written: " + failure.getMessage(),
                    failure);
        }
    }

    static String deadLetterId(String topic, int partition, long offset) {
        return "dlq:" + topic + ":" + partition + ":" + offset;
    }

    private static RecordHeaders headers(Failure failure, int attempts, String topic, int partition, long offset) {
        RecordHeaders headers = new RecordHeaders();
        add(headers, HEADER_ERROR_TYPE, failure.errorType());
        add(headers, HEADER_REASON, failure.reason());
        add(headers, HEADER_ERROR_CODE, failure.code());
        add(headers, HEADER_MONDAY_MESSAGE, failure.message());
        add(headers, HEADER_REQUEST_ID, failure.requestId());
        add(headers, HEADER_ATTEMPTS, Integer.toString(attempts));
        add(headers, HEADER_SOURCE_TOPIC, topic);
        add(headers, HEADER_SOURCE_PARTITION, Integer.toString(partition));
        add(headers, HEADER_SOURCE_OFFSET, Long.toString(offset));
        return headers;
    }

    private static void add(RecordHeaders headers, String name, String value) {
        if (value != null) {
            headers.add(name, value.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static MondayCommandResult.Builder result(MondayCommand c, Long itemId, CommandOutcome outcome, Instant now) {
        return MondayCommandResult.newBuilder().setCommandId(c.getCommandId()).setTenantId(c.getTenantId())
                .setEntityType(c.getEntityType()).setRecordId(c.getRecordId()).setBoardId(c.getBoardId())
                .setItemId(itemId != null ? itemId : c.getItemId()).setOutcome(outcome)
                .setHistoryEntryId(c.getHistoryEntryId()).setCompletedAt(now);
    }

    private SyncHistoryEntry.Builder entry(MondayCommand c, Long itemId, HistoryStatus status, Instant now) {
        List<FieldDiff> fields = new ArrayList<>();
        for (ColumnWrite w : c.getColumns()) {
            fields.add(FieldDiff.newBuilder().setField(w.getField()).setColumnId(w.getColumnId()).setBefore(null)
                    .setAfter(w.getValue()).setRule(null).setStatus(null).build());
        }
        return SyncHistoryEntry.newBuilder().setEntryId(entryId(c)).setTenantId(c.getTenantId())
                .setEntityType(c.getEntityType()).setRecordId(c.getRecordId()).setBoardId(c.getBoardId())
                .setItemId(itemId != null ? itemId : c.getItemId()).setDirection(SyncDirection.COEFFECTION_TO_MONDAY)
                .setStatus(status).setFields(fields).setRule(null).setTriggeredBy(SINK).setTriggerEventId(null)
                .setCommandId(c.getCommandId()).setOccurredAt(c.getSourceChangedAt()).setUpdatedAt(now);
    }

    static String entryId(MondayCommand c) {
        return c.getHistoryEntryId() != null ? c.getHistoryEntryId() : "monday-sink:" + c.getCommandId();
    }

    private void result(PendingCommand pending, MondayCommandResult result) {
        producer.send(new ProducerRecord<>(topics.mondayResults(), pending.recordKey(),
                results.serialize(topics.mondayResults(), result)), onSent);
    }

    private void history(PendingCommand pending, SyncHistoryEntry entry) {
        producer.send(new ProducerRecord<>(topics.historyEvents(), entry.getEntryId(),
                history.serialize(topics.historyEvents(), entry)), onSent);
    }
}

package com.coeffection.sync.monday.sink;

import com.coeffection.sync.contract.DeadLetterHeaders;
import com.coeffection.sync.contract.SyncIds;
import com.coeffection.sync.monday.sink.coalesce.PendingCommand;
import com.coeffection.sync.monday.sink.coalesce.RefusedColumn;
import com.coeffection.sync.schema.ColumnRefusal;
import com.coeffection.sync.schema.ColumnWrite;
import com.coeffection.sync.schema.CommandOutcome;
import com.coeffection.sync.schema.DeadLetter;
import com.coeffection.sync.schema.MondayCommand;
import com.coeffection.sync.schema.MondayCommandResult;
import com.coeffection.sync.serde.AvroSerializer;
import com.coeffection.sync.serde.SchemaRegistryClient;
import com.coeffection.sync.serde.UndecodableRecordException;
import com.coeffection.sync.topics.SyncTopics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the sink tells the rest of the pipeline. Its outcome of every command is one {@link MondayCommandResult} on
 * the results topic (keyed by record key): DELIVERED (with the item, the delivered values and every column monday
 * refused), DEAD_LETTERED (error type, monday's code, message and request id, the dead letter's id) or
 * RECONNECT_NEEDED. The processor links items and remembers delivered values from it; the history sink merges it
 * into the command's history entry by {@code historyEntryId}. The sink writes no history entries itself (it does not
 * know an entry's before-values, rule or actor).
 *
 * <p>Every dead letter uses the shared header scheme ({@link DeadLetterHeaders}, part {@code sink}) and the shared
 * id scheme ({@link SyncIds#deadLetter}); a refused column is a dead letter of its own holding a command with that
 * column alone, so replaying it re-sends only that column.
 */
final class SinkOutputs {
    static final String PART = "sink";

    private final Producer<String, byte[]> producer;
    private final SyncTopics topics;
    private final Clock clock;
    private final AvroSerializer<MondayCommandResult> results;
    private final AvroSerializer<MondayCommand> commands;
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
        this.commands = new AvroSerializer<>(registry, MondayCommand.class);
        this.deadLetters = new AvroSerializer<>(registry, DeadLetter.class);
    }

    /** monday confirmed the command; the columns it refused (if any) are dead letters of their own. */
    void delivered(PendingCommand pending, Long itemId, boolean itemCreated, List<ColumnWrite> deliveredColumns,
                   int attempts, List<RefusedColumn> refused) {
        MondayCommand c = pending.command();
        result(pending, result(c, itemId, CommandOutcome.DELIVERED, clock.instant())
                .setItemCreated(itemCreated).setDeliveredColumns(new ArrayList<>(deliveredColumns))
                .setRefusedColumns(refusals(pending, itemId, refused, attempts)).setAttempts(attempts).build());
    }

    /** The command can never be delivered as sent: a dead letter and a DEAD_LETTERED result naming it. */
    void deadLettered(PendingCommand pending, Long itemId, Failure failure, int attempts, List<RefusedColumn> refused) {
        MondayCommand c = pending.command();
        String deadLetterId = SyncIds.deadLetter(pending.source().topic(), pending.source().partition(),
                pending.source().offset(), null);
        deadLetter(pending, deadLetterId, pending.source().value(), failure, attempts, itemId, null);
        result(pending, result(c, itemId, CommandOutcome.DEAD_LETTERED, clock.instant()).setErrorCode(failure.code())
                .setErrorMessage(failure.message()).setRequestId(failure.requestId())
                .setErrorType(failure.errorType().name()).setDeadLetterId(deadLetterId)
                .setRefusedColumns(refusals(pending, itemId, refused, attempts)).setAttempts(attempts).build());
    }

    /** The connection's token was refused: the command waits; the processor and history are told a reconnect is needed. */
    void reconnectNeeded(PendingCommand pending, Long itemId, Failure failure, int attempts) {
        MondayCommand c = pending.command();
        result(pending, result(c, itemId, CommandOutcome.RECONNECT_NEEDED, clock.instant()).setErrorCode(failure.code())
                .setErrorMessage(failure.message()).setRequestId(failure.requestId())
                .setErrorType(failure.errorType().name()).setAttempts(attempts).build());
    }

    /** A record on the commands topic that cannot be read at all: dead letter only (no tenant or record is known). */
    void undecodable(ConsumerRecord<String, byte[]> record, UndecodableRecordException e) {
        String code = e.reason().errorCode();
        deadLetterRaw(record, Failure.local(Failure.ofSerdeCode(code), code, e.getMessage()), null, null);
    }

    /** A record that was read but is not a command the sink can carry out (no tenant-level outcome possible). */
    void deadLetterRaw(ConsumerRecord<String, byte[]> record, Failure failure, String tenantId, String recordKey) {
        Map<String, String> context = context(failure);
        DeadLetter letter = DeadLetter.newBuilder()
                .setDeadLetterId(SyncIds.deadLetter(record.topic(), record.partition(), record.offset(), null))
                .setSourceTopic(record.topic()).setSourcePartition(record.partition()).setSourceOffset(record.offset())
                .setKey(record.key() == null ? null : ByteBuffer.wrap(record.key().getBytes(StandardCharsets.UTF_8)))
                .setValue(record.value() == null ? null : ByteBuffer.wrap(record.value()))
                .setErrorType(failure.errorType().name()).setReason(failure.reason()).setTenantId(tenantId)
                .setRecordKey(recordKey).setAttempts(0).setContext(context).setOccurredAt(clock.instant()).build();
        send(record.key(), letter);
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
            throw new KafkaException("a result or dead letter could not be written: " + failure.getMessage(), failure);
        }
    }

    /** The id of the dead letter of one refused column of the command at that position. */
    static String columnDeadLetterId(PendingCommand pending, String columnId) {
        return SyncIds.deadLetter(pending.source().topic(), pending.source().partition(), pending.source().offset(),
                "column:" + columnId);
    }

    /**
     * Each refused column as the result lists it, after writing its own dead letter: the command with that column
     * alone (replaying it sends only that column again).
     */
    private List<ColumnRefusal> refusals(PendingCommand pending, Long itemId, List<RefusedColumn> refused, int attempts) {
        List<ColumnRefusal> listed = new ArrayList<>();
        for (RefusedColumn column : refused) {
            String id = columnDeadLetterId(pending, column.columnId());
            MondayCommand alone = MondayCommand.newBuilder(pending.command()).setColumns(List.of(column.write())).build();
            Failure failure = new Failure(column.errorType(), column.code(), column.message(), column.requestId());
            deadLetter(pending, id, commands.serialize(topics.mondayCommands(), alone), failure, attempts, itemId, column);
            listed.add(ColumnRefusal.newBuilder().setColumnId(column.columnId()).setField(column.write().getField())
                    .setErrorCode(column.code()).setMessage(column.message()).setDeadLetterId(id).build());
        }
        return listed;
    }

    private void deadLetter(PendingCommand pending, String id, byte[] value, Failure failure, int attempts, Long itemId,
                            RefusedColumn column) {
        MondayCommand c = pending.command();
        Map<String, String> context = context(failure);
        context.put("commandId", c.getCommandId());
        context.put("boardId", Long.toString(c.getBoardId()));
        if (itemId != null) {
            context.put("itemId", Long.toString(itemId));
        }
        context.put("action", c.getAction().name());
        if (c.getHistoryEntryId() != null) {
            context.put("historyEntryId", c.getHistoryEntryId());
        }
        if (column != null) {
            context.put("columnId", column.columnId());
            context.put("field", column.write().getField());
        }
        DeadLetter letter = DeadLetter.newBuilder().setDeadLetterId(id)
                .setSourceTopic(pending.source().topic()).setSourcePartition(pending.source().partition())
                .setSourceOffset(pending.source().offset())
                .setKey(pending.source().key() == null ? null : ByteBuffer.wrap(pending.source().key()))
                .setValue(value == null ? null : ByteBuffer.wrap(value))
                .setErrorType(failure.errorType().name()).setReason(failure.reason()).setTenantId(c.getTenantId())
                .setRecordKey(pending.recordKey()).setAttempts(attempts).setContext(context)
                .setOccurredAt(clock.instant()).build();
        send(pending.source().key() == null ? null : new String(pending.source().key(), StandardCharsets.UTF_8), letter);
    }

    private static Map<String, String> context(Failure failure) {
        Map<String, String> context = new LinkedHashMap<>();
        context.put(DeadLetterHeaders.CONTEXT_PART, PART);
        context.put(DeadLetterHeaders.CONTEXT_ERROR_CODE, failure.code());
        if (failure.message() != null) {
            context.put(DeadLetterHeaders.CONTEXT_MONDAY_MESSAGE, failure.message());
        }
        if (failure.requestId() != null) {
            context.put(DeadLetterHeaders.CONTEXT_REQUEST_ID, failure.requestId());
        }
        return context;
    }

    private void send(String key, DeadLetter letter) {
        producer.send(new ProducerRecord<>(topics.deadLetters(), null, key,
                deadLetters.serialize(topics.deadLetters(), letter), DeadLetterHeaders.kafkaHeaders(letter)), onSent);
    }

    private static MondayCommandResult.Builder result(MondayCommand c, Long itemId, CommandOutcome outcome, Instant now) {
        return MondayCommandResult.newBuilder().setCommandId(c.getCommandId()).setTenantId(c.getTenantId())
                .setEntityType(c.getEntityType()).setRecordId(c.getRecordId()).setBoardId(c.getBoardId())
                .setItemId(itemId != null ? itemId : c.getItemId()).setOutcome(outcome)
                .setHistoryEntryId(c.getHistoryEntryId()).setCompletedAt(now);
    }

    private void result(PendingCommand pending, MondayCommandResult result) {
        producer.send(new ProducerRecord<>(topics.mondayResults(), pending.recordKey(),
                results.serialize(topics.mondayResults(), result)), onSent);
    }
}

package com.coeffection.sync.monday.sink;

import com.coeffection.sync.monday.columns.ColumnCodecs;
import com.coeffection.sync.monday.columns.ColumnType;
import com.coeffection.sync.monday.columns.ColumnValueConversionException;
import com.coeffection.sync.monday.sink.coalesce.Coalescer;
import com.coeffection.sync.monday.sink.coalesce.CommandSource;
import com.coeffection.sync.monday.sink.coalesce.EncodedColumn;
import com.coeffection.sync.monday.sink.coalesce.ItemLane;
import com.coeffection.sync.monday.sink.coalesce.PendingCommand;
import com.coeffection.sync.monday.sink.coalesce.RefusedColumn;
import com.coeffection.sync.contract.ErrorType;
import com.coeffection.sync.monday.sink.offsets.OffsetTracker;
import com.coeffection.sync.schema.ColumnWrite;
import com.coeffection.sync.schema.MondayAction;
import com.coeffection.sync.schema.MondayCommand;
import com.coeffection.sync.serde.RecordDecoder;
import com.coeffection.sync.serde.SchemaRegistryException;
import com.coeffection.sync.serde.UndecodableRecordException;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The sink's poll loop: one thread reads commands, coalesces them, has {@link MondayDelivery} send what is due to
 * monday (its requests are out concurrently, one per board at most; their answers are applied on this thread),
 * pauses and resumes partitions, and commits only what monday confirmed. Nothing in it waits for monday: a back-off is a time before which a
 * connection or a change is not sent, partitions are paused while everything they hold waits, and polling goes on
 * (so {@code max.poll.interval.ms} is never exceeded and the group never rebalances because of monday).
 */
final class SinkLoop implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(SinkLoop.class);
    private static final Duration MAX_POLL = Duration.ofMillis(100);
    private static final Duration ERROR_PAUSE = Duration.ofSeconds(1);
    /** How long one poll waits while requests are out, so that monday's answers are applied within this. */
    private static final Duration ANSWER_POLL = Duration.ofMillis(10);

    private final MondaySinkConfig config;
    private final Consumer<String, byte[]> consumer;
    private final SinkOutputs outputs;
    private final MondayConnections connections;
    private final RecordDecoder<MondayCommand> decoder;
    private final SinkMetrics metrics;
    private final Clock clock;
    private final Coalescer coalescer;
    private final OffsetTracker offsets = new OffsetTracker();
    private final MondayDelivery delivery;
    private final Set<TopicPartition> paused = new HashSet<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running = true;

    SinkLoop(MondaySinkConfig config, Consumer<String, byte[]> consumer, SinkOutputs outputs,
             MondayConnections connections, RecordDecoder<MondayCommand> decoder, SinkMetrics metrics, Clock clock) {
        this.config = config;
        this.consumer = consumer;
        this.outputs = outputs;
        this.connections = connections;
        this.decoder = decoder;
        this.metrics = metrics;
        this.clock = clock;
        // changes are due at once; a busy board's changes are kept together by the delivery's board spacing
        this.coalescer = new Coalescer(Duration.ZERO);
        this.delivery = new MondayDelivery(config, outputs, connections, metrics, clock, coalescer, offsets,
                () -> running);
    }

    int waiting() {
        return offsets.waiting();
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(config.topics().mondayCommands()), new Rebalance());
            while (running) {
                try {
                    round();
                } catch (WakeupException e) {
                    // close() woke the poll up
                } catch (RuntimeException e) {
                    if (!running) {
                        break;
                    }
                    LOG.error("monday sink round failed; replaying from the last committed offsets: {}", e.toString(), e);
                    rewind();
                }
            }
            // the requests still out are answered (or time out) before the last commit
            delivery.awaitRequests(config.callTimeout().plusSeconds(5));
            commitConfirmed();
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("monday sink stopped on an unexpected error", e);
        } finally {
            delivery.close();
            stopped.countDown();
        }
    }

    /** Asks the loop to stop; it commits what monday confirmed and returns. */
    void stop() {
        running = false;
        consumer.wakeup();
    }

    boolean awaitStopped(Duration timeout) throws InterruptedException {
        return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    // ---------------------------------------------------------------- one round

    private void round() {
        Instant now = clock.instant();
        Instant wake = coalescer.nextDueAfter(now).orElse(now.plus(MAX_POLL));
        Instant spaced = delivery.nextWake().orElse(wake);
        if (spaced.isAfter(now) && spaced.isBefore(wake)) {
            wake = spaced;
        }
        Duration timeout = Duration.between(now, wake);
        if (timeout.isNegative()) {
            timeout = Duration.ZERO;
        }
        if (timeout.compareTo(MAX_POLL) > 0) {
            timeout = MAX_POLL;
        }
        if (delivery.requestsOut() && timeout.compareTo(ANSWER_POLL) > 0) {
            timeout = ANSWER_POLL;
        }
        ConsumerRecords<String, byte[]> records = consumer.poll(timeout);
        for (ConsumerRecord<String, byte[]> record : records) {
            accept(record);
        }
        delivery.deliver();
        updatePauses();
        commitConfirmed();
    }

    private void accept(ConsumerRecord<String, byte[]> record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        offsets.received(partition, record.offset());
        metrics.received();
        MondayCommand command;
        try {
            command = decoder.decode(record);
        } catch (UndecodableRecordException e) {
            if (e.reason() instanceof SchemaRegistryException registry && registry.retryable()) {
                // the registry is down, the record is fine: read it again later instead of dead-lettering it
                throw new RegistryUnavailableException(e);
            }
            LOG.warn("undecodable monday command at {}-{}@{} goes to the dead letters: {}", record.topic(),
                    record.partition(), record.offset(), e.getMessage());
            outputs.undecodable(record, e);
            metrics.deadLetter(Failure.ofSerdeCode(e.reason().errorCode()).name());
            offsets.done(partition, record.offset());
            return;
        }
        if (command == null) {
            outputs.deadLetterRaw(record, Failure.local(ErrorType.INVALID_COMMAND, "TOMBSTONE",
                    "the record has no value (a tombstone); a monday command is expected"), null, null);
            metrics.deadLetter("INVALID_COMMAND");
            offsets.done(partition, record.offset());
            return;
        }
        byte[] key = record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8);
        CommandSource source = new CommandSource(record.topic(), record.partition(), record.offset(), key, record.value());
        Instant now = clock.instant();
        List<EncodedColumn> encoded = new ArrayList<>();
        List<RefusedColumn> refused = new ArrayList<>();
        for (ColumnWrite write : command.getColumns()) {
            String problem = encode(write, encoded);
            if (problem != null) {
                // one value monday cannot take never blocks the others: that column is left out and reported
                refused.add(new RefusedColumn(write, ErrorType.MONDAY_COLUMN_REFUSED, "COLUMN_VALUE", problem, null));
            }
        }
        Failure invalid = null;
        if (command.getAction() == MondayAction.OTHER) {
            invalid = Failure.local(ErrorType.INVALID_COMMAND, "INVALID_COMMAND", "command " + command.getCommandId()
                    + " has an action this sink does not know (OTHER); upgrade the monday sink");
        } else if (command.getAction() == MondayAction.MOVE_TO_GROUP && command.getGroupId() == null) {
            invalid = Failure.local(ErrorType.INVALID_COMMAND, "INVALID_COMMAND", "command " + command.getCommandId()
                    + " moves an item but names no group");
        }
        PendingCommand pending = new PendingCommand(command, invalid == null ? encoded : List.of(), source, now, refused);
        if (invalid != null) {
            LOG.warn("tenant {} board {} record {}: command {} goes to the dead letters: {}", command.getTenantId(),
                    command.getBoardId(), command.getRecordId(), command.getCommandId(), invalid.message());
            outputs.deadLettered(pending, command.getItemId(), invalid, 0, List.of());
            metrics.deadLetter(invalid.errorType().name());
            offsets.done(partition, record.offset());
            return;
        }
        if (!refused.isEmpty()) {
            LOG.warn("tenant {} board {} record {}: command {} leaves out {} column(s) monday cannot take: {}",
                    command.getTenantId(), command.getBoardId(), command.getRecordId(), command.getCommandId(),
                    refused.size(), refused.get(0).message());
        }
        if (coalescer.add(pending)) {
            metrics.coalesced();
        }
    }

    /**
     * Encodes one column write for monday into {@code encoded}; returns why it cannot be written (an unknown column
     * type, a value the codec refuses), or null.
     */
    private static String encode(ColumnWrite write, List<EncodedColumn> encoded) {
        ColumnType type = ColumnType.fromMonday(write.getColumnType()).orElse(null);
        if (type == null) {
            return "column '" + write.getColumnId() + "' has type '" + write.getColumnType()
                    + "', which the sync cannot write; fix the board mapping";
        }
        try {
            if (type == ColumnType.PEOPLE && EncodedColumn.namesPeopleByEmail(write.getValue())) {
                encoded.add(EncodedColumn.unresolvedPeople(write));
            } else {
                encoded.add(new EncodedColumn(write, ColumnCodecs.standard().toMonday(type, write.getColumnId(), write.getValue())));
            }
            return null;
        } catch (ColumnValueConversionException e) {
            return "the value of field '" + write.getField() + "' cannot be written to " + e.getMessage();
        }
    }

    // ---------------------------------------------------------------- pausing and committing

    /**
     * Pauses a partition while it holds too many waiting commands; resumes it otherwise. Polling goes on either way.
     *
     * <p>A partition is never paused because one tenant's connection waits (refused token, daily limit, outage of its
     * account): other tenants' commands share the partition and must keep flowing. The waiting tenant's changes stay
     * in memory (coalesced per item) up to {@code maxWaitingPerPartition} commands per partition.
     */
    private void updatePauses() {
        Set<TopicPartition> assignment = consumer.assignment();
        List<TopicPartition> toPause = new ArrayList<>();
        List<TopicPartition> toResume = new ArrayList<>();
        for (TopicPartition partition : assignment) {
            boolean pause = offsets.waiting(partition) >= config.maxWaitingPerPartition();
            if (pause && paused.add(partition)) {
                toPause.add(partition);
            } else if (!pause && paused.remove(partition)) {
                toResume.add(partition);
            }
        }
        if (!toPause.isEmpty()) {
            consumer.pause(toPause);
            LOG.info("paused {} ({} or more commands wait for monday); polling continues", toPause,
                    config.maxWaitingPerPartition());
        }
        if (!toResume.isEmpty()) {
            consumer.resume(toResume);
            LOG.info("resumed {}", toResume);
        }
        paused.retainAll(assignment);
        metrics.pausedPartitions(paused.size());
    }

    private void commitConfirmed() {
        Set<TopicPartition> assignment = consumer.assignment();
        Map<TopicPartition, OffsetAndMetadata> committable = new LinkedHashMap<>(offsets.committable(positions(assignment)));
        committable.keySet().retainAll(assignment);
        if (committable.isEmpty()) {
            return;
        }
        outputs.flush();
        try {
            consumer.commitSync(committable);
            offsets.committed(committable);
        } catch (CommitFailedException | RebalanceInProgressException e) {
            LOG.warn("offset commit refused during a rebalance; the commands will be replayed: {}", e.getMessage());
        }
    }

    /** The consumer's known positions (past transaction markers); a partition whose position is not known yet is left out. */
    private Map<TopicPartition, Long> positions(Set<TopicPartition> assignment) {
        Map<TopicPartition, Long> positions = new java.util.HashMap<>();
        for (TopicPartition partition : assignment) {
            try {
                positions.put(partition, consumer.position(partition, Duration.ZERO));
            } catch (org.apache.kafka.common.errors.TimeoutException | IllegalStateException e) {
                // not known yet (just assigned): the next round asks again
            }
        }
        return positions;
    }

    /** After an unexpected error: forget everything in memory and read again from the last committed offsets. */
    private void rewind() {
        Set<TopicPartition> assignment = consumer.assignment();
        coalescer.dropPartitions(assignment);
        offsets.forget(assignment);
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(assignment);
        List<TopicPartition> fromStart = new ArrayList<>();
        for (TopicPartition partition : assignment) {
            OffsetAndMetadata offset = committed.get(partition);
            if (offset != null) {
                consumer.seek(partition, offset);
            } else {
                fromStart.add(partition);
            }
        }
        if (!fromStart.isEmpty()) {
            consumer.seekToBeginning(fromStart);
        }
        consumer.resume(paused);
        paused.clear();
        try {
            Thread.sleep(ERROR_PAUSE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** The schema registry could not be reached while reading a command; the round is replayed later. */
    static final class RegistryUnavailableException extends RuntimeException {
        RegistryUnavailableException(UndecodableRecordException cause) {
            super("the schema registry is unavailable: " + cause.reason().getMessage(), cause);
        }
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            // no request of these partitions may still be out when their next owner starts (it could create an
            // item this worker's request is creating): wait for the answers and report them first
            delivery.awaitRequests(config.callTimeout().plusSeconds(5));
            try {
                commitConfirmed();
            } catch (RuntimeException e) {
                LOG.warn("could not commit before giving up {}: {}", partitions, e.getMessage());
            }
            metrics.partitionsGivenUp("revoked", partitions.size());
            forget(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            LOG.warn("lost {} without a rebalance (the group moved on); their waiting changes will be replayed", partitions);
            delivery.awaitRequests(config.callTimeout().plusSeconds(5));
            metrics.partitionsGivenUp("lost", partitions.size());
            forget(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                LOG.info("monday sink now owns {}", partitions);
            }
        }

        private void forget(Collection<TopicPartition> partitions) {
            List<ItemLane> dropped = coalescer.dropPartitions(partitions);
            offsets.forget(partitions);
            paused.removeAll(partitions);
            if (!dropped.isEmpty()) {
                LOG.info("gave up {}; {} record(s) with waiting changes will be sent by their new owner", partitions,
                        dropped.size());
            }
        }
    }
}

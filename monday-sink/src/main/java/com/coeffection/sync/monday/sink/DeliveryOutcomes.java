package com.coeffection.sync.monday.sink;

import com.coeffection.sync.contract.ErrorType;
import com.coeffection.sync.monday.graphql.Model.ItemRef;
import com.coeffection.sync.monday.sink.coalesce.Coalescer;
import com.coeffection.sync.monday.sink.coalesce.ItemLane;
import com.coeffection.sync.monday.sink.coalesce.EnsureOp;
import com.coeffection.sync.monday.sink.coalesce.ItemOp;
import com.coeffection.sync.monday.sink.coalesce.PendingCommand;
import com.coeffection.sync.monday.sink.offsets.OffsetTracker;
import com.coeffection.sync.monday.sink.retry.ConnectionState;
import com.coeffection.sync.schema.ColumnWrite;
import com.coeffection.sync.schema.MondayAction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ends a change: reports what happened to each of its commands (result, dead letters), marks their offsets done
 * and lets the item's next change go. Also tells the pipeline, once per change, that a change waits for a reconnect.
 */
final class DeliveryOutcomes {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryOutcomes.class);

    private final SinkOutputs outputs;
    private final SinkMetrics metrics;
    private final Clock clock;
    private final Coalescer coalescer;
    private final OffsetTracker offsets;

    DeliveryOutcomes(SinkOutputs outputs, SinkMetrics metrics, Clock clock, Coalescer coalescer, OffsetTracker offsets) {
        this.outputs = outputs;
        this.metrics = metrics;
        this.clock = clock;
        this.coalescer = coalescer;
        this.offsets = offsets;
    }

    /** monday confirmed the lane's head ({@code ref} is monday's answer, null when nothing had to be sent). */
    void delivered(ItemLane lane, ItemOp op, ItemRef ref, int attempts) {
        boolean linked = op.linksItem() && (ref != null || op.itemId() != null);
        if (op instanceof EnsureOp && ref != null) {
            lane.itemId(ref.id());
            metrics.created();
        }
        Long itemId = ref != null ? Long.valueOf(ref.id()) : lane.itemId();
        int tries = op.failedAttempts() + Math.max(1, attempts);
        Instant now = clock.instant();
        if (!op.companion()) {
            Map<PendingCommand, List<ColumnWrite>> deliveredColumns = deliveredColumns(op);
            PendingCommand linking = linked ? linkingCommand(op) : null;
            for (PendingCommand command : op.commands()) {
                if (command != linking) {
                    outputs.delivered(command, itemId, false, deliveredColumns.getOrDefault(command, List.of()), tries,
                            op.refusedFor(command));
                }
                metrics.latency(Duration.between(command.sourceChangedAt(), now));
            }
            if (linking != null) {
                List<ColumnWrite> all = new ArrayList<>();
                deliveredColumns.values().forEach(all::addAll);
                outputs.delivered(linking, itemId, true, all, tries, op.refusedFor(linking));
            }
            metrics.delivered(op.commands().size());
        }
        done(op);
        LOG.debug("tenant {} board {} record {}: {} of {} command(s) confirmed by monday (item {})", lane.tenantId(),
                lane.boardId(), lane.recordId(), op.kind(), op.commands().size(), itemId);
        coalescer.completeHead(lane);
    }

    /** The lane's head can never be delivered: every command of it goes to the dead letters. */
    void deadLetter(ItemLane lane, ItemOp op, Failure failure, int attempts) {
        LOG.warn("tenant {} board {} record {}: {} of {} command(s) goes to the dead letters: {}", lane.tenantId(),
                lane.boardId(), lane.recordId(), op.kind(), op.commands().size(), failure.reason());
        for (PendingCommand command : op.commands()) {
            outputs.deadLettered(command, lane.itemId(), failure, attempts, op.refusedFor(command));
            metrics.deadLetter(failure.errorType().name());
        }
        done(op);
        coalescer.completeHead(lane);
    }

    /** Each waiting change of these lanes is reported once as waiting for a reconnect. */
    void reconnectNeeded(List<ItemLane> lanes, ConnectionState.Revoked revoked) {
        Failure failure = new Failure(ErrorType.RECONNECT_NEEDED, revoked.code(), revoked.message(), revoked.requestId());
        for (ItemLane lane : lanes) {
            ItemOp head = lane.head();
            if (head == null || head.reconnectReported()) {
                continue;
            }
            head.markReconnectReported();
            if (!head.companion()) {
                for (PendingCommand command : head.commands()) {
                    outputs.reconnectNeeded(command, lane.itemId(), failure, head.failedAttempts());
                }
            }
        }
    }

    private void done(ItemOp op) {
        for (PendingCommand command : op.commands()) {
            offsets.done(command.source().topicPartition(), command.source().offset());
            metrics.columnsRefused(op.refusedFor(command).size());
        }
    }

    /**
     * The command whose result links the record to its item: the (first) create, or the first command when the item
     * was ensured for an update. Its result goes last and carries every value monday now holds, so the processor has
     * seen all delivered values when it learns the link.
     */
    private static PendingCommand linkingCommand(ItemOp op) {
        return op.commands().stream().filter(c -> c.command().getAction() == MondayAction.CREATE_ITEM).findFirst()
                .orElse(op.commands().get(0));
    }

    /** For each command, the column values of it that monday now holds (a later command's value replaced the rest). */
    private static Map<PendingCommand, List<ColumnWrite>> deliveredColumns(ItemOp op) {
        Map<PendingCommand, List<ColumnWrite>> byCommand = new LinkedHashMap<>();
        for (ItemOp.Columns.Slot slot : op.columns().slots().values()) {
            byCommand.computeIfAbsent(slot.from(), c -> new ArrayList<>()).add(slot.column().write());
        }
        return byCommand;
    }
}

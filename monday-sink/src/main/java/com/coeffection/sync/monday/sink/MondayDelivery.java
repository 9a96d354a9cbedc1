package com.coeffection.sync.monday.sink;

import com.coeffection.sync.contract.ErrorType;
import com.coeffection.sync.monday.graphql.AliasResult;
import com.coeffection.sync.monday.graphql.BatchResult;
import com.coeffection.sync.monday.graphql.Model.ItemRef;
import com.coeffection.sync.monday.graphql.MondayFailure;
import com.coeffection.sync.monday.graphql.MondayOperation;
import com.coeffection.sync.monday.sink.MondayConnections.Connection;
import com.coeffection.sync.monday.sink.batch.BatchPlanner;
import com.coeffection.sync.monday.sink.coalesce.Coalescer;
import com.coeffection.sync.monday.sink.coalesce.ItemLane;
import com.coeffection.sync.monday.sink.coalesce.ItemOp;
import com.coeffection.sync.monday.sink.offsets.OffsetTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The monday side of the sink: each round it takes the due changes tenant by tenant, lets the
 * {@link ConnectionPolicy} decide whether the tenant's connection may send, has {@link ItemLookup} find items before
 * creating them, {@link PeopleResolution} resolve people by email, {@link RequestPlanning} cut the board's changes
 * into requests the budget allows (one board per mutation request), and {@link DeliveryOutcomes} report each
 * outcome. Called by the poll loop on its thread; never blocks beyond one monday request.
 */
final class MondayDelivery {
    private static final Logger LOG = LoggerFactory.getLogger(MondayDelivery.class);
    private static final Duration MAX_SENDING_PER_ROUND = Duration.ofSeconds(5);

    private final MondaySinkConfig config;
    private final MondayConnections connections;
    private final Clock clock;
    private final Coalescer coalescer;
    private final BooleanSupplier running;
    private final DeliveryOutcomes outcomes;
    private final ConnectionPolicy policy;
    private final MondayRequests requests;
    private final ItemLookup lookup;
    private final PeopleResolution people;
    private final RequestPlanning planning;

    MondayDelivery(MondaySinkConfig config, SinkOutputs outputs, MondayConnections connections, SinkMetrics metrics,
                   Clock clock, Coalescer coalescer, OffsetTracker offsets, BooleanSupplier running) {
        this.config = config;
        this.connections = connections;
        this.clock = clock;
        this.coalescer = coalescer;
        this.running = running;
        this.outcomes = new DeliveryOutcomes(outputs, metrics, clock, coalescer, offsets);
        this.policy = new ConnectionPolicy(config, metrics, outcomes);
        this.requests = new MondayRequests(config, metrics);
        this.lookup = new ItemLookup(config, requests, policy, coalescer, metrics, clock);
        this.people = new PeopleResolution(config, policy);
        this.planning = new RequestPlanning(config, policy, coalescer, clock);
    }

    /** Sends what is due, tenant by tenant, within this round's time. */
    void deliver() {
        Instant now = clock.instant();
        List<ItemLane> ready = coalescer.ready(now);
        if (ready.isEmpty()) {
            return;
        }
        Map<String, List<ItemLane>> byTenant = new LinkedHashMap<>();
        for (ItemLane lane : ready) {
            byTenant.computeIfAbsent(lane.tenantId(), t -> new ArrayList<>()).add(lane);
        }
        long deadline = System.nanoTime() + MAX_SENDING_PER_ROUND.toNanos();
        for (Map.Entry<String, List<ItemLane>> tenant : byTenant.entrySet()) {
            if (System.nanoTime() > deadline || !running.getAsBoolean()) {
                return;
            }
            Connection connection = connections.forTenant(tenant.getKey());
            if (policy.admit(connection, tenant.getKey(), tenant.getValue(), now)) {
                deliverTenant(connection, tenant.getValue(), deadline);
            }
        }
    }

    private void deliverTenant(Connection connection, List<ItemLane> lanes, long deadline) {
        List<ItemLane> lookups = new ArrayList<>(lanes.stream().filter(l -> l.head().needsLookup()).toList());
        while (!lookups.isEmpty() && sendable(connection, deadline)) {
            BatchPlanner.Batch<ItemLane> batch = planning.lookups(connection, lookups);
            if (batch.isEmpty()) {
                return;
            }
            lookup.lookUp(connection, batch.items());
            lookups.removeAll(batch.items());
        }
        Instant now = clock.instant();
        List<ItemLane> writes = new ArrayList<>();
        for (ItemLane lane : lanes) {
            ItemOp head = lane.head();
            if (head == null || head.needsLookup() || head.notBefore().isAfter(now)
                    || head.firstReceivedAt().plus(config.window()).isAfter(now)) {
                continue;
            }
            if (head.itemId() == null && !(head instanceof ItemOp.Ensure)) {
                outcomes.deadLetter(lane, head, Failure.local(ErrorType.INVALID_COMMAND, "NO_ITEM", "the record "
                        + lane.recordKey() + " has no monday item yet, so its " + head.kind() + " cannot be carried out"),
                        head.failedAttempts());
            } else {
                writes.add(lane);
            }
        }
        people.resolve(connection, writes, now);
        // a write left without columns (none, or all refused) has nothing to send: it is confirmed as it is
        for (ItemLane lane : List.copyOf(writes)) {
            if (lane.head() instanceof ItemOp.Write write && write.columns().isEmpty()) {
                writes.remove(lane);
                outcomes.delivered(lane, write, null, 0);
            }
        }
        // one board per mutation request: a board monday has locked then holds up only its own changes
        Map<Long, List<ItemLane>> byBoard = new LinkedHashMap<>();
        for (ItemLane lane : writes) {
            byBoard.computeIfAbsent(lane.boardId(), b -> new ArrayList<>()).add(lane);
        }
        for (List<ItemLane> boardWrites : byBoard.values()) {
            int share = planning.share(boardWrites.size());
            while (!boardWrites.isEmpty() && sendable(connection, deadline)) {
                if (planning.shouldWaitToFill(boardWrites, now)) {
                    break;
                }
                BatchPlanner.Batch<ItemLane> batch = planning.writes(connection, boardWrites, share);
                if (batch.isEmpty()) {
                    return;
                }
                write(connection, batch.items());
                boardWrites.removeAll(batch.items());
            }
        }
    }

    private boolean sendable(Connection connection, long deadline) {
        return running.getAsBoolean() && System.nanoTime() < deadline && connection.allowsSendingAt(clock.instant());
    }

    /**
     * Sends the heads of these lanes in one request. A value monday refuses for one column (it names the column)
     * leaves that column out and the change goes again at once without it; anything else is the policy's.
     */
    private void write(Connection connection, List<ItemLane> lanes) {
        List<MondayOperation<ItemRef>> operations = new ArrayList<>();
        List<ItemLane> sendable = new ArrayList<>();
        for (ItemLane lane : lanes) {
            ItemOp head = lane.head();
            try {
                operations.add(head.operation(target(lane)));
                sendable.add(lane);
            } catch (RuntimeException e) {
                outcomes.deadLetter(lane, head, Failure.local(ErrorType.INVALID_COMMAND, "INVALID_COMMAND",
                        "the change cannot be expressed as a monday operation: " + e.getMessage()), head.failedAttempts());
            }
        }
        if (sendable.isEmpty()) {
            return;
        }
        BatchResult<ItemRef> result = requests.send(connection, operations, true);
        boolean wholeRequest = MondayRequests.failedTogether(result);
        Instant now = clock.instant();
        for (int i = 0; i < sendable.size(); i++) {
            ItemLane lane = sendable.get(i);
            ItemOp op = lane.head();
            AliasResult<ItemRef> outcome = result.results().get(i);
            if (outcome instanceof AliasResult.Succeeded<ItemRef> done) {
                outcomes.delivered(lane, op, done.value(), result.attempts());
            } else {
                MondayFailure failure = ((AliasResult.Failed<ItemRef>) outcome).failure();
                if (!refusedOneColumn(lane, op, failure)) {
                    op.sendFailed();
                    policy.failed(connection, lane, op, failure, wholeRequest, now);
                }
            }
        }
        MondayRequests.logWholeFailure(connection, result, sendable);
    }

    /**
     * monday refused the value of one column it names ({@code ColumnValueException} with {@code column_id}): that
     * column is left out and the rest of the change goes again in the next round, without counting an attempt.
     */
    private boolean refusedOneColumn(ItemLane lane, ItemOp op, MondayFailure failure) {
        if (!(failure instanceof MondayFailure.Permanent permanent) || permanent.columnId() == null
                || !op.refuseColumn(permanent.columnId(), ErrorType.MONDAY_COLUMN_REFUSED, permanent.code(),
                permanent.message(), permanent.requestId())) {
            return false;
        }
        LOG.warn("tenant {} board {} record {}: monday refused the value of column {} ({}: {}); the rest of the {}"
                        + " is sent again without it", lane.tenantId(), lane.boardId(), lane.recordId(), permanent.columnId(),
                permanent.code(), permanent.message(), op.kind());
        return true;
    }

    private ItemOp.Target target(ItemLane lane) {
        return new ItemOp.Target(lane.boardId(), lane.recordId(), config.coeffectionIdColumn(), config.createLabelsIfMissing());
    }
}

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
import com.coeffection.sync.monday.sink.coalesce.EnsureOp;
import com.coeffection.sync.monday.sink.coalesce.ItemOp;
import com.coeffection.sync.monday.sink.coalesce.WriteOp;
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
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;

/**
 * The monday side of the sink: each round it applies monday's answers that came back, then takes the due changes
 * tenant by tenant, lets the {@link ConnectionPolicy} decide whether the tenant's connection may send, has
 * {@link ItemLookup} find items before creating them, {@link PeopleResolution} resolve people by email,
 * {@link RequestPlanning} cut a board's changes into requests the budget allows (one board per request),
 * {@link BoardSpacing} keep a busy board's changes together, and {@link DeliveryOutcomes} report each outcome.
 *
 * <p>Requests go out concurrently for different boards ({@link RequestsInFlight}): never two at once for one board,
 * a few at most per connection. The poll loop never waits for monday, so a tenant whose account answers slowly or
 * not at all holds up only its own boards.
 */
final class MondayDelivery implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MondayDelivery.class);

    private final MondaySinkConfig config;
    private final MondayConnections connections;
    private final Clock clock;
    private final Coalescer coalescer;
    private final BooleanSupplier running;
    private final DeliveryOutcomes outcomes;
    private final ConnectionPolicy policy;
    private final MondayRequests requests;
    private final RequestsInFlight inFlight;
    private final ItemLookup lookup;
    private final PeopleResolution people;
    private final RequestPlanning planning;
    private final BoardSpacing spacing;

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
        this.inFlight = new RequestsInFlight(config.inFlight());
        this.lookup = new ItemLookup(config, requests, policy, coalescer, metrics, clock, inFlight);
        this.people = new PeopleResolution(config, policy, coalescer, clock, inFlight);
        this.planning = new RequestPlanning(config, policy, coalescer, clock);
        this.spacing = new BoardSpacing(config.window(), config.limits().maxOperations(), config.fillTo());
    }

    /** When changes held back by {@link BoardSpacing} may go, if any are held. */
    java.util.Optional<Instant> nextWake() {
        return spacing.nextEnd();
    }

    /** Whether a request is out (the poll loop then polls briefly, to apply its answer soon). */
    boolean requestsOut() {
        return inFlight.any();
    }

    /** Applies monday's answers that came back, on the poll loop. */
    void applyAnswers() {
        inFlight.drain();
    }

    /**
     * Waits (at most {@code timeout}) for every request out and applies the answers: before partitions are given up
     * or the worker stops.
     */
    void awaitRequests(Duration timeout) {
        inFlight.awaitAll(timeout);
    }

    /** Applies the answers that came back, then starts the requests that are due, tenant by tenant. */
    void deliver() {
        inFlight.drain();
        Instant now = clock.instant();
        List<ItemLane> ready = coalescer.ready(now);
        if (ready.isEmpty()) {
            return;
        }
        Map<String, List<ItemLane>> byTenant = new LinkedHashMap<>();
        for (ItemLane lane : ready) {
            byTenant.computeIfAbsent(lane.tenantId(), t -> new ArrayList<>()).add(lane);
        }
        for (Map.Entry<String, List<ItemLane>> tenant : byTenant.entrySet()) {
            if (!inFlight.hasRoom() || !running.getAsBoolean()) {
                return;
            }
            Connection connection = connections.forTenant(tenant.getKey());
            if (policy.admit(connection, tenant.getKey(), tenant.getValue(), now)) {
                deliverTenant(connection, tenant.getValue());
            }
        }
    }

    private void deliverTenant(Connection connection, List<ItemLane> lanes) {
        // lookups, one request per board (a board with a request out waits for its answer)
        for (List<ItemLane> boardLookups : byBoard(lanes.stream().filter(l -> l.head().needsLookup()).toList()).values()) {
            if (!sendable(connection, boardLookups.get(0).boardId())) {
                continue;
            }
            BatchPlanner.Batch<ItemLane> batch = planning.lookups(connection, boardLookups);
            if (batch.isEmpty()) {
                return;
            }
            lookup.lookUp(connection, batch.items());
        }
        Instant now = clock.instant();
        List<ItemLane> writes = new ArrayList<>();
        for (ItemLane lane : lanes) {
            ItemOp head = lane.head();
            if (head == null || head.inFlight() || head.needsLookup() || head.notBefore().isAfter(now)
                    || inFlight.boardBusy(lane.boardId())) {
                continue;
            }
            if (head.itemId() == null && !(head instanceof EnsureOp)) {
                outcomes.deadLetter(lane, head, Failure.local(ErrorType.INVALID_COMMAND, "NO_ITEM", "the record "
                        + lane.recordKey() + " has no monday item yet, so its " + head.kind() + " cannot be carried out"),
                        head.failedAttempts());
            } else {
                writes.add(lane);
            }
        }
        people.resolve(connection, writes);
        // a write left without columns (none, or all refused) has nothing to send: it is confirmed as it is
        for (ItemLane lane : List.copyOf(writes)) {
            if (lane.head() instanceof WriteOp write && write.columns().isEmpty()) {
                writes.remove(lane);
                outcomes.delivered(lane, write, null, 0);
            }
        }
        // one board per mutation request, one request per board at a time: a board monday has locked, or whose
        // requests hang, holds up only its own changes
        boolean budgetScarce = budgetScarce(connection);
        for (List<ItemLane> boardWrites : byBoard(writes).values()) {
            ItemLane first = boardWrites.get(0);
            if (spacing.mustWait(first, now, budgetScarce) || !sendable(connection, first.boardId())
                    || planning.shouldWaitToFill(boardWrites, now)) {
                continue;
            }
            BatchPlanner.Batch<ItemLane> batch = planning.writes(connection, boardWrites, planning.share(boardWrites.size()));
            if (batch.isEmpty()) {
                return;
            }
            write(connection, batch.items());
            // what did not fit goes as soon as monday answered when it fills another request as big as this one;
            // a smaller rest waits for the window with the changes that come meanwhile (fewer, fuller requests)
            spacing.sent(first, clock.instant(), batch.items().size(), boardWrites.size() - batch.items().size());
        }
    }

    private static Map<Long, List<ItemLane>> byBoard(List<ItemLane> lanes) {
        Map<Long, List<ItemLane>> byBoard = new LinkedHashMap<>();
        for (ItemLane lane : lanes) {
            byBoard.computeIfAbsent(lane.boardId(), b -> new ArrayList<>()).add(lane);
        }
        return byBoard;
    }

    /** Whether the connection has less than half its complexity budget left (then busy boards wait whole windows). */
    private static boolean budgetScarce(Connection connection) {
        var budget = connection.client().budget().snapshot();
        return budget.available() * 2 < budget.capacity();
    }

    private boolean sendable(Connection connection, long boardId) {
        return running.getAsBoolean() && connection.allowsSendingAt(clock.instant())
                && inFlight.mayStart(connection, Set.of(boardId));
    }

    /**
     * Starts the request that sends the heads of these lanes (one board). A value monday refuses for one column (it
     * names the column) leaves that column out and the change goes again at once without it; anything else is the
     * policy's.
     */
    private void write(Connection connection, List<ItemLane> lanes) {
        List<MondayOperation<ItemRef>> operations = new ArrayList<>();
        List<ItemLane> sendable = new ArrayList<>();
        List<ItemOp> ops = new ArrayList<>();
        for (ItemLane lane : lanes) {
            ItemOp head = lane.head();
            try {
                operations.add(head.operation(target(lane)));
                sendable.add(lane);
                ops.add(head);
            } catch (RuntimeException e) {
                outcomes.deadLetter(lane, head, Failure.local(ErrorType.INVALID_COMMAND, "INVALID_COMMAND",
                        "the change cannot be expressed as a monday operation: " + e.getMessage()), head.failedAttempts());
            }
        }
        if (sendable.isEmpty()) {
            return;
        }
        // a document with too many grammar tokens is refused as a whole: the changes beyond the limit go next time
        int fit = MondayRequests.operationsWithinTokens(operations);
        for (List<?> list : List.of(operations, sendable, ops)) {
            list.subList(fit, list.size()).clear();
        }
        ops.forEach(op -> op.inFlight(true));
        Set<Long> boards = new TreeSet<>();
        sendable.forEach(l -> boards.add(l.boardId()));
        inFlight.start(connection, boards, () -> requests.<ItemRef>send(connection, operations, true),
                result -> written(connection, sendable, ops, result));
    }

    /** monday answered a write request: each change is confirmed, sent again without a refused column, or failed. */
    private void written(Connection connection, List<ItemLane> lanes, List<ItemOp> ops, BatchResult<ItemRef> result) {
        boolean wholeRequest = MondayRequests.failedTogether(result);
        Instant now = clock.instant();
        for (int i = 0; i < lanes.size(); i++) {
            ItemLane lane = lanes.get(i);
            ItemOp op = ops.get(i);
            op.inFlight(false);
            if (!coalescer.holds(lane) || lane.head() != op) {
                continue; // the partition was given up meanwhile: its new owner sends the change again
            }
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
        MondayRequests.logWholeFailure(connection, result, lanes);
    }

    @Override
    public void close() {
        inFlight.close();
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
        return new ItemOp.Target(lane.boardId(), lane.recordId(), ItemLookup.idColumn(config, lane),
                config.createLabelsIfMissing());
    }
}

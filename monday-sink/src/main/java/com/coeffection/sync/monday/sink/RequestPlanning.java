package com.coeffection.sync.monday.sink;

import com.coeffection.sync.monday.ratelimit.ComplexityBudget;
import com.coeffection.sync.monday.sink.MondayConnections.Connection;
import com.coeffection.sync.monday.sink.batch.BatchPlanner;
import com.coeffection.sync.monday.sink.coalesce.Coalescer;
import com.coeffection.sync.monday.sink.coalesce.ItemLane;
import com.coeffection.sync.monday.sink.coalesce.ItemOp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * Which due changes go in the next request: as many as monday's limits and the budget left allow, and whether a
 * request of only a few changes should wait a little for more of the same board.
 */
final class RequestPlanning {
    private static final Logger LOG = LoggerFactory.getLogger(RequestPlanning.class);

    private final MondaySinkConfig config;
    private final BatchPlanner planner;
    private final ConnectionPolicy policy;
    private final Coalescer coalescer;
    private final Clock clock;

    RequestPlanning(MondaySinkConfig config, ConnectionPolicy policy, Coalescer coalescer, Clock clock) {
        this.config = config;
        this.planner = new BatchPlanner(config.limits());
        this.policy = policy;
        this.coalescer = coalescer;
        this.clock = clock;
    }

    /** How many changes one request of a board may take when {@code waiting} are due (spread over requests evenly). */
    int share(int waiting) {
        return planner.evenShare(waiting);
    }

    /** The next lookup batch. */
    BatchPlanner.Batch<ItemLane> lookups(Connection connection, List<ItemLane> lanes) {
        return plan(connection, lanes.stream().map(l -> new BatchPlanner.Candidate<>(l, ItemLookup.FIELD, 300L)).toList(),
                planner.limits().maxOperations());
    }

    /** The next write batch of one board, at most {@code maxOperations}. */
    BatchPlanner.Batch<ItemLane> writes(Connection connection, List<ItemLane> lanes, int maxOperations) {
        return plan(connection, lanes.stream().map(l -> new BatchPlanner.Candidate<>(l, l.head().field(),
                l.head().requestBytes())).toList(), maxOperations);
    }

    /** The next batch the budget allows; when nothing fits, the connection waits for the budget (not an error). */
    private BatchPlanner.Batch<ItemLane> plan(Connection connection, List<BatchPlanner.Candidate<ItemLane>> candidates,
                                              int maxOperations) {
        ComplexityBudget budget = connection.client().budget();
        BatchPlanner.Batch<ItemLane> batch = planner.next(candidates, connection.client().costs()::estimate,
                budget.snapshot().available(), maxOperations);
        if (batch.isEmpty()) {
            long first = connection.client().costs().estimate(candidates.get(0).field());
            Duration wait = budget.waitFor(first);
            policy.waitForBudget(connection, clock.instant().plus(wait.isZero() ? Duration.ofMillis(50) : wait));
            LOG.debug("waiting {} ms for monday's complexity budget", wait.toMillis());
        }
        return batch;
    }

    /**
     * Whether a request of only these few changes should wait a little: more changes of the same board become due
     * before the oldest of these has waited its window plus the fill wait.
     */
    boolean shouldWaitToFill(List<ItemLane> writes, Instant now) {
        if (writes.size() >= config.fillTo() || config.fillWait().isZero()) {
            return false;
        }
        Instant oldest = writes.stream().map(l -> l.head().firstReceivedAt()).min(Comparator.naturalOrder()).orElse(now);
        Instant sendBy = oldest.plus(config.window()).plus(config.fillWait());
        if (!sendBy.isAfter(now)) {
            return false;
        }
        String tenant = writes.get(0).tenantId();
        long board = writes.get(0).boardId();
        for (ItemLane lane : coalescer.lanes()) {
            ItemOp head = lane.head();
            if (head == null || !lane.tenantId().equals(tenant) || lane.boardId() != board || writes.contains(lane)) {
                continue;
            }
            Instant due = head.firstReceivedAt().plus(config.window());
            if (head.notBefore().isAfter(due)) {
                due = head.notBefore();
            }
            if (due.isAfter(now) && due.isBefore(sendBy)) {
                return true;
            }
        }
        return false;
    }
}

package com.coeffection.sync.monday.sink;

import com.coeffection.sync.contract.ErrorType;
import com.coeffection.sync.monday.graphql.MondayFailure;
import com.coeffection.sync.monday.sink.MondayConnections.Connection;
import com.coeffection.sync.monday.sink.coalesce.ItemLane;
import com.coeffection.sync.monday.sink.coalesce.ItemOp;
import com.coeffection.sync.monday.sink.retry.ConnectionState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The connection state machine of one tenant's monday token: whether its changes may be sent now, and how each kind
 * of failure monday reports changes the connection (back-off, paused for a reconnect, paused until the daily reset)
 * or only the one change or board (a locked board, a refused value).
 */
final class ConnectionPolicy {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionPolicy.class);
    /** How often a paused connection's changes are looked at again (a new token resumes it within this). */
    static final Duration TOKEN_RECHECK = Duration.ofSeconds(1);
    /** A refused token is tried again this long after it was refused, in case monday refused it by mistake. */
    static final Duration REVOKED_PROBE = Duration.ofMinutes(5);

    private final MondaySinkConfig config;
    private final SinkMetrics metrics;
    private final DeliveryOutcomes outcomes;
    private final SplittableRandom random = new SplittableRandom();

    ConnectionPolicy(MondaySinkConfig config, SinkMetrics metrics, DeliveryOutcomes outcomes) {
        this.config = config;
        this.metrics = metrics;
        this.outcomes = outcomes;
    }

    /**
     * Whether the tenant's due changes may be sent now. A refused token is probed again after
     * {@link #REVOKED_PROBE}; while it stays refused its changes are reported once as waiting for a reconnect and
     * looked at again only every {@link #TOKEN_RECHECK}. A back-off or daily limit that has passed ends.
     */
    boolean admit(Connection connection, String tenantId, List<ItemLane> lanes, Instant now) {
        if (connection.client() != null && connection.state() instanceof ConnectionState.Revoked revoked
                && !revoked.since().plus(REVOKED_PROBE).isAfter(now)) {
            LOG.info("tenant {}: trying monday again with the refused token (refused since {})", tenantId, revoked.since());
            connection.state(new ConnectionState.Ready());
        }
        if (!connection.allowsSendingAt(now)) {
            if (connection.state() instanceof ConnectionState.Revoked revoked) {
                outcomes.reconnectNeeded(lanes, revoked);
                holdUntil(lanes, now.plus(TOKEN_RECHECK));
            }
            return false;
        }
        if (connection.state() instanceof ConnectionState.BackingOff || connection.state() instanceof ConnectionState.DailyLimit) {
            connection.state(new ConnectionState.Ready());
        }
        return true;
    }

    /** The budget does not allow the next request: the connection waits (not an error). */
    void waitForBudget(Connection connection, Instant until) {
        connection.state(new ConnectionState.BackingOff(until, "BUDGET_WAIT", "waiting for monday's complexity budget to reset"));
    }

    /**
     * One change failed. A retryable failure waits with back-off (and backs the whole connection off when the whole
     * request failed, unless it only got no answer in time), up to the configured attempts; a locked board holds only that change; a permanent refusal
     * dead-letters the change; a refused token pauses the connection for a reconnect; the daily limit pauses it
     * until monday's reset.
     */
    void failed(Connection connection, ItemLane lane, ItemOp op, MondayFailure failure, boolean wholeRequest, Instant now) {
        if (failure instanceof MondayFailure.BoardLocked locked) {
            retry(lane, op, new MondayFailure.RetryLater(locked.delay(), locked.code(), locked.message(), locked.requestId(),
                    false), now, false, null);
        } else if (failure instanceof MondayFailure.RetryLater retry) {
            // a request that got no answer holds only its board's changes: the connection's other boards go on
            // (each board has at most one request out, and a connection at most a few, so a hanging account ties up
            // only its own share of the worker)
            retry(lane, op, retry, now, wholeRequest && !retry.timedOut(), connection);
        } else if (failure instanceof MondayFailure.Permanent permanent) {
            outcomes.deadLetter(lane, op, Failure.fromMonday(ErrorType.MONDAY_PERMANENT, permanent), op.failedAttempts() + 1);
        } else if (failure instanceof MondayFailure.ConnectionRevoked revoked) {
            metrics.retry(revoked.code());
            if (!(connection.state() instanceof ConnectionState.Revoked)) {
                LOG.error("tenant {}: monday refused the API token ({}: {}); the connection is paused until a new"
                        + " token is configured", lane.tenantId(), revoked.code(), revoked.message());
            }
            ConnectionState.Revoked state = new ConnectionState.Revoked(connection.token(), now, revoked.code(),
                    revoked.message(), revoked.requestId());
            connection.state(state);
            op.failed(revoked, now.plus(TOKEN_RECHECK), false);
            outcomes.reconnectNeeded(List.of(lane), state);
        } else if (failure instanceof MondayFailure.DailyLimitReached daily) {
            metrics.retry(daily.code());
            if (!(connection.state() instanceof ConnectionState.DailyLimit)) {
                LOG.warn("tenant {}: monday's daily call limit is reached ({}); paused until {}", lane.tenantId(),
                        daily.message(), daily.resumeAt());
            }
            connection.state(new ConnectionState.DailyLimit(daily.resumeAt(), daily.message()));
            op.failed(daily, daily.resumeAt(), false);
        }
    }

    private void retry(ItemLane lane, ItemOp op, MondayFailure.RetryLater retry, Instant now, boolean wholeRequest,
                       Connection connection) {
        boolean counts = !retry.budgetExhausted();
        int failedAttempts = op.failedAttempts() + (counts ? 1 : 0);
        metrics.retry(retry.code());
        if (counts && failedAttempts >= config.maxAttempts()) {
            outcomes.deadLetter(lane, op, Failure.fromMonday(ErrorType.MONDAY_RETRIES_EXHAUSTED, retry), failedAttempts);
            return;
        }
        Duration delay = config.backoff().delay(Math.max(1, failedAttempts), retry.delay(), random);
        op.failed(retry, now.plus(delay), counts);
        if (wholeRequest && connection != null) {
            Instant until = now.plus(delay);
            if (!(connection.state() instanceof ConnectionState.BackingOff b) || b.until().isBefore(until)) {
                connection.state(new ConnectionState.BackingOff(until, retry.code(), retry.message()));
            }
        } else {
            LOG.info("tenant {} board {} record {}: {} will be retried in {} ms after {}: {}", lane.tenantId(),
                    lane.boardId(), lane.recordId(), op.kind(), delay.toMillis(), retry.code(), retry.message());
        }
    }

    /** A paused connection's changes are looked at again at {@code at}, not in every round. */
    private static void holdUntil(List<ItemLane> lanes, Instant at) {
        for (ItemLane lane : lanes) {
            ItemOp head = lane.head();
            if (head != null && head.notBefore().isBefore(at)) {
                head.failed(head.lastFailure(), at, false);
            }
        }
    }
}

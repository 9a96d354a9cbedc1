package com.coeffection.sync.monday.sink;

import com.coeffection.sync.monday.graphql.MondayFailure;
import com.coeffection.sync.monday.sink.MondayConnections.Connection;
import com.coeffection.sync.monday.sink.coalesce.Coalescer;
import com.coeffection.sync.monday.sink.coalesce.ItemLane;
import com.coeffection.sync.monday.sink.retry.ConnectionState;
import com.coeffection.sync.monday.tokens.TokenProvider;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;

import static com.coeffection.sync.monday.sink.Commands.pending;
import static com.coeffection.sync.monday.sink.Commands.text;
import static com.coeffection.sync.monday.sink.Commands.update;
import static org.assertj.core.api.Assertions.assertThat;

/** What each typed failure does to a connection and to the one change, as pure logic. */
class ConnectionPolicyTest {
    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
    private final MondaySinkConfig config = MondaySinkConfig.of("localhost:9092", "http://localhost:8081",
            URI.create("http://127.0.0.1:1/v2"), TokenProvider.fixed("t"));
    private final SinkMetrics metrics = new SinkMetrics(new SimpleMeterRegistry(), () -> 0);
    // none of these failures ends a change, so nothing is reported
    private final ConnectionPolicy policy = new ConnectionPolicy(config, metrics, null);
    private final Connection connection = new Connection("t", null, new ConnectionState.Ready());
    private final ItemLane lane = lane();

    private static ItemLane lane() {
        Coalescer coalescer = new Coalescer(Duration.ZERO);
        coalescer.add(pending(update("r1", 1L, text("text", "x")), NOW));
        return coalescer.lanes().iterator().next();
    }

    @Test
    void givenALockedBoard_whenTheWholeRequestFails_thenOnlyThatChangeWaitsAndTheConnectionStaysReady() {
        policy.failed(connection, lane, lane.head(), new MondayFailure.BoardLocked(Duration.ofSeconds(5), "RESOURCE_LOCKED",
                "locked", "req-1"), true, NOW);

        assertThat(connection.state()).isInstanceOf(ConnectionState.Ready.class);
        assertThat(lane.head().notBefore()).isAfterOrEqualTo(NOW.plusSeconds(5));
        assertThat(lane.head().failedAttempts()).isEqualTo(1);
    }

    @Test
    void givenAnOutage_whenTheWholeRequestFails_thenTheConnectionBacksOffAtLeastMondaysDelay() {
        policy.failed(connection, lane, lane.head(), new MondayFailure.RetryLater(Duration.ofSeconds(2), "HTTP_503",
                "unavailable", null, false), true, NOW);

        assertThat(connection.state()).isInstanceOfSatisfying(ConnectionState.BackingOff.class,
                b -> assertThat(b.until()).isAfterOrEqualTo(NOW.plusSeconds(2)));
        assertThat(connection.allowsSendingAt(NOW.plusSeconds(1))).isFalse();
    }

    @Test
    void givenAnExhaustedBudget_whenAChangeFails_thenItWaitsWithoutCountingAnAttempt() {
        policy.failed(connection, lane, lane.head(), new MondayFailure.RetryLater(Duration.ofSeconds(10),
                "COMPLEXITY_BUDGET_EXHAUSTED", "budget", null, true), false, NOW);

        assertThat(lane.head().failedAttempts()).isZero();
        assertThat(lane.head().notBefore()).isAfterOrEqualTo(NOW.plusSeconds(10));
        assertThat(connection.state()).isInstanceOf(ConnectionState.Ready.class);
    }

    @Test
    void givenTheDailyLimit_whenAChangeFails_thenTheConnectionPausesUntilMondaysReset() {
        Instant midnight = Instant.parse("2026-12-03T00:00:00Z");
        policy.failed(connection, lane, lane.head(), new MondayFailure.DailyLimitReached(midnight, "DAILY_LIMIT_EXCEEDED",
                "daily", null), false, NOW);

        assertThat(connection.state()).isInstanceOfSatisfying(ConnectionState.DailyLimit.class,
                d -> assertThat(d.until()).isEqualTo(midnight));
        assertThat(lane.head().notBefore()).isEqualTo(midnight);
    }
}

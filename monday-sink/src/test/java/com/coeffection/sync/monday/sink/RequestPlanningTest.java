package com.coeffection.sync.monday.sink;

import com.coeffection.sync.monday.graphql.MondayClient;
import com.coeffection.sync.monday.graphql.MondayClientConfig;
import com.coeffection.sync.monday.sink.MondayConnections.Connection;
import com.coeffection.sync.monday.sink.batch.BatchPlanner;
import com.coeffection.sync.monday.sink.coalesce.Coalescer;
import com.coeffection.sync.monday.sink.coalesce.ItemLane;
import com.coeffection.sync.monday.sink.retry.ConnectionState;
import com.coeffection.sync.monday.tokens.TokenProvider;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static com.coeffection.sync.monday.sink.Commands.pending;
import static com.coeffection.sync.monday.sink.Commands.text;
import static com.coeffection.sync.monday.sink.Commands.update;
import static org.assertj.core.api.Assertions.assertThat;

/** Which due changes go in the next request, and when a small request waits to fill up, as pure logic. */
class RequestPlanningTest {
    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
    private final MondaySinkConfig config = MondaySinkConfig.of("localhost:9092", "http://localhost:8081",
            URI.create("http://127.0.0.1:1/v2"), TokenProvider.fixed("t")).withWindow(Duration.ofMillis(250))
            .withFill(10, Duration.ofMillis(250));
    private final SinkMetrics metrics = new SinkMetrics(new SimpleMeterRegistry(), () -> 0);
    private final Coalescer coalescer = new Coalescer(Duration.ZERO);
    private final MondayClient client = new MondayClient(MondayClientConfig.of(URI.create("http://127.0.0.1:1/v2"), "t"));
    private final Connection connection = new Connection("t", client, new ConnectionState.Ready());
    private final RequestPlanning planning = new RequestPlanning(config, new ConnectionPolicy(config, metrics, null),
            coalescer, Clock.fixed(NOW, ZoneOffset.UTC));

    @AfterEach
    void close() {
        client.close();
    }

    private List<ItemLane> due(int count, Instant receivedAt) {
        for (int i = 0; i < count; i++) {
            coalescer.add(pending(update("r" + coalescer.size(), 1000L + coalescer.size(), text("text", "v")), receivedAt));
        }
        return List.copyOf(coalescer.lanes());
    }

    @Test
    void given520DueChanges_whenPlanned_thenEachRequestTakesAnEvenShareWithinTheOperationLimit() {
        // 300 changes a request at most: two requests of 260 rather than 300 and 220
        List<ItemLane> lanes = due(520, NOW.minusSeconds(1));

        int share = planning.share(lanes.size());
        BatchPlanner.Batch<ItemLane> batch = planning.writes(connection, lanes, share);

        assertThat(share).isEqualTo(260);
        assertThat(batch.items()).hasSize(260).containsExactlyElementsOf(lanes.subList(0, 260));
        assertThat(connection.state()).isInstanceOf(ConnectionState.Ready.class);
    }

    @Test
    void givenAnExhaustedBudget_whenPlanned_thenNothingGoesAndTheConnectionWaitsForTheBudget() {
        List<ItemLane> lanes = due(3, NOW.minusSeconds(1));
        client.budget().exhausted(Duration.ofSeconds(10));

        BatchPlanner.Batch<ItemLane> batch = planning.writes(connection, lanes, 50);

        assertThat(batch.isEmpty()).isTrue();
        assertThat(connection.state()).isInstanceOfSatisfying(ConnectionState.BackingOff.class,
                b -> assertThat(b.code()).isEqualTo("BUDGET_WAIT"));
    }

    @Test
    void givenTwoDueChangesAndAThirdOfTheSameBoardAboutToBeDue_whenAsked_thenTheSmallRequestWaitsToFill() {
        List<ItemLane> two = due(2, NOW.minusMillis(300));
        assertThat(planning.shouldWaitToFill(two, NOW)).isFalse();

        due(1, NOW.minusMillis(100));

        assertThat(planning.shouldWaitToFill(two, NOW)).isTrue();
    }

    @Test
    void givenAFullRequestOrAnOldChange_whenAsked_thenNothingWaitsToFill() {
        List<ItemLane> ten = due(10, NOW.minusMillis(300));
        due(1, NOW.minusMillis(100));
        assertThat(planning.shouldWaitToFill(ten, NOW)).isFalse();

        assertThat(planning.shouldWaitToFill(ten.subList(0, 2), NOW.plusMillis(250))).isFalse();
    }
}

package com.coeffection.sync.monday.graphql;

import com.coeffection.sync.monday.standin.MondayStandIn;
import com.coeffection.sync.monday.standin.StandInConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

/** Every error class monday answers with becomes the typed outcome the caller must act on. */
class ErrorMappingTest {
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private MondayStandIn standIn(StandInConfig config) {
        MondayStandIn s = MondayStandIn.start(config);
        open.add(s);
        return s;
    }

    /** A client that hands every failure back at once (no automatic retry). */
    private MondayClient client(MondayStandIn monday) {
        return client(MondayClientConfig.of(monday.apiUrl(), monday.token()).withAssumedBudget(monday.config().budgetPerWindow()).withMaxAttempts(1));
    }

    private MondayClient client(MondayClientConfig config) {
        MondayClient c = new MondayClient(config, new SimpleMeterRegistry(), Clock.systemUTC());
        open.add(c);
        return c;
    }

    private static MondayFailure failureOf(Runnable call) {
        try {
            call.run();
        } catch (MondayApiException e) {
            return e.failure();
        }
        throw new AssertionError("the call did not fail");
    }

    private static long board(MondayClient client) {
        return client.execute(new Operations.CreateBoard("Errors", "public", null, null, null)).id();
    }

    @Test
    void anExhaustedBudgetIsRetryLaterAfterMondaysDelay() {
        // given a budget of 3 item creations a window, used up by another client of the same account
        MondayStandIn monday = standIn(StandInConfig.defaults().withBudget(30_000 + 30_000, Duration.ofSeconds(30)));
        MondayClient other = client(monday);
        long board = board(other);
        for (int i = 0; i < 3; i++) {
            other.execute(new Operations.CreateItem(board, "item " + i, null, Map.of(), false));
        }
        MondayClient client = client(monday);

        // when this client, which has not seen the budget yet, creates an item
        MondayFailure failure = failureOf(() -> client.execute(new Operations.CreateItem(board, "late", null, Map.of(), false)));

        // then it is told to retry after the delay monday gave, and its budget is empty until then
        assertThat(failure).asInstanceOf(type(MondayFailure.RetryLater.class)).satisfies(r -> {
            assertThat(r.code()).isEqualTo("COMPLEXITY_BUDGET_EXHAUSTED");
            assertThat(r.budgetExhausted()).isTrue();
            assertThat(r.delay()).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(30));
            assertThat(r.requestId()).isNotBlank();
        });
        assertThat(client.budget().snapshot().available()).isZero();
        assertThat(client.budget().waitFor(10_000)).isPositive();
    }

    @Test
    void tooManyConcurrentMutationsIsRetryLaterHonouringRetryAfter() {
        // given monday allows one mutation in flight and answers slowly
        MondayStandIn monday = standIn(StandInConfig.defaults().withMaxConcurrentMutations(1));
        MondayClient setup = client(monday);
        long boardA = board(setup);
        long boardB = board(setup);
        monday.faults().slowAnswers(Duration.ofMillis(800));
        MondayClient first = client(monday);
        MondayClient second = client(monday);

        // when two clients mutate two boards at the same moment
        CompletableFuture<Object> a = CompletableFuture.supplyAsync(() -> outcome(() ->
                first.execute(new Operations.CreateItem(boardA, "a", null, Map.of(), false))));
        CompletableFuture<Object> b = CompletableFuture.supplyAsync(() -> outcome(() ->
                second.execute(new Operations.CreateItem(boardB, "b", null, Map.of(), false))));

        // then one of them is told to retry after monday's Retry-After
        List<Object> outcomes = List.of(a.join(), b.join());
        assertThat(outcomes).filteredOn(o -> o instanceof MondayFailure.RetryLater).singleElement()
                .asInstanceOf(type(MondayFailure.RetryLater.class)).satisfies(r -> {
                    assertThat(r.code()).isEqualTo("maxConcurrencyExceeded");
                    assertThat(r.delay()).isEqualTo(Duration.ofSeconds(1));
                });
        assertThat(monday.stats().concurrencyErrors()).isEqualTo(1);
    }

    private static Object outcome(java.util.function.Supplier<?> call) {
        try {
            return call.get();
        } catch (MondayApiException e) {
            return e.failure();
        }
    }

    @Test
    void serverErrorsAreRetryLaterAndARetryingClientGetsThrough() {
        // given monday answers the next request with a 503 page, then the next with a 500
        MondayStandIn monday = standIn(StandInConfig.defaults());
        MondayClient once = client(monday);
        long board = board(once);
        monday.faults().serverErrors(1, 503);

        // when a client that does not retry sends a request
        MondayFailure failure = failureOf(() -> once.execute(new Operations.ListWebhooks(board)));

        // then it is a retry-later
        assertThat(failure).isInstanceOf(MondayFailure.RetryLater.class);
        assertThat(failure.code()).isEqualTo("HTTP_503");

        // and a client allowed to retry gets through after monday's error clears
        monday.faults().serverErrors(2, 500);
        MondayClient retrying = client(MondayClientConfig.of(monday.apiUrl(), monday.token()).withAssumedBudget(monday.config().budgetPerWindow()).withMaxAttempts(3)
                .withRetryDelays(Duration.ofMillis(20), Duration.ofSeconds(1)));
        BatchResult<Object> result = retrying.executeBatch(List.of(new Operations.ListWebhooks(board)));
        assertThat(result.allSucceeded()).isTrue();
        assertThat(result.attempts()).isEqualTo(3);
    }

    @Test
    void serverErrorsForAWhileEndAndTheyAreCountedByCode() {
        // given monday answers 503 for the next 400 ms
        MondayStandIn monday = standIn(StandInConfig.defaults());
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        MondayClient client = new MondayClient(MondayClientConfig.of(monday.apiUrl(), monday.token()).withAssumedBudget(monday.config().budgetPerWindow()).withMaxAttempts(1), metrics, Clock.systemUTC(),
                MondayClient.Sleeper.REAL, "tenant-a");
        open.add(client);
        monday.faults().serverErrorsFor(Duration.ofMillis(400));

        // when the connector keeps asking
        MondayFailure failure = failureOf(() -> client.execute(new Operations.Me()));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                .until(() -> outcome(() -> client.execute(new Operations.Me())) instanceof Model.MondayUser);

        // then the outage was a retry-later, it ended, and the errors are counted under their code for the connection
        assertThat(failure).isInstanceOf(MondayFailure.RetryLater.class);
        assertThat(metrics.get("monday.errors").tag("connection", "tenant-a").tag("code", "HTTP_503").counter().count())
                .isGreaterThanOrEqualTo(1);
        assertThat(metrics.get("monday.requests").tag("outcome", "ok").counter().count()).isEqualTo(1);
        assertThat(metrics.get("monday.budget.remaining").gauge().value()).isLessThan(10_000_000);
    }

    @Test
    void aTimeoutIsRetryLater() {
        // given monday answers after two seconds
        MondayStandIn monday = standIn(StandInConfig.defaults());
        MondayClient setup = client(monday);
        long board = board(setup);
        monday.faults().slowAnswers(Duration.ofSeconds(2));
        MondayClient impatient = client(MondayClientConfig.of(monday.apiUrl(), monday.token()).withAssumedBudget(monday.config().budgetPerWindow()).withMaxAttempts(1).withCallTimeout(Duration.ofMillis(300)));

        // when a client that waits 300 ms sends a request
        MondayFailure failure = failureOf(() -> impatient.execute(new Operations.ListWebhooks(board)));

        // then it is a retry-later timeout
        assertThat(failure).isInstanceOf(MondayFailure.RetryLater.class);
        assertThat(failure.code()).isEqualTo("TIMEOUT");
    }

    @Test
    void aValueTheColumnRejectsIsPermanentAndNamesTheColumn() {
        // given a status column without the label "Negotiating"
        MondayStandIn monday = standIn(StandInConfig.defaults());
        MondayClient client = client(monday);
        long board = board(client);
        String column = client.execute(new Operations.CreateColumn(board, "Stage", "status", "stage", null, null)).id();

        // when the connector writes the label without asking monday to create it
        MondayFailure failure = failureOf(() -> client.execute(new Operations.CreateItem(board, "x", null,
                Map.of(column, "{\"label\":\"Negotiating\"}"), false)));

        // then the failure is permanent for that item and names the column and monday's message
        assertThat(failure).asInstanceOf(type(MondayFailure.Permanent.class)).satisfies(p -> {
            assertThat(p.code()).isEqualTo("ColumnValueException");
            assertThat(p.columnId()).isEqualTo("stage");
            assertThat(p.columnType()).isEqualTo("status");
            assertThat(p.message()).contains("status label");
        });
    }

    @Test
    void aBadItemIdIsPermanentEvenThoughMondayAnswers500() {
        // given a board without item 42
        MondayStandIn monday = standIn(StandInConfig.defaults());
        MondayClient client = client(monday);
        long board = board(client);

        // when the connector changes item 42
        MondayFailure failure = failureOf(() -> client.execute(new Operations.ChangeColumnValues(board, 42L,
                Map.of("name", "\"x\""), false)));

        // then the failure is permanent, not a retry
        assertThat(failure).isInstanceOf(MondayFailure.Permanent.class);
        assertThat(failure.code()).isEqualTo("InvalidItemIdException");
    }

    @Test
    void aRevokedTokenIsConnectionRevoked() {
        // given the admin who connected monday left the workspace
        MondayStandIn monday = standIn(StandInConfig.defaults());
        MondayClient client = client(monday);
        monday.faults().revokeToken();

        // when the connector calls monday
        MondayFailure failure = failureOf(() -> client.execute(new Operations.Me()));

        // then it is told the connection needs a reconnect
        assertThat(failure).isInstanceOf(MondayFailure.ConnectionRevoked.class);
    }

    @Test
    void theDailyLimitPausesUntilMidnightUtc() {
        // given an account allowed two calls a day that made them
        MondayStandIn monday = standIn(StandInConfig.defaults().withDailyCallLimit(2));
        MondayClient client = client(monday);
        client.execute(new Operations.Me());
        client.execute(new Operations.Me());

        // when it calls again
        MondayFailure failure = failureOf(() -> client.execute(new Operations.Me()));

        // then calls resume at the next midnight UTC
        assertThat(failure).asInstanceOf(type(MondayFailure.DailyLimitReached.class)).satisfies(d ->
                assertThat(d.resumeAt()).isBetween(
                        LocalDate.now(ZoneOffset.UTC).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusSeconds(2),
                        LocalDate.now(ZoneOffset.UTC).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(2)));
    }

    @Test
    void givenALockedBoard_whenAnItemIsCreatedOnIt_thenTheFailureIsBoardLockedWithMondaysRetryAfter() {
        // given a board monday has locked
        MondayStandIn monday = standIn(StandInConfig.defaults());
        MondayClient client = client(monday);
        long board = board(client);
        monday.faults().lockBoard(board);

        // when the connector creates an item on it
        MondayFailure failure = failureOf(() -> client.execute(new Operations.CreateItem(board, "x", null, Map.of(), false)));

        // then it is told that board is locked, to retry after monday's Retry-After
        assertThat(failure).asInstanceOf(type(MondayFailure.BoardLocked.class)).satisfies(r -> {
            assertThat(r.code()).isEqualTo("RESOURCE_LOCKED");
            assertThat(r.delay()).isEqualTo(Duration.ofSeconds(5));
        });
    }

    @Test
    void oneBadItemInABatchFailsAloneAndTheOthersAreCreated() {
        // given a board with a status column
        MondayStandIn monday = standIn(StandInConfig.defaults());
        MondayClient client = client(monday);
        long board = board(client);
        client.execute(new Operations.CreateColumn(board, "Stage", "status", "stage", null, null));

        // when three items go in one request and the second has a label monday does not know
        BatchResult<Model.ItemRef> result = client.executeBatch(List.of(
                new Operations.CreateItem(board, "first", null, Map.of("stage", "{\"label\":\"Done\"}"), false),
                new Operations.CreateItem(board, "second", null, Map.of("stage", "{\"label\":\"Nope\"}"), false),
                new Operations.CreateItem(board, "third", null, Map.of(), false)));

        // then only the second failed, permanently, and the others exist in monday
        assertThat(result.results()).extracting(r -> r.getClass().getSimpleName())
                .containsExactly("Succeeded", "Failed", "Succeeded");
        assertThat(result.failures().get(0).alias()).isEqualTo("a1");
        assertThat(result.failures().get(0).failure()).isInstanceOf(MondayFailure.Permanent.class);
        assertThat(result.values()).extracting(Model.ItemRef::name).containsExactly("first", "third");
        assertThat(monday.items(board)).extracting(i -> i.name()).containsExactly("first", "third");
        assertThat(result.complexity()).isPresent();
    }

    @Test
    void aSingleOperationFailureIsThrownWithItsTypedFailure() {
        MondayStandIn monday = standIn(StandInConfig.defaults());
        MondayClient client = client(monday);
        assertThatThrownBy(() -> client.execute(new Operations.ReadBoard(1L, 5)))
                .isInstanceOf(MondayApiException.class).hasMessageContaining("boards");
    }
}

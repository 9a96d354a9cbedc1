package com.coeffection.sync.monday.graphql;

import com.coeffection.sync.monday.ratelimit.BoardMutationGate;
import com.coeffection.sync.monday.ratelimit.BudgetWaitTimeoutException;
import com.coeffection.sync.monday.ratelimit.ComplexityBudget;
import com.coeffection.sync.monday.ratelimit.CostModel;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * monday's GraphQL API, over OkHttp and Jackson.
 *
 * <ul>
 *   <li>Pins {@code API-Version} and sends the token as {@code Authorization} (no "Bearer").</li>
 *   <li>Sends typed {@link MondayOperation}s, one or several per request under aliases; a failure is reported per
 *       alias ({@link BatchResult}).</li>
 *   <li>Asks for {@code complexity} in every request and keeps the budget monday reports
 *       ({@link ComplexityBudget}); before sending, it waits until the budget can take the request's estimated cost
 *       ({@link CostModel}), so in steady state it never sends what the budget cannot take.</li>
 *   <li>Never runs two mutations on one board at once ({@link BoardMutationGate}).</li>
 *   <li>Turns every error shape into a typed {@link MondayFailure}; a whole request failing with a retryable error
 *       is sent again after monday's delay, up to {@code maxAttempts}, when the delay is short enough.</li>
 * </ul>
 * Thread-safe: sink tasks share one client per connection (token).
 */
public final class MondayClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MondayClient.class);
    private static final MediaType JSON_TYPE = MediaType.get("application/json");
    static final ObjectMapper JSON = new ObjectMapper();

    private final MondayClientConfig config;
    private final OkHttpClient http;
    private final Clock clock;
    private final ErrorClassifier classifier;
    private final ComplexityBudget budget;
    private final CostModel costs = new CostModel();
    private final BoardMutationGate boards = new BoardMutationGate();
    private final MeterRegistry metrics;
    private final Timer requestTimer;
    private final Sleeper sleeper;
    private final String connection;

    /** Waits between retries; replaceable so a test can count waits instead of waiting. */
    @FunctionalInterface
    public interface Sleeper {
        /** Waits in real time: what the client does outside tests that control time. */
        Sleeper REAL = d -> Thread.sleep(Math.max(0, d.toMillis()));

        void sleep(Duration d) throws InterruptedException;
    }

    public MondayClient(MondayClientConfig config) {
        this(config, new SimpleMeterRegistry(), Clock.systemUTC());
    }

    public MondayClient(MondayClientConfig config, MeterRegistry metrics, Clock clock) {
        this(config, metrics, clock, Sleeper.REAL);
    }

    public MondayClient(MondayClientConfig config, MeterRegistry metrics, Clock clock, Sleeper sleeper) {
        this(config, metrics, clock, sleeper, "default");
    }

    /**
     * A client whose meters carry the tag {@code connection=<connection>}, so that several clients (one per token)
     * can share one registry.
     */
    public MondayClient(MondayClientConfig config, MeterRegistry metrics, Clock clock, Sleeper sleeper, String connection) {
        this.connection = connection;
        this.config = config;
        this.clock = clock;
        this.sleeper = sleeper;
        this.metrics = metrics;
        this.http = new OkHttpClient.Builder().callTimeout(config.callTimeout()).retryOnConnectionFailure(false).build();
        this.classifier = new ErrorClassifier(clock, config.defaultRetryDelay());
        this.budget = new ComplexityBudget(config.assumedBudget(), clock);
        this.requestTimer = Timer.builder("monday.request.duration").tag("connection", connection)
                .description("monday API request time").register(metrics);
        Gauge.builder("monday.budget.remaining", budget, b -> b.snapshot().remaining()).tag("connection", connection)
                .description("complexity points left in monday's current budget window").register(metrics);
        Gauge.builder("monday.budget.capacity", budget, ComplexityBudget::capacity).tag("connection", connection)
                .description("complexity points per budget window").register(metrics);
    }

    public MondayClientConfig config() {
        return config;
    }

    /** The budget as monday last reported it (for sizing batches and for metrics). */
    public ComplexityBudget budget() {
        return budget;
    }

    /** What each operation costs, as learned from monday's reports. */
    public CostModel costs() {
        return costs;
    }

    /**
     * How many operations named {@code field} (e.g. {@code create_item}) the budget takes now, at most {@code max}
     * and at least 1: a sink sizes its next aliased batch with it.
     */
    public int affordableBatchSize(String field, int max) {
        return budget.affordable(costs.estimate(field), max);
    }

    /** Runs one operation; its failure is thrown as {@link MondayApiException} carrying the typed failure. */
    public <T> T execute(MondayOperation<T> operation) {
        BatchResult<T> result = executeBatch(List.of(operation));
        AliasResult<T> only = result.results().get(0);
        if (only instanceof AliasResult.Succeeded<T> s) {
            return s.value();
        }
        throw new MondayApiException(operation.field(), ((AliasResult.Failed<T>) only).failure());
    }

    /**
     * Runs several operations of one kind in one request under aliases. The result has one outcome per operation,
     * in order; a whole-request failure is the outcome of every operation.
     */
    public <T> BatchResult<T> executeBatch(List<? extends MondayOperation<? extends T>> operations) {
        GraphQlRequest request = GraphQlRequest.of(operations);
        Set<Long> mutatedBoards = new TreeSet<>();
        if (request.kind() == OperationKind.MUTATION) {
            operations.forEach(op -> op.boardId().ifPresent(mutatedBoards::add));
        }
        long estimate = operations.stream().mapToLong(op -> costs.estimate(op.field())).sum();
        String boardText = mutatedBoards.isEmpty() ? "-" : mutatedBoards.toString();
        BoardMutationGate.Lease lease = null;
        try {
            if (!mutatedBoards.isEmpty()) {
                lease = boards.acquire(mutatedBoards);
            }
            int attempt = 0;
            while (true) {
                attempt++;
                Outcome<T> outcome = sendOnce(request, operations, estimate, boardText);
                Optional<MondayFailure.RetryLater> retry = outcome.wholeRequestRetry();
                boolean cannotFit = retry.isPresent() && retry.get().budgetExhausted() && estimate > budget.capacity();
                if (retry.isEmpty() || cannotFit || attempt >= config.maxAttempts()
                        || retry.get().delay().compareTo(config.maxRetryDelay()) > 0) {
                    return new BatchResult<>(outcome.results(), outcome.report(), attempt);
                }
                LOG.info("monday {} on boards {} will be retried in {} ms after {} (attempt {} of {})",
                        request.kind(), boardText, retry.get().delay().toMillis(), retry.get().code(), attempt, config.maxAttempts());
                sleeper.sleep(retry.get().delay());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            MondayFailure f = new MondayFailure.RetryLater(config.defaultRetryDelay(), "INTERRUPTED", "the call was interrupted", null, false);
            return failAll(operations, f, 0);
        } finally {
            if (lease != null) {
                lease.close();
            }
        }
    }

    private <T> BatchResult<T> failAll(List<? extends MondayOperation<? extends T>> operations, MondayFailure failure, int attempts) {
        List<AliasResult<T>> results = new ArrayList<>();
        for (int i = 0; i < operations.size(); i++) {
            results.add(new AliasResult.Failed<>("a" + i, operations.get(i), failure));
        }
        return new BatchResult<>(results, Optional.empty(), attempts);
    }

    private record Outcome<T>(List<AliasResult<T>> results, Optional<ComplexityBudget.Report> report,
                              MondayFailure requestFailure) {
        Optional<MondayFailure.RetryLater> wholeRequestRetry() {
            if (requestFailure instanceof MondayFailure.BoardLocked locked) {
                // a locked board is retried like any short wait; the caller still sees the typed failure
                return Optional.of(new MondayFailure.RetryLater(locked.delay(), locked.code(), locked.message(),
                        locked.requestId(), false));
            }
            return requestFailure instanceof MondayFailure.RetryLater r ? Optional.of(r) : Optional.empty();
        }
    }

    private <T> Outcome<T> sendOnce(GraphQlRequest request, List<? extends MondayOperation<? extends T>> operations,
                                    long estimate, String boardText) throws InterruptedException {
        ComplexityBudget.Reservation reservation;
        try {
            reservation = budget.reserve(estimate, config.maxBudgetWait());
        } catch (BudgetWaitTimeoutException e) {
            Instant reset = e.resetAt() == null ? clock.instant().plus(config.defaultRetryDelay()) : e.resetAt();
            MondayFailure f = new MondayFailure.RetryLater(Duration.between(clock.instant(), reset), "BUDGET_WAIT",
                    e.getMessage(), null, true);
            return new Outcome<>(failAll(operations, f, 0).results(), Optional.empty(), f);
        }
        ObjectNode body = JSON.createObjectNode();
        body.put("query", request.query());
        body.set("variables", JSON.valueToTree(request.variables()));
        Request httpRequest = new Request.Builder().url(config.endpoint().toString())
                .header("Authorization", config.token())
                .header("API-Version", config.apiVersion())
                .post(RequestBody.create(body.toString(), JSON_TYPE))
                .build();
        long started = System.nanoTime();
        int status;
        String text;
        Duration retryAfter;
        try (Response response = http.newCall(httpRequest).execute()) {
            status = response.code();
            ResponseBody responseBody = response.body();
            text = responseBody == null ? "" : responseBody.string();
            retryAfter = retryAfter(response.header("Retry-After"));
        } catch (IOException e) {
            budget.release(reservation);
            MondayFailure f = classifier.transport(e);
            count(request, "no_answer");
            countError(f.code());
            LOG.warn("monday {} on boards {} got no answer: {}", request.kind(), boardText, f.message());
            return new Outcome<>(failAll(operations, f, 1).results(), Optional.empty(), f);
        } finally {
            requestTimer.record(Duration.ofNanos(System.nanoTime() - started));
        }
        JsonNode json = parse(text);
        Optional<ComplexityBudget.Report> report = complexity(json);
        if (report.isPresent()) {
            budget.settle(reservation, report.get());
            learnCosts(operations, report.get().query());
        } else {
            budget.release(reservation);
        }
        List<ErrorClassifier.MondayError> errors = ErrorClassifier.errors(json);
        Map<String, MondayFailure> byAlias = new HashMap<>();
        MondayFailure requestFailure = null;
        for (ErrorClassifier.MondayError error : errors) {
            MondayFailure f = classifier.classify(error, status, retryAfter);
            countError(f.code());
            if (f instanceof MondayFailure.RetryLater r && r.budgetExhausted()) {
                budget.exhausted(r.delay(), estimate, ErrorClassifier.budgetCapacity(error.message()));
            }
            if (error.alias() != null && request.aliases().contains(error.alias())) {
                byAlias.putIfAbsent(error.alias(), f);
            } else if (requestFailure == null) {
                requestFailure = f;
            }
        }
        if (json == null && (status < 200 || status >= 300)) {
            requestFailure = classifier.classifyStatus(status, text, retryAfter);
            countError(requestFailure.code());
        }
        JsonNode data = json == null ? null : json.get("data");
        List<AliasResult<T>> results = new ArrayList<>();
        boolean anyMissing = false;
        for (int i = 0; i < operations.size(); i++) {
            String alias = request.aliases().get(i);
            MondayOperation<? extends T> op = operations.get(i);
            JsonNode node = data == null || data.isNull() ? null : data.get(alias);
            MondayFailure aliasFailure = byAlias.get(alias);
            if (aliasFailure == null && node != null && !node.isNull() && status >= 200 && status < 300) {
                try {
                    results.add(new AliasResult.Succeeded<>(alias, op, op.parse(node)));
                } catch (MondayResponseException e) {
                    results.add(new AliasResult.Failed<>(alias, op,
                            new MondayFailure.Permanent("UNREADABLE_RESPONSE", e.getMessage(), null, null, null)));
                }
                continue;
            }
            anyMissing = true;
            MondayFailure f = aliasFailure != null ? aliasFailure : requestFailure != null ? requestFailure
                    : status >= 200 && status < 300
                    ? new MondayFailure.Permanent("NO_DATA", "monday returned no data for " + op.field(), null, null, null)
                    : classifier.classifyStatus(status, text, retryAfter);
            results.add(new AliasResult.Failed<>(alias, op, f));
        }
        boolean allFailedTogether = anyMissing && byAlias.isEmpty()
                && results.stream().allMatch(r -> r instanceof AliasResult.Failed<T>);
        count(request, anyMissing ? (allFailedTogether ? "failed" : "partial") : "ok");
        if (anyMissing) {
            LOG.info("monday {} on boards {}: HTTP {}, {} of {} operations failed ({})", request.kind(), boardText, status,
                    results.stream().filter(r -> r instanceof AliasResult.Failed<T>).count(), results.size(),
                    errors.isEmpty() ? "no error body" : errors.get(0).code() + ": " + errors.get(0).message());
        }
        return new Outcome<>(results, report, allFailedTogether ? results.stream()
                .map(r -> ((AliasResult.Failed<T>) r).failure()).findFirst().orElse(null) : null);
    }

    private <T> void learnCosts(List<? extends MondayOperation<? extends T>> operations, long reported) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        operations.forEach(op -> counts.merge(op.field(), 1, Integer::sum));
        if (counts.size() == 1) {
            Map.Entry<String, Integer> only = counts.entrySet().iterator().next();
            costs.observe(only.getKey(), only.getValue(), reported);
            return;
        }
        long estimated = operations.stream().mapToLong(op -> costs.estimate(op.field())).sum();
        if (estimated <= 0) {
            return;
        }
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            long share = reported * costs.estimate(e.getKey()) * e.getValue() / estimated;
            costs.observe(e.getKey(), e.getValue(), share);
        }
    }

    private static Optional<ComplexityBudget.Report> complexity(JsonNode json) {
        JsonNode c = json == null ? null : json.path("data").path("complexity");
        if (c == null || !c.isObject() || !c.has("after")) {
            return Optional.empty();
        }
        return Optional.of(new ComplexityBudget.Report(c.path("before").asLong(), c.path("after").asLong(),
                c.path("query").asLong(), c.path("reset_in_x_seconds").asLong()));
    }

    private static JsonNode parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(text);
            return node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static Duration retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Long.parseLong(header.trim()));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private void count(GraphQlRequest request, String outcome) {
        Counter.builder("monday.requests").tag("connection", connection)
                .tag("kind", request.kind().name().toLowerCase(java.util.Locale.ROOT))
                .tag("outcome", outcome).description("monday API requests by outcome").register(metrics).increment();
    }

    private void countError(String code) {
        Counter.builder("monday.errors").tag("connection", connection).tag("code", code).description("monday API errors by code")
                .register(metrics).increment();
    }

    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}

package com.coeffection.sync.monday.standin;

import com.coeffection.sync.monday.standin.StandInViews.BoardView;
import com.coeffection.sync.monday.standin.StandInViews.DeliveryView;
import com.coeffection.sync.monday.standin.StandInViews.ItemView;
import com.coeffection.sync.monday.standin.StandInViews.Stats;
import com.coeffection.sync.monday.standin.StandInViews.WebhookView;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.coeffection.sync.monday.standin.StandInAnswers.Answer;
import com.coeffection.sync.monday.standin.oauth.OAuthGrants;
import com.coeffection.sync.monday.standin.oauth.StandInOAuth;
import graphql.language.OperationDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A local stand-in for monday.com's GraphQL API, for tests and the embedded default.
 *
 * <p>Every query is parsed and validated against monday's published schema (an invalid one gets the errors
 * monday's schema finds in it), charged for complexity against a per-window budget and a daily call limit with
 * monday's error shapes and headers, and executed against boards, items and webhooks held in memory. Concurrent
 * mutations beyond a limit get 429. Webhooks behave like monday's (handshake, delivered types, echoes of the
 * integration's own changes, JWT, retries). {@link #faults()} injects 5xx, slow answers, a revoked token and locked
 * boards. {@code POST /standin/as-user/{userId}} and {@link #asUser(long)} change items as another person.
 *
 * <pre>{@code
 * try (MondayStandIn monday = MondayStandIn.start(StandInConfig.defaults())) {
 *     // point any monday client at monday.apiUrl() with monday.token()
 *     ...
 * }
 * }</pre>
 */
public final class MondayStandIn implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MondayStandIn.class);

    static {
        // The JDK server writes headers and body separately; without TCP_NODELAY every answer waits ~40 ms for a
        // delayed ACK. Read once when the JDK's server classes load, so it must be set before the first server.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final StandInConfig config;
    private final Clock clock;
    private final HttpServer server;
    private final ExecutorService executor;
    private final StandInState state;
    private final WebhookDispatcher webhooks;
    private final ComplexityMeter meter;
    private final StandInFaults faults;
    private final StandInAnswers answers;
    private final RequestConcurrency concurrency;
    private final StandInExecution execution;
    private final OAuthGrants oauthGrants;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong validationFailures = new AtomicLong();
    private final AtomicLong budgetErrors = new AtomicLong();
    private final Map<String, AtomicLong> apiVersions = new ConcurrentHashMap<>();
    private final List<String> receivedQueries = java.util.Collections.synchronizedList(new ArrayList<>());

    private MondayStandIn(StandInConfig config, Clock clock) throws IOException {
        this.config = config;
        this.clock = clock;
        this.faults = new StandInFaults(clock);
        this.meter = new ComplexityMeter(config.budgetPerWindow(), config.budgetWindow(), config.dailyCallLimit());
        List<StandInConfig.User> users = new ArrayList<>();
        users.add(config.integrationUser());
        users.addAll(config.users());
        WebhookDispatcher[] dispatcher = new WebhookDispatcher[1];
        this.state = new StandInState(clock, users, change -> dispatcher[0].onChange(change));
        this.webhooks = new WebhookDispatcher(config, clock, state::allWebhooks);
        dispatcher[0] = webhooks;
        this.answers = new StandInAnswers(config.accountId());
        this.concurrency = new RequestConcurrency(config.maxConcurrentMutations());
        this.execution = new StandInExecution(state, webhooks, config.accountId(), answers, validationFailures);
        MondaySchema.get();
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", config.port()), 0);
        this.executor = Executors.newFixedThreadPool(16, r -> {
            Thread t = new Thread(r, "standin-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        oauthGrants = StandInOAuth.install(server,
                server.createContext("/v2", this::handleApi), config, clock);
        server.createContext("/standin/boards", BoardPage::handle);
        server.createContext("/standin/", new StandInControl(this, state, execution, faults)::handle);
        server.start();
        LOG.info("monday stand-in listening on {}", apiUrl());
    }

    /** Starts a stand-in (the schema is loaded once per JVM, about a second the first time). */
    public static MondayStandIn start(StandInConfig config) {
        return start(config, Clock.systemUTC());
    }

    public static MondayStandIn start(StandInConfig config, Clock clock) {
        try {
            return new MondayStandIn(config, clock);
        } catch (IOException e) {
            throw new IllegalStateException("the monday stand-in could not listen on port " + config.port(), e);
        }
    }

    // ---------------------------------------------------------------- public API

    /** {@code http://127.0.0.1:<port>} */
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The GraphQL endpoint, as monday's {@code https://api.monday.com/v2}. */
    /** The OAuth grants of the stand-in's authorization server (token lifetime, revocation from code). */
    public OAuthGrants oauthGrants() {
        return oauthGrants;
    }

    public URI apiUrl() {
        return baseUrl().resolve("/v2");
    }

    /** The integration's API token. */
    public String token() {
        return config.token();
    }

    /** The user the token belongs to: webhooks for its changes carry this user id (echoes). */
    public long integrationUserId() {
        return config.integrationUser().id();
    }

    public StandInConfig config() {
        return config;
    }

    public StandInFaults faults() {
        return faults;
    }

    public List<BoardView> boards() {
        return state.boardViews();
    }

    public Optional<BoardView> board(long id) {
        return boards().stream().filter(b -> b.id() == id).findFirst();
    }

    /** Every item of the board, archived and deleted ones included (see {@link ItemView#state()}). */
    public List<ItemView> items(long boardId) {
        return state.itemViews(boardId);
    }

    public Optional<ItemView> item(long itemId) {
        return Optional.ofNullable(state.itemView(itemId));
    }

    public List<WebhookView> webhooks() {
        return state.webhookViews();
    }

    public List<DeliveryView> webhookDeliveries() {
        return webhooks.deliveries();
    }

    /** Every query text received on the API endpoint, in order (for contract checks). */
    public List<String> receivedQueries() {
        synchronized (receivedQueries) {
            return List.copyOf(receivedQueries);
        }
    }

    public Stats stats() {
        Map<String, Long> versions = new LinkedHashMap<>();
        apiVersions.forEach((k, v) -> versions.put(k, v.get()));
        return new Stats(requests.get(), validationFailures.get(), budgetErrors.get(), concurrency.concurrencyErrors(),
                concurrency.sameBoardConcurrent(), versions, meter.windows(clock.instant()));
    }

    /**
     * Adds a person to the account, as an admin does in monday (invites them by email; they accept): the new user
     * gets the next user id, {@code users(emails:)} finds them and people columns accept them from then on.
     *
     * @throws IllegalArgumentException when the account already has a user with this email
     */
    public StandInConfig.User addUser(String name, String email) {
        return state.addUser(name, email);
    }

    /** The account's users, the integration's own user first. */
    public List<StandInConfig.User> users() {
        return state.users();
    }

    /**
     * API requests (queries or mutations) that started while another request touching one of the same boards was
     * still being answered: monday's rule is one request per board at a time.
     */
    public long sameBoardConcurrentRequests() {
        return concurrency.sameBoardConcurrentRequests();
    }

    /** The most API requests that were being answered at the same time. */
    public int peakRequestsInFlight() {
        return concurrency.peakRequestsInFlight();
    }

    /** Changes made as another person of the account, as if they edited the board in monday's UI. */
    public AsUser asUser(long userId) {
        if (state.user(userId) == null) {
            throw new IllegalArgumentException("user " + userId + " is not in the stand-in's account");
        }
        return new AsUser(userId);
    }

    /** Edits by one person; each produces the webhooks monday would send with that person's user id. */
    public final class AsUser {
        private final long userId;

        private AsUser(long userId) {
            this.userId = userId;
        }

        /** Sets column values (column id to monday's write JSON; {@code name} renames the item). */
        public ItemView changeColumnValues(long boardId, long itemId, Map<String, String> columnValues) {
            return StandInViews.of(state.changeColumnValues(boardId, itemId, toObject(columnValues), true, userId));
        }

        public ItemView createItem(long boardId, String name, String groupId, Map<String, String> columnValues) {
            return StandInViews.of(state.createItem(boardId, name, groupId, toObject(columnValues), true, userId));
        }

        public ItemView moveItem(long itemId, String groupId) {
            return StandInViews.of(state.moveItem(itemId, groupId, userId));
        }

        public ItemView archiveItem(long itemId) {
            return StandInViews.of(state.removeItem(itemId, false, userId));
        }

        public ItemView deleteItem(long itemId) {
            return StandInViews.of(state.removeItem(itemId, true, userId));
        }

        /** Runs a GraphQL request as this person (validated, not charged to the integration's budget). */
        public String graphql(String query, Map<String, Object> variables) {
            return execution.executeUncharged(query, variables, userId).body();
        }
    }

    private static ObjectNode toObject(Map<String, String> columnValues) {
        ObjectNode values = StandInState.JSON.createObjectNode();
        columnValues.forEach((k, v) -> {
            try {
                values.set(k, StandInState.JSON.readTree(v == null ? "null" : v));
            } catch (IOException e) {
                throw new IllegalArgumentException("value of column " + k + " is not JSON: " + v, e);
            }
        });
        return values;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        webhooks.close();
    }

    // ---------------------------------------------------------------- HTTP

    private void handleApi(HttpExchange exchange) throws IOException {
        Answer answer;
        try {
            answer = api(exchange);
        } catch (RuntimeException e) {
            LOG.warn("stand-in failed on a request", e);
            answer = new Answer(500, answers.errorBody("Internal server error", "INTERNAL_SERVER_ERROR", 500, Map.of(), null));
        }
        StandInAnswers.send(exchange, answer);
    }

    private Answer api(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        if (!"POST".equalsIgnoreCase(exchange.getRequestMethod())) {
            return new Answer(405, answers.errorBody("Only POST is supported", "METHOD_NOT_ALLOWED", 405, Map.of(), null));
        }
        String version = exchange.getRequestHeaders().getFirst("API-Version");
        apiVersions.computeIfAbsent(version == null ? "(none)" : version, k -> new AtomicLong()).incrementAndGet();
        String token = exchange.getRequestHeaders().getFirst("Authorization");
        if (token == null || !token.equals(config.token()) || faults.tokenRevoked()) {
            return new Answer(401, answers.errorBody("Not Authenticated", "UNAUTHENTICATED", 401, Map.of(), null));
        }
        int serverError = faults.takeServerError();
        if (serverError > 0) {
            return serverError == 500
                    ? new Answer(500, answers.errorBody("Internal server error", "INTERNAL_SERVER_ERROR", 500, Map.of(), null))
                    : new Answer(serverError, "<html><body><h1>" + serverError + " Service Unavailable</h1></body></html>",
                    Map.of("Content-Type", "text/html"));
        }
        JsonNode body;
        try (InputStream in = exchange.getRequestBody()) {
            body = StandInState.JSON.readTree(in);
        } catch (IOException e) {
            return new Answer(500, answers.errorBody("Unexpected token in JSON body", "JsonParseException", 500, Map.of(), null));
        }
        if (body == null || !body.path("query").isTextual()) {
            return new Answer(500, answers.errorBody("No query string was present", "JsonParseException", 500, Map.of(), null));
        }
        String query = body.get("query").asText();
        receivedQueries.add(query);
        @SuppressWarnings("unchecked")
        Map<String, Object> variables = body.hasNonNull("variables")
                ? StandInState.JSON.convertValue(body.get("variables"), Map.class) : Map.of();
        long dailyRetry = meter.countCall(clock.instant());
        if (dailyRetry >= 0) {
            return new Answer(429, answers.errorBody("Daily limit exceeded", "DAILY_LIMIT_EXCEEDED", 429, Map.of(), dailyRetry),
                    Map.of("Retry-After", Long.toString(dailyRetry)));
        }
        MondaySchema.Checked checked = MondaySchema.get().check(query);
        if (!checked.valid()) {
            validationFailures.incrementAndGet();
            return new Answer(200, answers.validationBody(checked.errors()));
        }
        OperationDefinition operation = QueryShape.operation(checked.document(), body.path("operationName").asText(null));
        boolean mutation = operation.getOperation() == OperationDefinition.Operation.MUTATION;
        Set<Long> touched = QueryShape.touchedBoards(operation, variables, state);
        for (Long board : mutation ? touched : Set.<Long>of()) {
            if (faults.locked(board)) {
                return new Answer(423, answers.errorBody("Board " + board + " is locked, try again later", "RESOURCE_LOCKED", 423,
                        Map.of("board_id", board), null), Map.of("Retry-After", "5"));
            }
        }
        if (!concurrency.enter(mutation, touched)) {
            return new Answer(429, answers.errorBody("Max concurrency exceeded", "maxConcurrencyExceeded", 429, Map.of(), 1L),
                    Map.of("Retry-After", "1"));
        }
        try {
            Duration hang = faults.hang(touched);
            if (!hang.isZero()) {
                sleep(hang);
                return new Answer(504, "<html><body><h1>504 Gateway Time-out</h1></body></html>",
                        Map.of("Content-Type", "text/html"));
            }
            hold();
            long cost = QueryShape.cost(operation, variables, config);
            if (cost > config.maxQueryComplexity()) {
                return new Answer(200, answers.errorBody("Query has complexity of " + cost + ", which exceeds max complexity of "
                        + config.maxQueryComplexity(), "ComplexityException", 200, Map.of(), null));
            }
            ComplexityMeter.Charge charge = meter.charge(cost, clock.instant());
            if (charge instanceof ComplexityMeter.Exhausted ex) {
                budgetErrors.incrementAndGet();
                return new Answer(429, answers.errorBody("Complexity budget exhausted, query cost " + cost + " budget remaining "
                                + ex.remaining() + " out of " + config.budgetPerWindow() + " reset in " + ex.retryInSeconds()
                                + " seconds", "COMPLEXITY_BUDGET_EXHAUSTED", 429, Map.of(), ex.retryInSeconds()),
                        Map.of("Retry-After", Long.toString(ex.retryInSeconds())));
            }
            ComplexityMeter.Charged c = (ComplexityMeter.Charged) charge;
            Map<String, Object> complexity = new LinkedHashMap<>();
            complexity.put("before", c.before());
            complexity.put("after", c.after());
            complexity.put("query", c.query());
            complexity.put("reset_in_x_seconds", c.resetInSeconds());
            StandInExecution.Executed executed = execution.execute(query, checked.document(), variables, config.integrationUser().id(), complexity);
            return new Answer(executed.status(), executed.body());
        } finally {
            concurrency.leave(mutation, touched);
        }
    }

    private void hold() {
        Duration delay = faults.delay();
        if (!delay.isZero()) {
            sleep(delay);
        }
    }

    private static void sleep(Duration duration) {
        try {
            TimeUnit.MILLISECONDS.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

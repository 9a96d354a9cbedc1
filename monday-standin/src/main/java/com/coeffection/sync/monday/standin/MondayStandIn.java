package com.coeffection.sync.monday.standin;

import com.coeffection.sync.monday.standin.StandInViews.BoardView;
import com.coeffection.sync.monday.standin.StandInViews.DeliveryView;
import com.coeffection.sync.monday.standin.StandInViews.ItemView;
import com.coeffection.sync.monday.standin.StandInViews.Stats;
import com.coeffection.sync.monday.standin.StandInViews.WebhookView;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import graphql.ExecutionResult;
import graphql.GraphQLError;
import graphql.language.Argument;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.IntValue;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.language.VariableReference;
import graphql.validation.ValidationError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong validationFailures = new AtomicLong();
    private final AtomicLong budgetErrors = new AtomicLong();
    private final AtomicLong concurrencyErrors = new AtomicLong();
    private final AtomicLong sameBoardConcurrent = new AtomicLong();
    private final AtomicInteger mutationsInFlight = new AtomicInteger();
    private final Map<Long, AtomicInteger> boardMutationsInFlight = new ConcurrentHashMap<>();
    private final Map<Long, AtomicInteger> boardRequestsInFlight = new ConcurrentHashMap<>();
    private final AtomicLong sameBoardConcurrentRequests = new AtomicLong();
    private final AtomicInteger requestsInFlight = new AtomicInteger();
    private final AtomicInteger peakRequestsInFlight = new AtomicInteger();
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
        MondaySchema.get();
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", config.port()), 0);
        this.executor = Executors.newFixedThreadPool(16, r -> {
            Thread t = new Thread(r, "standin-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/v2", this::handleApi);
        server.createContext("/standin/boards", BoardPage::handle);
        server.createContext("/standin/", this::handleControl);
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
        return new Stats(requests.get(), validationFailures.get(), budgetErrors.get(), concurrencyErrors.get(),
                sameBoardConcurrent.get(), versions, meter.windows(clock.instant()));
    }

    /**
     * API requests (queries or mutations) that started while another request touching one of the same boards was
     * still being answered: monday's rule is one request per board at a time.
     */
    public long sameBoardConcurrentRequests() {
        return sameBoardConcurrentRequests.get();
    }

    /** The most API requests that were being answered at the same time. */
    public int peakRequestsInFlight() {
        return peakRequestsInFlight.get();
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
            return StandInState.view(state.changeColumnValues(boardId, itemId, toObject(columnValues), true, userId));
        }

        public ItemView createItem(long boardId, String name, String groupId, Map<String, String> columnValues) {
            return StandInState.view(state.createItem(boardId, name, groupId, toObject(columnValues), true, userId));
        }

        public ItemView moveItem(long itemId, String groupId) {
            return StandInState.view(state.moveItem(itemId, groupId, userId));
        }

        public ItemView archiveItem(long itemId) {
            return StandInState.view(state.removeItem(itemId, false, userId));
        }

        public ItemView deleteItem(long itemId) {
            return StandInState.view(state.removeItem(itemId, true, userId));
        }

        /** Runs a GraphQL request as this person (validated, not charged to the integration's budget). */
        public String graphql(String query, Map<String, Object> variables) {
            return executeUncharged(query, variables, userId).body;
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

    private record Answer(int status, String body, Map<String, String> headers) {
        Answer(int status, String body) {
            this(status, body, Map.of());
        }
    }

    private void handleApi(HttpExchange exchange) throws IOException {
        Answer answer;
        try {
            answer = api(exchange);
        } catch (RuntimeException e) {
            LOG.warn("stand-in failed on a request", e);
            answer = new Answer(500, errorBody("Internal server error", "INTERNAL_SERVER_ERROR", 500, Map.of(), null));
        }
        send(exchange, answer);
    }

    private Answer api(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        if (!"POST".equalsIgnoreCase(exchange.getRequestMethod())) {
            return new Answer(405, errorBody("Only POST is supported", "METHOD_NOT_ALLOWED", 405, Map.of(), null));
        }
        String version = exchange.getRequestHeaders().getFirst("API-Version");
        apiVersions.computeIfAbsent(version == null ? "(none)" : version, k -> new AtomicLong()).incrementAndGet();
        String token = exchange.getRequestHeaders().getFirst("Authorization");
        if (token == null || !token.equals(config.token()) || faults.tokenRevoked()) {
            return new Answer(401, errorBody("Not Authenticated", "UNAUTHENTICATED", 401, Map.of(), null));
        }
        int serverError = faults.takeServerError();
        if (serverError > 0) {
            return serverError == 500
                    ? new Answer(500, errorBody("Internal server error", "INTERNAL_SERVER_ERROR", 500, Map.of(), null))
                    : new Answer(serverError, "<html><body><h1>" + serverError + " Service Unavailable</h1></body></html>",
                    Map.of("Content-Type", "text/html"));
        }
        JsonNode body;
        try (InputStream in = exchange.getRequestBody()) {
            body = StandInState.JSON.readTree(in);
        } catch (IOException e) {
            return new Answer(500, errorBody("Unexpected token in JSON body", "JsonParseException", 500, Map.of(), null));
        }
        if (body == null || !body.path("query").isTextual()) {
            return new Answer(500, errorBody("No query string was present", "JsonParseException", 500, Map.of(), null));
        }
        String query = body.get("query").asText();
        receivedQueries.add(query);
        @SuppressWarnings("unchecked")
        Map<String, Object> variables = body.hasNonNull("variables")
                ? StandInState.JSON.convertValue(body.get("variables"), Map.class) : Map.of();
        long dailyRetry = meter.countCall(clock.instant());
        if (dailyRetry >= 0) {
            return new Answer(429, errorBody("Daily limit exceeded", "DAILY_LIMIT_EXCEEDED", 429, Map.of(), dailyRetry),
                    Map.of("Retry-After", Long.toString(dailyRetry)));
        }
        MondaySchema.Checked checked = MondaySchema.get().check(query);
        if (!checked.valid()) {
            validationFailures.incrementAndGet();
            return new Answer(200, validationBody(checked.errors()));
        }
        OperationDefinition operation = operation(checked.document(), body.path("operationName").asText(null));
        boolean mutation = operation.getOperation() == OperationDefinition.Operation.MUTATION;
        Set<Long> touched = touchedBoards(operation, variables);
        Set<Long> boards = mutation ? touched : Set.of();
        for (Long board : boards) {
            if (faults.locked(board)) {
                return new Answer(423, errorBody("Board " + board + " is locked, try again later", "RESOURCE_LOCKED", 423,
                        Map.of("board_id", board), null), Map.of("Retry-After", "5"));
            }
        }
        if (mutation) {
            if (mutationsInFlight.incrementAndGet() > config.maxConcurrentMutations()) {
                mutationsInFlight.decrementAndGet();
                concurrencyErrors.incrementAndGet();
                return new Answer(429, errorBody("Max concurrency exceeded", "maxConcurrencyExceeded", 429, Map.of(), 1L),
                        Map.of("Retry-After", "1"));
            }
            for (Long board : boards) {
                if (boardMutationsInFlight.computeIfAbsent(board, b -> new AtomicInteger()).incrementAndGet() > 1) {
                    sameBoardConcurrent.incrementAndGet();
                }
            }
        }
        peakRequestsInFlight.accumulateAndGet(requestsInFlight.incrementAndGet(), Math::max);
        for (Long board : touched) {
            if (boardRequestsInFlight.computeIfAbsent(board, b -> new AtomicInteger()).incrementAndGet() > 1) {
                sameBoardConcurrentRequests.incrementAndGet();
            }
        }
        try {
            Duration hang = faults.hang(touched);
            if (!hang.isZero()) {
                sleep(hang);
                return new Answer(504, "<html><body><h1>504 Gateway Time-out</h1></body></html>",
                        Map.of("Content-Type", "text/html"));
            }
            hold();
            long cost = cost(operation, variables);
            if (cost > config.maxQueryComplexity()) {
                return new Answer(200, errorBody("Query has complexity of " + cost + ", which exceeds max complexity of "
                        + config.maxQueryComplexity(), "ComplexityException", 200, Map.of(), null));
            }
            ComplexityMeter.Charge charge = meter.charge(cost, clock.instant());
            if (charge instanceof ComplexityMeter.Exhausted ex) {
                budgetErrors.incrementAndGet();
                return new Answer(429, errorBody("Complexity budget exhausted, query cost " + cost + " budget remaining "
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
            Executed executed = execute(query, checked.document(), variables, config.integrationUser().id(), complexity);
            return new Answer(executed.status, executed.body);
        } finally {
            requestsInFlight.decrementAndGet();
            touched.forEach(b -> boardRequestsInFlight.get(b).decrementAndGet());
            if (mutation) {
                mutationsInFlight.decrementAndGet();
                boards.forEach(b -> boardMutationsInFlight.get(b).decrementAndGet());
            }
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

    private record Executed(int status, String body) {
    }

    private Executed executeUncharged(String query, Map<String, Object> variables, long userId) {
        MondaySchema.Checked checked = MondaySchema.get().check(query);
        if (!checked.valid()) {
            validationFailures.incrementAndGet();
            return new Executed(200, validationBody(checked.errors()));
        }
        return execute(query, checked.document(), variables, userId,
                Map.of("before", 0, "after", 0, "query", 0, "reset_in_x_seconds", 0));
    }

    private Executed execute(String query, Document document, Map<String, Object> variables, long userId,
                             Map<String, Object> complexity) {
        StandInGraphQl.RequestContext context = new StandInGraphQl.RequestContext(state, webhooks, userId, complexity);
        ExecutionResult result;
        synchronized (state) {
            result = StandInGraphQl.execute(query, document, variables, context);
        }
        String requestId = UUID.randomUUID().toString();
        Map<String, Object> spec = new LinkedHashMap<>(result.toSpecification());
        List<Object> errors = new ArrayList<>();
        if (spec.get("errors") instanceof List<?> list) {
            for (Object e : list) {
                @SuppressWarnings("unchecked")
                Map<String, Object> error = new LinkedHashMap<>((Map<String, Object>) e);
                @SuppressWarnings("unchecked")
                Map<String, Object> ext = new LinkedHashMap<>(error.get("extensions") instanceof Map<?, ?> m
                        ? (Map<String, Object>) m : Map.of());
                ext.remove("classification");
                ext.putIfAbsent("code", "INTERNAL_SERVER_ERROR");
                ext.put("request_id", requestId);
                error.put("extensions", ext);
                errors.add(error);
            }
            spec.put("errors", errors);
        }
        spec.put("account_id", config.accountId());
        int status = 200;
        if (!errors.isEmpty() && context.statusHint >= 500 && noFieldSucceeded(spec.get("data"))) {
            status = context.statusHint;
        }
        try {
            return new Executed(status, StandInState.JSON.writeValueAsString(spec));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean noFieldSucceeded(Object data) {
        if (!(data instanceof Map<?, ?> map)) {
            return true;
        }
        return map.entrySet().stream().filter(e -> !"complexity".equals(e.getKey())).allMatch(e -> e.getValue() == null);
    }

    private static OperationDefinition operation(Document document, String name) {
        List<OperationDefinition> ops = document.getDefinitionsOfType(OperationDefinition.class);
        return ops.stream().filter(o -> name == null || name.equals(o.getName())).findFirst().orElse(ops.get(0));
    }

    /** The boards a request names: {@code board_id} arguments, and the board of each {@code item_id}. */
    private Set<Long> touchedBoards(OperationDefinition operation, Map<String, Object> variables) {
        Set<Long> boards = new TreeSet<>();
        for (Field field : topFields(operation.getSelectionSet())) {
            Object board = argument(field, "board_id", variables);
            Object item = argument(field, "item_id", variables);
            try {
                if (board != null) {
                    boards.add(Long.parseLong(board.toString()));
                } else if (item != null) {
                    StandInState.Item i = state.itemOrNull(Long.parseLong(item.toString()));
                    if (i != null) {
                        boards.add(i.boardId);
                    }
                }
            } catch (NumberFormatException ignored) {
                // a bad id is reported by the field itself
            }
        }
        return boards;
    }

    /**
     * The complexity of a query: each top-level field costs its configured points (reads a base cost), plus
     * {@code costPerItem} for every item a page asks for ({@code limit}).
     */
    private long cost(OperationDefinition operation, Map<String, Object> variables) {
        long total = 0;
        for (Field field : topFields(operation.getSelectionSet())) {
            String name = field.getName();
            if (name.startsWith("__")) {
                continue;
            }
            total += config.costs().getOrDefault(name, config.defaultReadCost());
            total += config.costPerItem() * pageSize(field, variables);
        }
        return total;
    }

    private static long pageSize(Field field, Map<String, Object> variables) {
        long size = 0;
        Object limit = argument(field, "limit", variables);
        if (limit instanceof Number n && (field.getName().contains("items") || field.getName().equals("next_items_page"))) {
            size += n.longValue();
        }
        if (field.getSelectionSet() != null) {
            for (Field nested : topFields(field.getSelectionSet())) {
                if (nested.getName().equals("items_page")) {
                    Object l = argument(nested, "limit", variables);
                    size += l instanceof Number n ? n.longValue() : 25;
                }
            }
        }
        return size;
    }

    private static List<Field> topFields(SelectionSet set) {
        List<Field> fields = new ArrayList<>();
        for (Selection<?> s : set.getSelections()) {
            if (s instanceof Field f) {
                fields.add(f);
            }
        }
        return fields;
    }

    private static Object argument(Field field, String name, Map<String, Object> variables) {
        for (Argument a : field.getArguments()) {
            if (a.getName().equals(name)) {
                Value<?> v = a.getValue();
                if (v instanceof VariableReference ref) {
                    return variables.get(ref.getName());
                } else if (v instanceof StringValue s) {
                    return s.getValue();
                } else if (v instanceof IntValue i) {
                    return i.getValue().longValue();
                }
            }
        }
        return null;
    }

    private String errorBody(String message, String code, int statusCode, Map<String, Object> errorData, Long retryIn) {
        ObjectNode root = StandInState.JSON.createObjectNode();
        ObjectNode error = root.putArray("errors").addObject().put("message", message);
        ObjectNode ext = error.putObject("extensions").put("code", code).put("status_code", statusCode);
        ext.set("error_data", StandInState.JSON.valueToTree(errorData));
        if (retryIn != null) {
            ext.put("retry_in_seconds", retryIn);
        }
        ext.put("request_id", UUID.randomUUID().toString());
        root.put("account_id", config.accountId());
        return root.toString();
    }

    private String validationBody(List<? extends GraphQLError> errors) {
        ObjectNode root = StandInState.JSON.createObjectNode();
        ArrayNode array = root.putArray("errors");
        String requestId = UUID.randomUUID().toString();
        for (GraphQLError e : errors) {
            ObjectNode error = array.addObject().put("message",
                    String.valueOf(e.getMessage()).replaceFirst("^Validation error \\([^)]*\\) : ", ""));
            if (e.getLocations() != null && !e.getLocations().isEmpty()) {
                ArrayNode locations = error.putArray("locations");
                e.getLocations().forEach(l -> locations.addObject().put("line", l.getLine()).put("column", l.getColumn()));
            }
            String code = e instanceof ValidationError v ? validationCode(v) : "PARSING_ERROR";
            error.putObject("extensions").put("code", code).put("status_code", 200).put("request_id", requestId);
        }
        root.put("account_id", config.accountId());
        return root.toString();
    }

    /** monday's (graphql-ruby) codes for the common validation failures. */
    private static String validationCode(ValidationError v) {
        String type = String.valueOf(v.getValidationErrorType());
        return switch (type) {
            case "FieldUndefined" -> "undefinedField";
            case "UnknownArgument" -> "argumentNotAccepted";
            case "MissingFieldArgument" -> "missingRequiredArguments";
            case "VariableTypeMismatch" -> "variableMismatch";
            case "WrongType" -> "argumentLiteralsIncompatible";
            case "UndefinedVariable" -> "variableNotDefined";
            case "UnusedVariable" -> "variableNotUsed";
            case "SubselectionRequired", "SubselectionNotAllowed" -> "selectionMismatch";
            default -> type;
        };
    }

    // ---------------------------------------------------------------- control endpoints

    private void handleControl(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        Answer answer;
        try {
            if (path.startsWith("/standin/as-user/") && "POST".equalsIgnoreCase(exchange.getRequestMethod())) {
                long userId = Long.parseLong(path.substring("/standin/as-user/".length()));
                if (state.user(userId) == null) {
                    answer = new Answer(404, "{\"error\":\"no such user " + userId + "\"}");
                } else {
                    JsonNode body;
                    try (InputStream in = exchange.getRequestBody()) {
                        body = StandInState.JSON.readTree(in);
                    }
                    @SuppressWarnings("unchecked")
                    Map<String, Object> variables = body.hasNonNull("variables")
                            ? StandInState.JSON.convertValue(body.get("variables"), Map.class) : Map.of();
                    Executed executed = executeUncharged(body.path("query").asText(), variables, userId);
                    answer = new Answer(executed.status, executed.body);
                }
            } else if (path.equals("/standin/state")) {
                ObjectNode root = StandInState.JSON.createObjectNode();
                root.set("boards", StandInState.JSON.valueToTree(boards()));
                ArrayNode items = root.putArray("items");
                boards().forEach(b -> items(b.id()).forEach(i -> items.add(StandInState.JSON.valueToTree(i))));
                root.set("webhooks", StandInState.JSON.valueToTree(webhooks()));
                root.set("deliveries", StandInState.JSON.valueToTree(webhookDeliveries()));
                root.set("stats", StandInState.JSON.valueToTree(stats()));
                answer = new Answer(200, root.toString());
            } else if (path.equals("/standin/faults") && "POST".equalsIgnoreCase(exchange.getRequestMethod())) {
                JsonNode body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = StandInState.JSON.readTree(in);
                }
                applyFaults(body);
                answer = new Answer(200, "{\"ok\":true}");
            } else {
                answer = new Answer(404, "{\"error\":\"unknown stand-in endpoint " + path + "\"}");
            }
        } catch (RuntimeException e) {
            answer = new Answer(400, StandInState.JSON.createObjectNode().put("error", String.valueOf(e.getMessage())).toString());
        }
        send(exchange, answer);
    }

    private void applyFaults(JsonNode body) {
        if (body.path("reset").asBoolean(false)) {
            faults.reset();
        }
        if (body.has("serverErrors")) {
            faults.serverErrors(body.get("serverErrors").asInt(), body.path("serverErrorStatus").asInt(500));
        }
        if (body.has("serverErrorsForMs")) {
            faults.serverErrorsFor(Duration.ofMillis(body.get("serverErrorsForMs").asLong()));
        }
        if (body.has("slowMs")) {
            faults.slowAnswers(Duration.ofMillis(body.get("slowMs").asLong()));
        }
        if (body.path("revokeToken").asBoolean(false)) {
            faults.revokeToken();
        }
        if (body.path("restoreToken").asBoolean(false)) {
            faults.restoreToken();
        }
        if (body.has("lockBoard")) {
            faults.lockBoard(body.get("lockBoard").asLong());
        }
        if (body.has("hangBoard")) {
            faults.hangBoard(body.get("hangBoard").asLong(), Duration.ofMillis(body.path("hangMs").asLong(30_000)));
        }
        if (body.has("stopHanging")) {
            faults.stopHanging(body.get("stopHanging").asLong());
        }
        if (body.has("unlockBoard")) {
            faults.unlockBoard(body.get("unlockBoard").asLong());
        }
    }

    private static void send(HttpExchange exchange, Answer answer) throws IOException {
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", answer.headers().getOrDefault("Content-Type", "application/json"));
        answer.headers().forEach((k, v) -> {
            if (!"Content-Type".equals(k)) {
                exchange.getResponseHeaders().set(k, v);
            }
        });
        exchange.sendResponseHeaders(answer.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}

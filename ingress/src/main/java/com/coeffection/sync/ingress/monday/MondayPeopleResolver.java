package com.coeffection.sync.ingress.monday;

import com.coeffection.sync.contract.ErrorType;
import com.coeffection.sync.monday.graphql.Model.MondayUser;
import com.coeffection.sync.monday.graphql.MondayClient;
import com.coeffection.sync.monday.graphql.MondayClientConfig;
import com.coeffection.sync.monday.tokens.TokenProvider;
import com.coeffection.sync.monday.users.MondayUserDirectory;
import com.coeffection.sync.schema.MondayItemEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Resolves the monday user ids of a webhook's person columns to emails with the tenant's token
 * ({@code users(ids:)}, one query per event for all its people, cached with misses for {@code ttl}), and writes
 * each person's {@code email} and {@code name} into monday's {@code personsAndTeams} entries, which the column
 * codec reads. Bounded: one attempt, at most {@code timeout}.
 *
 * <p>A person monday cannot resolve (no such user, no token for the tenant, monday unreachable or slow) keeps the
 * id and gets a name saying so ("monday user 60000003 (email unknown: ...)"), and is reported in
 * {@link Resolved#unresolved()} so that the route writes a history entry naming them; the event itself is never
 * held back or refused because of it.
 *
 * <p>Why here and not in the processor: the ingress already answers monday only after the event is durable, the
 * lookup needs the tenant's monday token (which the processor does not hold), and resolving before the event is
 * written keeps every later consumer (processor, history, replays) free of monday calls.
 */
public final class MondayPeopleResolver implements MondayPeople, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MondayPeopleResolver.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PEOPLE = "personsAndTeams";
    /** How long a resolved (or unknown) id is remembered. */
    public static final Duration DEFAULT_TTL = Duration.ofMinutes(10);
    /** How long a webhook may wait for monday's answer. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

    private final URI endpoint;
    private final TokenProvider tokens;
    private final Duration timeout;
    private final Duration ttl;
    private final Clock clock;
    private final Map<String, Connection> byToken = new ConcurrentHashMap<>();
    private final ExecutorService lookups;
    private final Counter resolved;
    private final Counter unresolved;

    private record Connection(MondayClient client, MondayUserDirectory directory) {
    }

    public MondayPeopleResolver(URI endpoint, TokenProvider tokens, Duration timeout, Duration ttl, MeterRegistry meters) {
        this.endpoint = endpoint;
        this.tokens = tokens;
        this.timeout = timeout;
        this.ttl = ttl;
        this.clock = Clock.systemUTC();
        AtomicInteger threads = new AtomicInteger();
        this.lookups = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "ingress-monday-people-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.resolved = Counter.builder("ingress.monday.people").tag("outcome", "resolved")
                .description("people of monday webhooks resolved to an email").register(meters);
        this.unresolved = Counter.builder("ingress.monday.people").tag("outcome", "unresolved")
                .description("people of monday webhooks kept without an email").register(meters);
    }

    /**
     * From {@code MONDAY_API_URL} (default monday's own) and the tokens the sink uses ({@code MONDAY_API_TOKEN_FILE},
     * {@code MONDAY_API_TOKEN_<TENANT>}, {@code MONDAY_API_TOKEN}); {@code MONDAY_PEOPLE_TIMEOUT_MS} bounds a lookup.
     * {@link MondayPeople#NONE} when no token is configured at all.
     */
    public static MondayPeople fromEnvironment(Map<String, String> env, MeterRegistry meters) {
        boolean anyToken = env.keySet().stream().anyMatch(k -> k.startsWith("MONDAY_API_TOKEN"));
        if (!anyToken) {
            log.info("no monday token configured: people in monday webhooks keep their user ids only");
            return NONE;
        }
        URI endpoint = URI.create(env.getOrDefault("MONDAY_API_URL", "https://api.monday.com/v2"));
        Duration timeout = Duration.ofMillis(Long.parseLong(env.getOrDefault("MONDAY_PEOPLE_TIMEOUT_MS",
                Long.toString(DEFAULT_TIMEOUT.toMillis()))));
        return new MondayPeopleResolver(endpoint, TokenProvider.fromEnv(env), timeout, DEFAULT_TTL, meters);
    }

    @Override
    public CompletableFuture<MondayItemEvent> withEmails(MondayItemEvent event) {
        return resolve(event).thenApply(Resolved::event);
    }

    @Override
    public CompletableFuture<Resolved> resolve(MondayItemEvent event) {
        Set<Long> ids = new LinkedHashSet<>();
        idsIn(event.getValue(), ids);
        idsIn(event.getPreviousValue(), ids);
        event.getColumnValues().values().forEach(v -> idsIn(v, ids));
        if (ids.isEmpty()) {
            return CompletableFuture.completedFuture(new Resolved(event, List.of()));
        }
        return CompletableFuture.supplyAsync(() -> lookUp(event, ids), lookups)
                .completeOnTimeout(new Answer(Map.of(), "monday did not answer within " + timeout.toMillis() + " ms"),
                        timeout.toMillis() + 500, java.util.concurrent.TimeUnit.MILLISECONDS)
                .exceptionally(e -> new Answer(Map.of(), "monday could not be asked: " + e.getMessage()))
                .thenApply(answer -> enriched(event, answer));
    }

    /** monday's users for the ids, or why monday could not say. */
    private record Answer(Map<Long, MondayUser> users, String failure) {
    }

    private Answer lookUp(MondayItemEvent event, Set<Long> ids) {
        String token = tokens.tokenFor(event.getTenantId());
        if (token == null || token.isBlank()) {
            return new Answer(Map.of(), "no monday token is configured for tenant " + event.getTenantId());
        }
        try {
            return new Answer(connection(token).directory().byIds(ids), null);
        } catch (RuntimeException e) {
            return new Answer(Map.of(), "monday's users query failed: " + e.getMessage());
        }
    }

    private Connection connection(String token) {
        return byToken.computeIfAbsent(token, t -> {
            MondayClient client = new MondayClient(MondayClientConfig.of(endpoint, t).withMaxAttempts(1)
                    .withCallTimeout(timeout));
            return new Connection(client, new MondayUserDirectory(client, ttl, clock));
        });
    }

    private Resolved enriched(MondayItemEvent event, Answer answer) {
        List<Unresolved> missing = new ArrayList<>();
        // the previous value is enriched too, but only the new value's people are reported as unresolved
        List<Unresolved> previous = new ArrayList<>();
        MondayItemEvent.Builder out = MondayItemEvent.newBuilder(event)
                .setValue(withPeople(event.getValue(), event.getColumnId(), answer, missing))
                .setPreviousValue(withPeople(event.getPreviousValue(), event.getColumnId(), answer, previous));
        Map<String, String> columns = new LinkedHashMap<>();
        event.getColumnValues().forEach((column, value) -> columns.put(column, withPeople(value, column, answer, missing)));
        out.setColumnValues(columns);
        List<Unresolved> reported = missing.stream().distinct().toList();
        if (!reported.isEmpty()) {
            unresolved.increment(reported.size());
            log.warn("tenant {} board {} item {}: {} person(s) of monday event {} keep their monday user id without an"
                            + " email: {}", event.getTenantId(), event.getBoardId(), event.getItemId(), reported.size(),
                    event.getTriggerUuid(), String.join("; ", reported.stream().map(u -> u.userId() + ": " + u.reason()).toList()));
        }
        return new Resolved(out.build(), reported);
    }

    /** One of monday's JSON documents with emails and names written into its person entries. */
    private String withPeople(String json, String columnId, Answer answer, List<Unresolved> missing) {
        JsonNode doc = parse(json);
        if (doc == null || !doc.path(PEOPLE).isArray()) {
            return json;
        }
        for (JsonNode entry : doc.get(PEOPLE)) {
            if (!(entry instanceof ObjectNode person) || !"person".equals(entry.path("kind").asText("person"))
                    || entry.hasNonNull("email")) {
                continue;
            }
            long id = idOf(entry);
            MondayUser user = answer.users().get(id);
            if (user != null && user.email() != null) {
                person.put("email", user.email());
                person.put("name", user.name());
                resolved.increment();
            } else {
                String why = answer.failure() != null ? answer.failure() : "monday has no user with this id";
                person.put("name", "monday user " + id + " (email unknown: " + why + ")");
                missing.add(new Unresolved(id, columnId, answer.failure() != null ? ErrorType.PERSON_UNRESOLVED
                        : ErrorType.UNKNOWN_PERSON, why));
            }
        }
        return doc.toString();
    }

    private static void idsIn(String json, Set<Long> ids) {
        JsonNode doc = parse(json);
        if (doc == null || !doc.path(PEOPLE).isArray()) {
            return;
        }
        for (JsonNode entry : doc.get(PEOPLE)) {
            if ("person".equals(entry.path("kind").asText("person")) && !entry.hasNonNull("email") && idOf(entry) >= 0) {
                ids.add(idOf(entry));
            }
        }
    }

    /** monday sends a person's id as a number or as a string of digits; -1 for anything else. */
    private static long idOf(JsonNode entry) {
        JsonNode id = entry.path("id");
        if (id.isIntegralNumber() && id.canConvertToLong()) {
            return id.asLong();
        }
        return id.isTextual() && id.textValue().matches("\\d{1,18}") ? Long.parseLong(id.textValue()) : -1;
    }

    private static JsonNode parse(String json) {
        if (json == null || json.isBlank() || json.charAt(0) != '{') {
            return null;
        }
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            return null;
        }
    }

    @Override
    public void close() {
        lookups.shutdownNow();
        byToken.values().forEach(c -> c.client().close());
    }
}

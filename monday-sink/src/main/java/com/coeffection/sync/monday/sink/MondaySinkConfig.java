package com.coeffection.sync.monday.sink;

import com.coeffection.sync.monday.tokens.TokenProvider;

import com.coeffection.sync.monday.graphql.MondayClientConfig;
import com.coeffection.sync.monday.sink.batch.BatchPlanner;
import com.coeffection.sync.monday.sink.retry.Backoff;
import com.coeffection.sync.topics.SyncTopics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How the monday sink worker runs. {@link #of} gives the defaults; every setting has an environment variable
 * (in brackets) read by {@link #fromEnv}; see docs/monday-sink.md. Each {@code withX} returns a copy with that
 * setting replaced.
 *
 * @param bootstrapServers      Kafka bootstrap servers [KAFKA_BOOTSTRAP_SERVERS]
 * @param schemaRegistryUrl     Confluent-compatible schema registry [SCHEMA_REGISTRY_URL]
 * @param topics                topic names [TOPIC_*]
 * @param groupId               consumer group [MONDAY_SINK_GROUP_ID, default monday-sync-sink]
 * @param mondayEndpoint        monday's GraphQL endpoint [MONDAY_API_URL]
 * @param tokens                the API token per tenant, asked again before every request [MONDAY_API_TOKEN, MONDAY_API_TOKEN_FILE]
 * @param window                how long edits of one item are gathered into one change [MONDAY_SINK_WINDOW_MS, 250 ms]
 * @param metrics               where metrics go
 * @param limits                operations per request [MONDAY_SINK_MAX_ITEMS_PER_REQUEST, 300], complexity per request
 *                              [MONDAY_SINK_MAX_REQUEST_COMPLEXITY, 4,000,000] and request size
 *                              [MONDAY_SINK_MAX_REQUEST_BYTES, 1 MiB]
 * @param maxAttempts           failed attempts with a retryable error before a change is dead-lettered [MONDAY_SINK_MAX_ATTEMPTS, 12];
 *                              budget waits, a revoked token and the daily limit do not count
 * @param backoff               retry delays [MONDAY_SINK_BACKOFF_BASE_MS 500, MONDAY_SINK_BACKOFF_MAX_MS 30000, jitter 20%]
 * @param coeffectionIdColumn   the text column holding the record id, by which an item is found before it is created
 *                              [MONDAY_COEFFECTION_ID_COLUMN, default coeffection_id]
 * @param callTimeout           the whole-call timeout of one monday request [MONDAY_CALL_TIMEOUT_MS, 30 s]
 * @param maxWaitingPerPartition waiting commands of one partition above which it is paused [MONDAY_SINK_MAX_WAITING, 20,000]
 * @param createLabelsIfMissing whether monday may add a missing status or dropdown label [MONDAY_CREATE_LABELS_IF_MISSING, false]
 * @param clientId              the Kafka client id prefix [MONDAY_SINK_CLIENT_ID, monday-sink]
 * @param fillTo                a request with fewer changes than this is small: it waits up to {@code fillWait} past the
 *                              window for more changes of the same connection that are about to be due, and the
 *                              board's next request may follow it promptly (see BoardSpacing; 1 turns that off)
 *                              [MONDAY_SINK_FILL_TO, 10]
 * @param fillWait              how long a small request may wait to fill up [MONDAY_SINK_FILL_WAIT_MS, 250 ms]
 * @param kafkaProperties       extra Kafka client properties for the consumer and the producer (security, timeouts);
 *                              from {@code MONDAY_SINK_KAFKA_<NAME>}, e.g. {@code MONDAY_SINK_KAFKA_SECURITY_PROTOCOL}
 *                              for {@code security.protocol}. Auto-commit and the group id cannot be overridden.
 * @param inFlight              monday requests one worker has out at once, in all [MONDAY_SINK_MAX_IN_FLIGHT, 16] and per
 *                              connection (token) [MONDAY_SINK_MAX_IN_FLIGHT_PER_CONNECTION, 4]
 */
public record MondaySinkConfig(String bootstrapServers, String schemaRegistryUrl, SyncTopics topics, String groupId,
                               URI mondayEndpoint, TokenProvider tokens, Duration window, MeterRegistry metrics,
                               BatchPlanner.Limits limits, int maxAttempts, Backoff backoff, String coeffectionIdColumn,
                               Duration callTimeout, int maxWaitingPerPartition, boolean createLabelsIfMissing,
                               String clientId, int fillTo, Duration fillWait, Map<String, String> kafkaProperties,
                               InFlightLimits inFlight) {
    public static final String DEFAULT_GROUP_ID = "monday-sync-sink";
    public static final String DEFAULT_COEFFECTION_ID_COLUMN = "coeffection_id";

    public MondaySinkConfig {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(schemaRegistryUrl, "schemaRegistryUrl");
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(mondayEndpoint, "mondayEndpoint");
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(coeffectionIdColumn, "coeffectionIdColumn");
        Objects.requireNonNull(callTimeout, "callTimeout");
        Objects.requireNonNull(fillWait, "fillWait");
        Objects.requireNonNull(inFlight, "inFlight");
        kafkaProperties = kafkaProperties == null ? Map.of() : Map.copyOf(kafkaProperties);
        if (window.isNegative()) {
            throw new IllegalArgumentException("the coalescing window cannot be negative");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        if (maxWaitingPerPartition < 1) {
            throw new IllegalArgumentException("maxWaitingPerPartition must be at least 1");
        }
    }

    /** The configuration with the default in-flight limits ({@link InFlightLimits#DEFAULTS}). */
    public MondaySinkConfig(String bootstrapServers, String schemaRegistryUrl, SyncTopics topics, String groupId,
                            URI mondayEndpoint, TokenProvider tokens, Duration window, MeterRegistry metrics,
                            BatchPlanner.Limits limits, int maxAttempts, Backoff backoff, String coeffectionIdColumn,
                            Duration callTimeout, int maxWaitingPerPartition, boolean createLabelsIfMissing,
                            String clientId, int fillTo, Duration fillWait, Map<String, String> kafkaProperties) {
        this(bootstrapServers, schemaRegistryUrl, topics, groupId, mondayEndpoint, tokens, window, metrics, limits,
                maxAttempts, backoff, coeffectionIdColumn, callTimeout, maxWaitingPerPartition, createLabelsIfMissing,
                clientId, fillTo, fillWait, kafkaProperties, InFlightLimits.DEFAULTS);
    }

    /**
     * Requests one worker has out at once: {@code total} in all, {@code perConnection} for one connection (token), so
     * an account whose requests hang ties up only its own share.
     */
    public record InFlightLimits(int total, int perConnection) {
        public static final InFlightLimits DEFAULTS = new InFlightLimits(16, 4);

        public InFlightLimits {
            if (total < 1) {
                throw new IllegalArgumentException("the total of requests in flight must be at least 1, got " + total);
            }
            if (perConnection < 1) {
                throw new IllegalArgumentException("the requests in flight per connection must be at least 1, got "
                        + perConnection);
            }
            if (perConnection > total) {
                throw new IllegalArgumentException("the requests in flight per connection (" + perConnection
                        + ") cannot exceed the total (" + total + ")");
            }
        }
    }

    /** The defaults for everything but where Kafka, the registry and monday are and the token. */
    public static MondaySinkConfig of(String bootstrapServers, String schemaRegistryUrl, URI mondayEndpoint,
                                      TokenProvider tokens) {
        return new MondaySinkConfig(bootstrapServers, schemaRegistryUrl, SyncTopics.defaults(), DEFAULT_GROUP_ID,
                mondayEndpoint, tokens, Duration.ofMillis(250), new SimpleMeterRegistry(),
                new BatchPlanner.Limits(300, 4_000_000L, 1024 * 1024L), 12, Backoff.defaults(),
                DEFAULT_COEFFECTION_ID_COLUMN, Duration.ofSeconds(30), 20_000, false, "monday-sink", 10,
                Duration.ofMillis(250), Map.of());
    }

    /** Reads the configuration from environment variables ({@code System.getenv()} in production). */
    public static MondaySinkConfig fromEnv(Map<String, String> env) {
        MondaySinkConfig d = of(env.getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092"),
                env.getOrDefault("SCHEMA_REGISTRY_URL", "http://localhost:8081/apis/ccompat/v7"),
                URI.create(env.getOrDefault("MONDAY_API_URL", MondayClientConfig.DEFAULT_ENDPOINT)),
                TokenProvider.fromEnv(env));
        Backoff backoff = new Backoff(millis(env, "MONDAY_SINK_BACKOFF_BASE_MS", d.backoff.base()),
                millis(env, "MONDAY_SINK_BACKOFF_MAX_MS", d.backoff.max()), d.backoff.jitter());
        BatchPlanner.Limits limits = new BatchPlanner.Limits(
                intOf(env, "MONDAY_SINK_MAX_ITEMS_PER_REQUEST", d.limits.maxOperations()),
                Long.parseLong(env.getOrDefault("MONDAY_SINK_MAX_REQUEST_COMPLEXITY", Long.toString(d.limits.maxComplexity()))),
                Long.parseLong(env.getOrDefault("MONDAY_SINK_MAX_REQUEST_BYTES", Long.toString(d.limits.maxRequestBytes()))));
        return new MondaySinkConfig(d.bootstrapServers, d.schemaRegistryUrl, SyncTopics.from(env),
                env.getOrDefault("MONDAY_SINK_GROUP_ID", DEFAULT_GROUP_ID), d.mondayEndpoint, d.tokens,
                millis(env, "MONDAY_SINK_WINDOW_MS", d.window), d.metrics, limits,
                intOf(env, "MONDAY_SINK_MAX_ATTEMPTS", d.maxAttempts), backoff,
                env.getOrDefault("MONDAY_COEFFECTION_ID_COLUMN", d.coeffectionIdColumn),
                millis(env, "MONDAY_CALL_TIMEOUT_MS", d.callTimeout),
                intOf(env, "MONDAY_SINK_MAX_WAITING", d.maxWaitingPerPartition),
                Boolean.parseBoolean(env.getOrDefault("MONDAY_CREATE_LABELS_IF_MISSING", "false")),
                env.getOrDefault("MONDAY_SINK_CLIENT_ID", d.clientId),
                intOf(env, "MONDAY_SINK_FILL_TO", d.fillTo), millis(env, "MONDAY_SINK_FILL_WAIT_MS", d.fillWait),
                kafkaProperties(env), inFlight(env, d.inFlight));
    }

    public MondaySinkConfig withTopics(SyncTopics topics) {
        return new MondaySinkConfig(bootstrapServers, schemaRegistryUrl, topics, groupId, mondayEndpoint, tokens, window,
                metrics, limits, maxAttempts, backoff, coeffectionIdColumn, callTimeout, maxWaitingPerPartition,
                createLabelsIfMissing, clientId, fillTo, fillWait, kafkaProperties, inFlight);
    }

    public MondaySinkConfig withGroupId(String groupId) {
        return new MondaySinkConfig(bootstrapServers, schemaRegistryUrl, topics, groupId, mondayEndpoint, tokens, window,
                metrics, limits, maxAttempts, backoff, coeffectionIdColumn, callTimeout, maxWaitingPerPartition,
                createLabelsIfMissing, clientId, fillTo, fillWait, kafkaProperties, inFlight);
    }

    public MondaySinkConfig withWindow(Duration window) {
        return new MondaySinkConfig(bootstrapServers, schemaRegistryUrl, topics, groupId, mondayEndpoint, tokens, window,
                metrics, limits, maxAttempts, backoff, coeffectionIdColumn, callTimeout, maxWaitingPerPartition,
                createLabelsIfMissing, clientId, fillTo, fillWait, kafkaProperties, inFlight);
    }

    public MondaySinkConfig withMetrics(MeterRegistry metrics) {
        return new MondaySinkConfig(bootstrapServers, schemaRegistryUrl, topics, groupId, mondayEndpoint, tokens, window,
                metrics, limits, maxAttempts, backoff, coeffectionIdColumn, callTimeout, maxWaitingPerPartition,
                createLabelsIfMissing, clientId, fillTo, fillWait, kafkaProperties, inFlight);
    }

    public MondaySinkConfig withLimits(BatchPlanner.Limits limits) {
        return new MondaySinkConfig(bootstrapServers, schemaRegistryUrl, topics, groupId, mondayEndpoint, tokens, window,
                metrics, limits, maxAttempts, backoff, coeffectionIdColumn, callTimeout, maxWaitingPerPartition,
                createLabelsIfMissing, clientId, fillTo, fillWait, kafkaProperties, inFlight);
    }

    public MondaySinkConfig withRetries(int maxAttempts, Backoff backoff) {
        return new MondaySinkConfig(bootstrapServers, schemaRegistryUrl, topics, groupId, mondayEndpoint, tokens, window,
                metrics, limits, maxAttempts, backoff, coeffectionIdColumn, callTimeout, maxWaitingPerPartition,
                createLabelsIfMissing, clientId, fillTo, fillWait, kafkaProperties, inFlight);
    }

    public MondaySinkConfig withCoeffectionIdColumn(String columnId) {
        return new MondaySinkConfig(bootstrapServers, schemaRegistryUrl, topics, groupId, mondayEndpoint, tokens, window,
                metrics, limits, maxAttempts, backoff, columnId, callTimeout, maxWaitingPerPartition,
                createLabelsIfMissing, clientId, fillTo, fillWait, kafkaProperties, inFlight);
    }

    public MondaySinkConfig withCallTimeout(Duration timeout) {
        return new MondaySinkConfig(bootstrapServers, schemaRegistryUrl, topics, groupId, mondayEndpoint, tokens, window,
                metrics, limits, maxAttempts, backoff, coeffectionIdColumn, timeout, maxWaitingPerPartition,
                createLabelsIfMissing, clientId, fillTo, fillWait, kafkaProperties, inFlight);
    }

    public MondaySinkConfig withMaxWaitingPerPartition(int max) {
        return new MondaySinkConfig(bootstrapServers, schemaRegistryUrl, topics, groupId, mondayEndpoint, tokens, window,
                metrics, limits, maxAttempts, backoff, coeffectionIdColumn, callTimeout, max, createLabelsIfMissing, clientId, fillTo, fillWait, kafkaProperties, inFlight);
    }

    public MondaySinkConfig withFill(int fillTo, Duration fillWait) {
        return new MondaySinkConfig(bootstrapServers, schemaRegistryUrl, topics, groupId, mondayEndpoint, tokens, window,
                metrics, limits, maxAttempts, backoff, coeffectionIdColumn, callTimeout, maxWaitingPerPartition,
                createLabelsIfMissing, clientId, fillTo, fillWait, kafkaProperties, inFlight);
    }

    public MondaySinkConfig withTokens(TokenProvider tokens) {
        return new MondaySinkConfig(bootstrapServers, schemaRegistryUrl, topics, groupId, mondayEndpoint, tokens, window,
                metrics, limits, maxAttempts, backoff, coeffectionIdColumn, callTimeout, maxWaitingPerPartition,
                createLabelsIfMissing, clientId, fillTo, fillWait, kafkaProperties, inFlight);
    }

    public MondaySinkConfig withKafkaProperties(Map<String, String> properties) {
        return new MondaySinkConfig(bootstrapServers, schemaRegistryUrl, topics, groupId, mondayEndpoint, tokens, window,
                metrics, limits, maxAttempts, backoff, coeffectionIdColumn, callTimeout, maxWaitingPerPartition,
                createLabelsIfMissing, clientId, fillTo, fillWait, properties, inFlight);
    }

    public MondaySinkConfig withInFlight(InFlightLimits inFlight) {
        return new MondaySinkConfig(bootstrapServers, schemaRegistryUrl, topics, groupId, mondayEndpoint, tokens, window,
                metrics, limits, maxAttempts, backoff, coeffectionIdColumn, callTimeout, maxWaitingPerPartition,
                createLabelsIfMissing, clientId, fillTo, fillWait, kafkaProperties, inFlight);
    }

    /**
     * {@code MONDAY_SINK_KAFKA_<NAME>} as Kafka properties, and {@code MONDAY_SINK_INSTANCE_ID} as the consumer's
     * {@code group.instance.id} (static membership: a restarted worker with the same id takes its partitions back at
     * once, without a rebalance). Give each worker its own stable id (a StatefulSet pod name, a host name).
     */
    private static Map<String, String> kafkaProperties(Map<String, String> env) {
        String prefix = "MONDAY_SINK_KAFKA_";
        Map<String, String> properties = new java.util.TreeMap<>();
        env.forEach((name, value) -> {
            if (name.startsWith(prefix) && name.length() > prefix.length()) {
                properties.put(name.substring(prefix.length()).toLowerCase(java.util.Locale.ROOT).replace('_', '.'), value);
            }
        });
        String instance = env.get("MONDAY_SINK_INSTANCE_ID");
        if (instance != null && !instance.isBlank()) {
            properties.put("group.instance.id", instance.trim());
        }
        return properties;
    }

    /** MONDAY_SINK_MAX_IN_FLIGHT and MONDAY_SINK_MAX_IN_FLIGHT_PER_CONNECTION, each refused by its name. */
    private static InFlightLimits inFlight(Map<String, String> env, InFlightLimits fallback) {
        int total = positive(env, "MONDAY_SINK_MAX_IN_FLIGHT", fallback.total());
        int perConnection = positive(env, "MONDAY_SINK_MAX_IN_FLIGHT_PER_CONNECTION", fallback.perConnection());
        if (perConnection > total) {
            throw new IllegalArgumentException("MONDAY_SINK_MAX_IN_FLIGHT_PER_CONNECTION (" + perConnection
                    + ") cannot exceed MONDAY_SINK_MAX_IN_FLIGHT (" + total + ")");
        }
        return new InFlightLimits(total, perConnection);
    }

    private static int positive(Map<String, String> env, String name, int fallback) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        int n;
        try {
            n = Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a positive integer, got '" + v + "'");
        }
        if (n < 1) {
            throw new IllegalArgumentException(name + " must be a positive integer, got " + n);
        }
        return n;
    }

    private static Duration millis(Map<String, String> env, String name, Duration fallback) {
        String v = env.get(name);
        return v == null || v.isBlank() ? fallback : Duration.ofMillis(Long.parseLong(v.trim()));
    }

    private static int intOf(Map<String, String> env, String name, int fallback) {
        String v = env.get(name);
        return v == null || v.isBlank() ? fallback : Integer.parseInt(v.trim());
    }
}

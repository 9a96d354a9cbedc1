package com.coeffection.sync.history;

import com.coeffection.sync.history.api.ApiTokens;
import com.coeffection.sync.topics.SyncTopics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * history-sink's settings (environment variable in brackets).
 *
 * @param bootstrapServers  [KAFKA_BOOTSTRAP_SERVERS]
 * @param registryUrl       [SCHEMA_REGISTRY_URL] Confluent Schema Registry API base URL
 * @param topics            topic names ([TOPIC_*], see {@link SyncTopics})
 * @param applicationId     [HISTORY_APPLICATION_ID] the Kafka Streams application id; every instance of one history
 *                          service shares it (default {@code <SYNC_GROUP_PREFIX>-history})
 * @param stateDir          where the history store lives (RocksDB); [SYNC_DATA_DIR]/history-streams
 * @param host              [HISTORY_HOST] the address the API listens on and tells the other instances (default
 *                          127.0.0.1)
 * @param port              [HISTORY_PORT] the API and page port (default 8095; 0 picks a free one)
 * @param retention         [HISTORY_RETENTION_DAYS] entries older than this are removed (default 30 days);
 *                          [HISTORY_RETENTION] takes an ISO-8601 duration (e.g. {@code PT10S}) instead
 * @param retentionCheck    [HISTORY_RETENTION_CHECK] how often old entries are looked for (default PT1H)
 * @param partitions        partitions of the internal by-record topic; 0 lets Kafka Streams use the inputs' count
 * @param tokens            [HISTORY_TENANT_TOKENS] {@code tenant=token,...} and [HISTORY_OPERATOR_TOKEN]
 */
public record HistoryConfig(String bootstrapServers, String registryUrl, SyncTopics topics, String applicationId,
                            Path stateDir, String host, int port, Duration retention, Duration retentionCheck,
                            int partitions, ApiTokens tokens) {

    public static final Duration DEFAULT_RETENTION = Duration.ofDays(30);

    /** Settings from the environment. */
    public static HistoryConfig fromEnv(Map<String, String> env) {
        String prefix = env.getOrDefault("SYNC_GROUP_PREFIX", "monday-sync");
        Duration retention = env.containsKey("HISTORY_RETENTION") ? Duration.parse(env.get("HISTORY_RETENTION"))
                : Duration.ofDays(Long.parseLong(env.getOrDefault("HISTORY_RETENTION_DAYS", "30").trim()));
        return new HistoryConfig(
                require(env, "KAFKA_BOOTSTRAP_SERVERS"),
                require(env, "SCHEMA_REGISTRY_URL"),
                SyncTopics.from(env),
                env.getOrDefault("HISTORY_APPLICATION_ID", prefix + "-history"),
                Path.of(env.getOrDefault("SYNC_DATA_DIR", ".local/data")).toAbsolutePath().resolve("history-streams"),
                env.getOrDefault("HISTORY_HOST", "127.0.0.1"),
                Integer.parseInt(env.getOrDefault("HISTORY_PORT", "8095").trim()),
                retention,
                Duration.parse(env.getOrDefault("HISTORY_RETENTION_CHECK", "PT1H")),
                0,
                ApiTokens.parse(env.get("HISTORY_TENANT_TOKENS"), env.get("HISTORY_OPERATOR_TOKEN")));
    }

    public HistoryConfig withPort(int newPort) {
        return new HistoryConfig(bootstrapServers, registryUrl, topics, applicationId, stateDir, host, newPort,
                retention, retentionCheck, partitions, tokens);
    }

    public HistoryConfig withStateDir(Path dir) {
        return new HistoryConfig(bootstrapServers, registryUrl, topics, applicationId, dir, host, port, retention,
                retentionCheck, partitions, tokens);
    }

    public HistoryConfig withRetention(Duration newRetention, Duration check) {
        return new HistoryConfig(bootstrapServers, registryUrl, topics, applicationId, stateDir, host, port,
                newRetention, check, partitions, tokens);
    }

    /** The topic replays are marked on (compacted, owned by this application): {@code <applicationId>-replays}. */
    public String replayMarksTopic() {
        return applicationId + "-replays";
    }

    /**
     * Kafka Streams settings: exactly-once v2, no record cache (the API shows an outcome as soon as it is merged),
     * and {@code application.server} so that every instance can find the one that owns a record.
     */
    public Properties streamsProperties(int advertisedPort) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
        props.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, host + ":" + advertisedPort);
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, -1);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 200);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        props.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
        return props;
    }

    /** A description without secrets, for the log. */
    @Override
    public String toString() {
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("applicationId", applicationId);
        shown.put("listen", host + ":" + port);
        shown.put("retention", retention);
        shown.put("tenantsWithTokens", tokens.tenants());
        shown.put("operatorToken", tokens.hasOperator() ? "set" : "unset");
        return "HistoryConfig" + shown;
    }

    private static String require(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must be set for history-sink");
        }
        return value.trim();
    }
}

package com.coeffection.sync.launcher;

import com.coeffection.sync.topics.SyncTopics;

import java.nio.file.Path;
import java.util.Map;

/**
 * Launcher configuration, from environment variables. When {@code KAFKA_BOOTSTRAP_SERVERS} or
 * {@code SCHEMA_REGISTRY_URL} is unset, the launcher starts a local broker or registry itself (the embedded default).
 *
 * @param bootstrapServers     KAFKA_BOOTSTRAP_SERVERS; null starts a local broker
 * @param schemaRegistryUrl    SCHEMA_REGISTRY_URL (Confluent Schema Registry REST API base); null starts a local one
 * @param dataDir              SYNC_DATA_DIR (default .local/data): local broker and registry data, stream state
 * @param partitions           SYNC_TOPIC_PARTITIONS (default 4): partitions of the topics the launcher creates
 * @param replicationFactor    SYNC_TOPIC_REPLICATION (default 1)
 * @param localKafkaPort       LOCAL_KAFKA_PORT (default 19092) for the local broker
 * @param localControllerPort  LOCAL_KAFKA_CONTROLLER_PORT (default 19093)
 * @param localRegistryPort    LOCAL_SCHEMA_REGISTRY_PORT (default 18081)
 * @param metricsHost          METRICS_HOST (default 127.0.0.1): interface of /metrics, /health and /ready; 0.0.0.0
 *                             lets other machines (a Prometheus elsewhere) read them
 * @param metricsPort          METRICS_PORT (default 9464): Prometheus /metrics, /health and /ready; 0 picks a free port
 * @param topics               topic names, TOPIC_* variables (see {@link SyncTopics})
 * @param groupPrefix          SYNC_GROUP_PREFIX (default monday-sync): prefix of every consumer group and Streams
 *                             application id of the pipeline; consumer lag is watched for these groups
 * @param schemaCompatibility  SCHEMA_COMPATIBILITY (default BACKWARD): the compatibility level set on the value subject of
 *                             every topic, so that the registry refuses a schema that would break the topic's readers
 * @param rebalanceGrace       HEALTH_REBALANCE_GRACE_SECONDS (default 10): how long the processor may rebalance and
 *                             still count as ready
 * @param rebalanceBound       HEALTH_REBALANCE_BOUND_SECONDS (default 300): how long it may rebalance before it counts
 *                             as stuck (liveness fails)
 */
public record LauncherConfig(String bootstrapServers, String schemaRegistryUrl, Path dataDir, int partitions,
                             short replicationFactor, int localKafkaPort, int localControllerPort,
                             int localRegistryPort, String metricsHost, int metricsPort, SyncTopics topics,
                             String groupPrefix, String schemaCompatibility, java.time.Duration rebalanceGrace, java.time.Duration rebalanceBound) {

    /** The interface the embedded default listens on unless told otherwise: this machine only. */
    public static final String LOCAL_HOST = "127.0.0.1";

    public static LauncherConfig fromEnvironment() {
        return from(System.getenv());
    }

    public static LauncherConfig from(Map<String, String> env) {
        return new LauncherConfig(
                blankToNull(env.get("KAFKA_BOOTSTRAP_SERVERS")),
                blankToNull(env.get("SCHEMA_REGISTRY_URL")),
                Path.of(env.getOrDefault("SYNC_DATA_DIR", ".local/data")).toAbsolutePath().normalize(),
                integer(env, "SYNC_TOPIC_PARTITIONS", 4),
                (short) integer(env, "SYNC_TOPIC_REPLICATION", 1),
                integer(env, "LOCAL_KAFKA_PORT", 19092),
                integer(env, "LOCAL_KAFKA_CONTROLLER_PORT", 19093),
                integer(env, "LOCAL_SCHEMA_REGISTRY_PORT", 18081),
                env.getOrDefault("METRICS_HOST", LOCAL_HOST),
                integer(env, "METRICS_PORT", 9464),
                SyncTopics.from(env),
                env.getOrDefault("SYNC_GROUP_PREFIX", "monday-sync"),
                env.getOrDefault("SCHEMA_COMPATIBILITY", "BACKWARD"),
                java.time.Duration.ofSeconds(integer(env, "HEALTH_REBALANCE_GRACE_SECONDS", 10)),
                java.time.Duration.ofSeconds(integer(env, "HEALTH_REBALANCE_BOUND_SECONDS", 300)));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static int integer(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, got '" + value + "'");
        }
    }
}

package com.coeffection.sync.ingress;

import com.coeffection.sync.topics.SyncTopics;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the webhook ingress needs to run. Built in code by the launcher, or from the environment with
 * {@link #fromEnvironment(Map)} (variable names in brackets below).
 *
 * @param host                     [INGRESS_HOST] interface to listen on; default {@code 0.0.0.0}
 * @param port                     [INGRESS_PORT] HTTP port; default 8090; 0 picks a free port
 * @param bootstrapServers         [KAFKA_BOOTSTRAP_SERVERS] Kafka brokers; required
 * @param schemaRegistryUrl        [SCHEMA_REGISTRY_URL] Confluent-compatible schema registry; required
 * @param topics                   [TOPIC_*] topic names, see {@link SyncTopics#from(Map)}
 * @param mondaySigningSecret      [MONDAY_SIGNING_SECRET] the monday app's signing secret; when set, every
 *                                 delivery must carry a valid HS256 JWT in {@code Authorization}; when empty,
 *                                 deliveries are accepted unsigned (webhooks created with a personal token)
 * @param coeffectionSecret        [COEFFECTION_WEBHOOK_SECRET] shared secret of Coeffection's outbound webhooks;
 *                                 when empty, the Coeffection route refuses every delivery with 401
 * @param maxBodyBytes             [INGRESS_MAX_BODY_BYTES] larger bodies get 413; default 1 MiB
 * @param kafkaWriteTimeout        [INGRESS_KAFKA_WRITE_TIMEOUT_MS] how long a delivery waits for Kafka to
 *                                 acknowledge its write before the answer is 503; default 10 s
 * @param dedupWindow              [INGRESS_DEDUP_WINDOW_MINUTES] how long a delivered triggerUuid is remembered;
 *                                 default 40 min (monday retries for 30 min); at least 35 min
 * @param dedupMaxEntries          [INGRESS_DEDUP_MAX_ENTRIES] upper bound of remembered deliveries; default 500,000
 * @param signatureTolerance       [COEFFECTION_SIGNATURE_TOLERANCE_SECONDS] how far a Coeffection signature
 *                                 timestamp may be from now; default 5 min
 * @param mappingCatchUpTimeout    how long {@link IngressServer#start()} waits for the board mappings to be read
 *                                 before answering webhooks; default 10 s
 */
public record IngressConfig(String host, int port, String bootstrapServers, String schemaRegistryUrl, SyncTopics topics,
                            Optional<String> mondaySigningSecret, Optional<String> coeffectionSecret, long maxBodyBytes,
                            Duration kafkaWriteTimeout, Duration dedupWindow, int dedupMaxEntries,
                            Duration signatureTolerance, Duration mappingCatchUpTimeout) {

    public static final int DEFAULT_PORT = 8090;
    public static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
    /** monday retries a failed delivery once a minute for 30 minutes; remember a little longer than that. */
    public static final Duration MIN_DEDUP_WINDOW = Duration.ofMinutes(35);

    public IngressConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(schemaRegistryUrl, "schemaRegistryUrl");
        Objects.requireNonNull(topics, "topics");
        mondaySigningSecret = mondaySigningSecret == null ? Optional.empty() : mondaySigningSecret.filter(s -> !s.isBlank());
        coeffectionSecret = coeffectionSecret == null ? Optional.empty() : coeffectionSecret.filter(s -> !s.isBlank());
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("INGRESS_PORT must be between 0 and 65535, not " + port);
        }
        if (maxBodyBytes < 1024) {
            throw new IllegalArgumentException("INGRESS_MAX_BODY_BYTES must be at least 1024, not " + maxBodyBytes);
        }
        if (kafkaWriteTimeout.toMillis() < 1000) {
            throw new IllegalArgumentException("The Kafka write timeout must be at least 1 s, not " + kafkaWriteTimeout);
        }
        if (dedupWindow.compareTo(MIN_DEDUP_WINDOW) < 0) {
            throw new IllegalArgumentException("The de-duplication window must cover monday's 30 minutes of retries: at least "
                    + MIN_DEDUP_WINDOW.toMinutes() + " min, not " + dedupWindow.toMinutes() + " min");
        }
        if (dedupMaxEntries < 1000) {
            throw new IllegalArgumentException("INGRESS_DEDUP_MAX_ENTRIES must be at least 1000, not " + dedupMaxEntries);
        }
    }

    /** A configuration with every default, for the given Kafka and registry. */
    public static IngressConfig defaults(String bootstrapServers, String schemaRegistryUrl) {
        return new IngressConfig("0.0.0.0", DEFAULT_PORT, bootstrapServers, schemaRegistryUrl, SyncTopics.defaults(),
                Optional.empty(), Optional.empty(), DEFAULT_MAX_BODY_BYTES, Duration.ofSeconds(10),
                Duration.ofMinutes(40), 500_000, Duration.ofMinutes(5), Duration.ofSeconds(10));
    }

    /** Reads the variables named in the class documentation; missing ones take their defaults. */
    public static IngressConfig fromEnvironment(Map<String, String> env) {
        String bootstrap = require(env, "KAFKA_BOOTSTRAP_SERVERS");
        String registry = require(env, "SCHEMA_REGISTRY_URL");
        IngressConfig d = defaults(bootstrap, registry);
        return new IngressConfig(
                env.getOrDefault("INGRESS_HOST", d.host),
                intOf(env, "INGRESS_PORT", d.port),
                bootstrap, registry, SyncTopics.from(env),
                Optional.ofNullable(env.get("MONDAY_SIGNING_SECRET")),
                Optional.ofNullable(env.get("COEFFECTION_WEBHOOK_SECRET")),
                longOf(env, "INGRESS_MAX_BODY_BYTES", d.maxBodyBytes),
                Duration.ofMillis(longOf(env, "INGRESS_KAFKA_WRITE_TIMEOUT_MS", d.kafkaWriteTimeout.toMillis())),
                Duration.ofMinutes(longOf(env, "INGRESS_DEDUP_WINDOW_MINUTES", d.dedupWindow.toMinutes())),
                intOf(env, "INGRESS_DEDUP_MAX_ENTRIES", d.dedupMaxEntries),
                Duration.ofSeconds(longOf(env, "COEFFECTION_SIGNATURE_TOLERANCE_SECONDS", d.signatureTolerance.toSeconds())),
                d.mappingCatchUpTimeout);
    }

    public IngressConfig withPort(int newPort) {
        return new IngressConfig(host, newPort, bootstrapServers, schemaRegistryUrl, topics, mondaySigningSecret,
                coeffectionSecret, maxBodyBytes, kafkaWriteTimeout, dedupWindow, dedupMaxEntries, signatureTolerance,
                mappingCatchUpTimeout);
    }

    public IngressConfig withHost(String newHost) {
        return new IngressConfig(newHost, port, bootstrapServers, schemaRegistryUrl, topics, mondaySigningSecret,
                coeffectionSecret, maxBodyBytes, kafkaWriteTimeout, dedupWindow, dedupMaxEntries, signatureTolerance,
                mappingCatchUpTimeout);
    }

    public IngressConfig withTopics(SyncTopics newTopics) {
        return new IngressConfig(host, port, bootstrapServers, schemaRegistryUrl, newTopics, mondaySigningSecret,
                coeffectionSecret, maxBodyBytes, kafkaWriteTimeout, dedupWindow, dedupMaxEntries, signatureTolerance,
                mappingCatchUpTimeout);
    }

    public IngressConfig withSecrets(String mondaySecret, String coeffectionWebhookSecret) {
        return new IngressConfig(host, port, bootstrapServers, schemaRegistryUrl, topics,
                Optional.ofNullable(mondaySecret), Optional.ofNullable(coeffectionWebhookSecret), maxBodyBytes,
                kafkaWriteTimeout, dedupWindow, dedupMaxEntries, signatureTolerance, mappingCatchUpTimeout);
    }

    public IngressConfig withMaxBodyBytes(long newMax) {
        return new IngressConfig(host, port, bootstrapServers, schemaRegistryUrl, topics, mondaySigningSecret,
                coeffectionSecret, newMax, kafkaWriteTimeout, dedupWindow, dedupMaxEntries, signatureTolerance,
                mappingCatchUpTimeout);
    }

    public IngressConfig withKafkaWriteTimeout(Duration timeout) {
        return new IngressConfig(host, port, bootstrapServers, schemaRegistryUrl, topics, mondaySigningSecret,
                coeffectionSecret, maxBodyBytes, timeout, dedupWindow, dedupMaxEntries, signatureTolerance,
                mappingCatchUpTimeout);
    }

    /** Secrets are never printed. */
    @Override
    public String toString() {
        return "IngressConfig[host=" + host + ", port=" + port + ", bootstrapServers=" + bootstrapServers
                + ", schemaRegistryUrl=" + schemaRegistryUrl + ", topics=" + topics
                + ", mondaySigningSecret=" + (mondaySigningSecret.isPresent() ? "(set)" : "(not set)")
                + ", coeffectionSecret=" + (coeffectionSecret.isPresent() ? "(set)" : "(not set)")
                + ", maxBodyBytes=" + maxBodyBytes + ", kafkaWriteTimeout=" + kafkaWriteTimeout
                + ", dedupWindow=" + dedupWindow + ", dedupMaxEntries=" + dedupMaxEntries
                + ", signatureTolerance=" + signatureTolerance + "]";
    }

    private static String require(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is not set; the ingress needs it to start");
        }
        return value;
    }

    private static int intOf(Map<String, String> env, String name, int fallback) {
        return (int) longOf(env, name, fallback);
    }

    private static long longOf(Map<String, String> env, String name, long fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, not '" + value + "'", e);
        }
    }
}

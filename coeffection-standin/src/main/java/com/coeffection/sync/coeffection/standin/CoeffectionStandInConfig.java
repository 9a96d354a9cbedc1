package com.coeffection.sync.coeffection.standin;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Settings of the Coeffection stand-in (environment variable in brackets).
 *
 * @param host            [COEFFECTION_STANDIN_HOST] interface to listen on, 127.0.0.1 by default
 * @param port            [COEFFECTION_STANDIN_PORT] port; 0 picks a free one
 * @param tenantId        [COEFFECTION_STANDIN_TENANT] the tenant the API key belongs to ({@code demo})
 * @param apiKey          [COEFFECTION_API_KEY] the key clients must send as a Bearer token
 * @param plan            [COEFFECTION_STANDIN_PLAN] starter, professional or enterprise: the key's rate limits
 * @param webhookUrl      [COEFFECTION_STANDIN_WEBHOOK_URL] where the tenant's webhooks go (e.g. the ingress's
 *                        {@code /webhooks/coeffection/demo}); none: no subscription at start
 * @param webhookSecret   [COEFFECTION_WEBHOOK_SECRET] signs the webhooks
 * @param demo            [COEFFECTION_STANDIN_DEMO] contacts,leads,opportunities of demo data to load (e.g.
 *                        {@code 150,100,80}; {@code 0,0,0} for none)
 * @param webhookThreads  [COEFFECTION_STANDIN_WEBHOOK_THREADS] webhook delivery lanes
 * @param webhookAttempts [COEFFECTION_STANDIN_WEBHOOK_ATTEMPTS] attempts per webhook before it is given up
 * @param bootstrapServers [KAFKA_BOOTSTRAP_SERVERS] Kafka, for the record updates it applies; none: it applies none
 * @param schemaRegistryUrl [SCHEMA_REGISTRY_URL] the registry of those updates
 * @param recordUpdatesTopic [TOPIC_RECORD_UPDATES] their topic
 */
public record CoeffectionStandInConfig(String host, int port, String tenantId, String apiKey, Plan plan,
                                       Optional<String> webhookUrl, Optional<String> webhookSecret,
                                       DemoData.Size demo, int webhookThreads, int webhookAttempts,
                                       Duration webhookFirstRetry, Optional<String> bootstrapServers,
                                       Optional<String> schemaRegistryUrl, String recordUpdatesTopic,
                                       String consumerGroup) {

    public static CoeffectionStandInConfig defaults() {
        return new CoeffectionStandInConfig("127.0.0.1", 0, "demo", "ck_test_standin", Plan.PROFESSIONAL,
                Optional.empty(), Optional.empty(), DemoData.Size.DEFAULT, 8, 8, Duration.ofMillis(250),
                Optional.empty(), Optional.empty(), "coeffection.record-updates", "coeffection-standin");
    }

    public static CoeffectionStandInConfig fromEnv(Map<String, String> env) {
        CoeffectionStandInConfig d = defaults();
        return new CoeffectionStandInConfig(
                env.getOrDefault("COEFFECTION_STANDIN_HOST", d.host),
                Integer.parseInt(env.getOrDefault("COEFFECTION_STANDIN_PORT", Integer.toString(d.port))),
                env.getOrDefault("COEFFECTION_STANDIN_TENANT", d.tenantId),
                env.getOrDefault("COEFFECTION_API_KEY", d.apiKey),
                env.containsKey("COEFFECTION_STANDIN_PLAN") ? Plan.parse(env.get("COEFFECTION_STANDIN_PLAN")) : d.plan,
                Optional.ofNullable(env.get("COEFFECTION_STANDIN_WEBHOOK_URL")),
                Optional.ofNullable(env.get("COEFFECTION_WEBHOOK_SECRET")),
                env.containsKey("COEFFECTION_STANDIN_DEMO") ? size(env.get("COEFFECTION_STANDIN_DEMO")) : d.demo,
                Integer.parseInt(env.getOrDefault("COEFFECTION_STANDIN_WEBHOOK_THREADS", Integer.toString(d.webhookThreads))),
                Integer.parseInt(env.getOrDefault("COEFFECTION_STANDIN_WEBHOOK_ATTEMPTS", Integer.toString(d.webhookAttempts))),
                d.webhookFirstRetry,
                Optional.ofNullable(env.get("KAFKA_BOOTSTRAP_SERVERS")),
                Optional.ofNullable(env.get("SCHEMA_REGISTRY_URL")),
                env.getOrDefault("TOPIC_RECORD_UPDATES", d.recordUpdatesTopic),
                env.getOrDefault("COEFFECTION_STANDIN_GROUP_ID", d.consumerGroup));
    }

    static DemoData.Size size(String text) {
        List<String> parts = List.of(text.split(","));
        if (parts.size() != 3) {
            throw new IllegalArgumentException("COEFFECTION_STANDIN_DEMO must be contacts,leads,opportunities (e.g. 150,100,80), not '" + text + "'");
        }
        return new DemoData.Size(Integer.parseInt(parts.get(0).trim()), Integer.parseInt(parts.get(1).trim()),
                Integer.parseInt(parts.get(2).trim()));
    }

    public CoeffectionStandInConfig withPort(int port) {
        return new CoeffectionStandInConfig(host, port, tenantId, apiKey, plan, webhookUrl, webhookSecret, demo,
                webhookThreads, webhookAttempts, webhookFirstRetry, bootstrapServers, schemaRegistryUrl,
                recordUpdatesTopic, consumerGroup);
    }

    public CoeffectionStandInConfig withPlan(Plan plan) {
        return new CoeffectionStandInConfig(host, port, tenantId, apiKey, plan, webhookUrl, webhookSecret, demo,
                webhookThreads, webhookAttempts, webhookFirstRetry, bootstrapServers, schemaRegistryUrl,
                recordUpdatesTopic, consumerGroup);
    }

    public CoeffectionStandInConfig withDemo(DemoData.Size demo) {
        return new CoeffectionStandInConfig(host, port, tenantId, apiKey, plan, webhookUrl, webhookSecret, demo,
                webhookThreads, webhookAttempts, webhookFirstRetry, bootstrapServers, schemaRegistryUrl,
                recordUpdatesTopic, consumerGroup);
    }

    public CoeffectionStandInConfig withWebhook(String url, String secret) {
        return new CoeffectionStandInConfig(host, port, tenantId, apiKey, plan, Optional.of(url),
                Optional.ofNullable(secret), demo, webhookThreads, webhookAttempts, webhookFirstRetry,
                bootstrapServers, schemaRegistryUrl, recordUpdatesTopic, consumerGroup);
    }

    public CoeffectionStandInConfig withKafka(String bootstrapServers, String schemaRegistryUrl, String recordUpdatesTopic) {
        return new CoeffectionStandInConfig(host, port, tenantId, apiKey, plan, webhookUrl, webhookSecret, demo,
                webhookThreads, webhookAttempts, webhookFirstRetry, Optional.of(bootstrapServers),
                Optional.of(schemaRegistryUrl), recordUpdatesTopic, consumerGroup);
    }

    @Override
    public String toString() {
        return "CoeffectionStandInConfig[" + host + ":" + port + ", tenant=" + tenantId + ", plan=" + plan
                + ", webhook=" + webhookUrl.orElse("none") + (webhookSecret.isPresent() ? " (signed)" : " (unsigned)")
                + ", demo=" + demo + ", kafka=" + bootstrapServers.orElse("none") + "]";
    }
}

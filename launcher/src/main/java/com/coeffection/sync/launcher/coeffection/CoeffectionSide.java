package com.coeffection.sync.launcher.coeffection;

import com.coeffection.sync.coeffection.standin.CoeffectionStandIn;
import com.coeffection.sync.coeffection.standin.CoeffectionStandInConfig;

import java.net.URI;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * The Coeffection the pipeline talks to: the one at {@code COEFFECTION_API_URL} with {@code COEFFECTION_API_KEY},
 * or, when no URL is configured, the Coeffection stand-in on {@code LOCAL_COEFFECTION_PORT} (default 18280) with its
 * demo data, its webhooks going to the ingress, applying the pipeline's record updates.
 */
public final class CoeffectionSide implements AutoCloseable {
    private final URI apiUrl;
    private final String apiKey;
    private final CoeffectionStandIn standIn;

    private CoeffectionSide(URI apiUrl, String apiKey, CoeffectionStandIn standIn) {
        this.apiUrl = apiUrl;
        this.apiKey = apiKey;
        this.standIn = standIn;
    }

    /** Whether the environment names a real Coeffection. */
    public static boolean configured(Map<String, String> env) {
        String url = env.get("COEFFECTION_API_URL");
        return url != null && !url.isBlank();
    }

    /**
     * The webhook secret of the embedded default when none is configured: generated for this run, shared by the
     * stand-in (which signs) and the ingress (which verifies).
     */
    public static String generatedSecret() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return "whsec_" + HexFormat.of().formatHex(bytes);
    }

    /**
     * @param env        the effective environment (Kafka, registry, COEFFECTION_WEBHOOK_SECRET filled in)
     * @param webhookUrl the ingress route the stand-in's webhooks go to
     */
    public static CoeffectionSide start(Map<String, String> env, String webhookUrl) {
        if (configured(env)) {
            String key = env.get("COEFFECTION_API_KEY");
            if (key == null || key.isBlank()) {
                throw new IllegalArgumentException("COEFFECTION_API_URL is set but COEFFECTION_API_KEY is not: "
                        + "create an API key under Settings → API Keys in Coeffection");
            }
            return new CoeffectionSide(URI.create(env.get("COEFFECTION_API_URL")), key, null);
        }
        CoeffectionStandInConfig config = CoeffectionStandInConfig.fromEnv(env);
        if (!env.containsKey("COEFFECTION_STANDIN_PORT")) {
            config = config.withPort(Integer.parseInt(env.getOrDefault("LOCAL_COEFFECTION_PORT", "18280")));
        }
        config = config.withWebhook(webhookUrl + "/webhooks/coeffection/" + config.tenantId(),
                env.get("COEFFECTION_WEBHOOK_SECRET"));
        CoeffectionStandIn standIn = new CoeffectionStandIn(config).start();
        return new CoeffectionSide(standIn.apiUrl(), standIn.apiKey(), standIn);
    }

    public URI apiUrl() {
        return apiUrl;
    }

    public String apiKey() {
        return apiKey;
    }

    public Optional<CoeffectionStandIn> standIn() {
        return Optional.ofNullable(standIn);
    }

    @Override
    public void close() {
        if (standIn != null) {
            standIn.close();
        }
    }
}

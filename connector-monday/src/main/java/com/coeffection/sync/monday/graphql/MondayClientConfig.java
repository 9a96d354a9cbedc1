package com.coeffection.sync.monday.graphql;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How the client reaches monday. Every setting has an environment variable (see docs/monday-connector.md).
 *
 * @param endpoint          monday's GraphQL endpoint ({@code MONDAY_API_URL}, default {@value #DEFAULT_ENDPOINT})
 * @param token             the API token sent as {@code Authorization} ({@code MONDAY_API_TOKEN})
 * @param apiVersion        the pinned {@code API-Version} header ({@code MONDAY_API_VERSION}, default 2026-10)
 * @param callTimeout       the whole-call timeout of one request ({@code MONDAY_CALL_TIMEOUT_MS}, default 60 s)
 * @param maxAttempts       how often a request failing as a whole with a retryable error is sent ({@code MONDAY_MAX_ATTEMPTS}, default 3)
 * @param maxRetryDelay     a retry that would wait longer than this is handed back to the caller instead ({@code MONDAY_MAX_RETRY_DELAY_MS}, default 60 s)
 * @param defaultRetryDelay the delay for a retryable error that names none ({@code MONDAY_DEFAULT_RETRY_DELAY_MS}, default 10 s)
 * @param assumedBudget     complexity points per minute assumed until monday reports its budget ({@code MONDAY_ASSUMED_BUDGET}, default 10,000,000)
 * @param maxBudgetWait     how long a request waits for the budget before the caller is told to retry later ({@code MONDAY_MAX_BUDGET_WAIT_MS}, default 65 s)
 */
public record MondayClientConfig(URI endpoint, String token, String apiVersion, Duration callTimeout, int maxAttempts,
                                 Duration maxRetryDelay, Duration defaultRetryDelay, long assumedBudget,
                                 Duration maxBudgetWait) {
    public static final String DEFAULT_ENDPOINT = "https://api.monday.com/v2";
    public static final String API_VERSION = "2026-10";

    public MondayClientConfig {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(token, "token");
        if (token.isBlank()) {
            throw new IllegalArgumentException("a monday API token is required (MONDAY_API_TOKEN)");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
    }

    /** Defaults for everything but the endpoint and the token. */
    public static MondayClientConfig of(URI endpoint, String token) {
        return new MondayClientConfig(endpoint, token, API_VERSION, Duration.ofSeconds(60), 3, Duration.ofSeconds(60),
                Duration.ofSeconds(10), 10_000_000L, Duration.ofSeconds(65));
    }

    /** Reads the configuration from environment variables ({@code System.getenv()} in production). */
    public static MondayClientConfig fromEnv(Map<String, String> env) {
        MondayClientConfig d = of(URI.create(env.getOrDefault("MONDAY_API_URL", DEFAULT_ENDPOINT)),
                Objects.requireNonNullElse(env.get("MONDAY_API_TOKEN"), ""));
        return new MondayClientConfig(d.endpoint(), d.token(), env.getOrDefault("MONDAY_API_VERSION", API_VERSION),
                millis(env, "MONDAY_CALL_TIMEOUT_MS", d.callTimeout()),
                Integer.parseInt(env.getOrDefault("MONDAY_MAX_ATTEMPTS", Integer.toString(d.maxAttempts()))),
                millis(env, "MONDAY_MAX_RETRY_DELAY_MS", d.maxRetryDelay()),
                millis(env, "MONDAY_DEFAULT_RETRY_DELAY_MS", d.defaultRetryDelay()),
                Long.parseLong(env.getOrDefault("MONDAY_ASSUMED_BUDGET", Long.toString(d.assumedBudget()))),
                millis(env, "MONDAY_MAX_BUDGET_WAIT_MS", d.maxBudgetWait()));
    }

    public MondayClientConfig withMaxAttempts(int attempts) {
        return new MondayClientConfig(endpoint, token, apiVersion, callTimeout, attempts, maxRetryDelay, defaultRetryDelay,
                assumedBudget, maxBudgetWait);
    }

    public MondayClientConfig withCallTimeout(Duration timeout) {
        return new MondayClientConfig(endpoint, token, apiVersion, timeout, maxAttempts, maxRetryDelay, defaultRetryDelay,
                assumedBudget, maxBudgetWait);
    }

    public MondayClientConfig withRetryDelays(Duration defaultDelay, Duration maxDelay) {
        return new MondayClientConfig(endpoint, token, apiVersion, callTimeout, maxAttempts, maxDelay, defaultDelay,
                assumedBudget, maxBudgetWait);
    }

    public MondayClientConfig withAssumedBudget(long points) {
        return new MondayClientConfig(endpoint, token, apiVersion, callTimeout, maxAttempts, maxRetryDelay, defaultRetryDelay,
                points, maxBudgetWait);
    }

    private static Duration millis(Map<String, String> env, String name, Duration fallback) {
        String v = env.get(name);
        return v == null || v.isBlank() ? fallback : Duration.ofMillis(Long.parseLong(v.trim()));
    }
}

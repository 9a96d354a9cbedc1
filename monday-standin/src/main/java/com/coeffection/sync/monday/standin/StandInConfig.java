package com.coeffection.sync.monday.standin;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How the monday stand-in behaves. {@link #defaults()} is monday's own figures; tests shrink the budget window and
 * the webhook retry interval so that limits and retries show within seconds.
 *
 * @param port                   HTTP port, 0 for a free one
 * @param token                  the integration's API token (its user is {@code integrationUser})
 * @param integrationUser        the user the token belongs to: changes through the API carry this user id in webhooks
 * @param accountId              the monday account id (in JWT claims and responses)
 * @param users                  the account's other users (for people columns, users-by-email and "as a person" edits)
 * @param budgetPerWindow        complexity points per budget window (monday: 10,000,000 a minute for a personal token)
 * @param budgetWindow           the budget window (monday: one minute)
 * @param maxQueryComplexity     the most one query may cost (monday: 5,000,000)
 * @param dailyCallLimit         calls per UTC day (monday Pro: 10,000)
 * @param maxConcurrentMutations mutation requests in flight at once before 429 {@code maxConcurrencyExceeded}
 * @param signingSecret          when set, webhook deliveries carry a JWT signed (HS256) with it, as app webhooks do
 * @param webhookRetryInterval   how long after a non-200 answer a delivery is retried (monday: one minute)
 * @param webhookRetryFor        how long deliveries are retried (monday: 30 minutes)
 * @param costs                  complexity points per top-level field; fields not listed cost {@code defaultReadCost}
 * @param defaultReadCost        base cost of a read field (plus {@code costPerItem} for every item a page asks for)
 * @param costPerItem            cost per item of a requested page size
 */
public record StandInConfig(int port, String token, User integrationUser, long accountId, List<User> users,
                            long budgetPerWindow, Duration budgetWindow, long maxQueryComplexity, long dailyCallLimit,
                            int maxConcurrentMutations, String signingSecret, Duration webhookRetryInterval,
                            Duration webhookRetryFor, Map<String, Long> costs, long defaultReadCost, long costPerItem) {

    /** A monday user of the stand-in's account. */
    public record User(long id, String name, String email) {
    }

    public StandInConfig {
        users = List.copyOf(users);
        costs = Map.copyOf(costs);
    }

    /** monday's published limits, a personal token, no signing secret, a free port. */
    public static StandInConfig defaults() {
        return new StandInConfig(0, "standin-token", new User(60_000_001L, "Sync Integration", "integration@coeffection.example"),
                7_700_001L,
                List.of(new User(60_000_002L, "Ana Admin", "ana@customer.example"),
                        new User(60_000_003L, "Ben Seller", "ben@customer.example")),
                10_000_000L, Duration.ofMinutes(1), 5_000_000L, 10_000L, 40, null,
                Duration.ofMinutes(1), Duration.ofMinutes(30),
                Map.ofEntries(Map.entry("create_board", 30_000L), Map.entry("create_column", 10_000L),
                        Map.entry("create_group", 10_000L), Map.entry("create_item", 10_000L),
                        Map.entry("change_multiple_column_values", 10_000L), Map.entry("change_column_value", 10_000L),
                        Map.entry("change_simple_column_value", 10_000L), Map.entry("move_item_to_group", 10_000L),
                        Map.entry("archive_item", 10_000L), Map.entry("delete_item", 10_000L),
                        Map.entry("create_webhook", 10_000L), Map.entry("delete_webhook", 10_000L),
                        Map.entry("complexity", 0L), Map.entry("me", 100L), Map.entry("users", 1_000L),
                        Map.entry("webhooks", 1_000L)),
                1_000L, 100L);
    }

    public StandInConfig withPort(int port) {
        return new StandInConfig(port, token, integrationUser, accountId, users, budgetPerWindow, budgetWindow,
                maxQueryComplexity, dailyCallLimit, maxConcurrentMutations, signingSecret, webhookRetryInterval,
                webhookRetryFor, costs, defaultReadCost, costPerItem);
    }

    public StandInConfig withToken(String token) {
        return new StandInConfig(port, token, integrationUser, accountId, users, budgetPerWindow, budgetWindow,
                maxQueryComplexity, dailyCallLimit, maxConcurrentMutations, signingSecret, webhookRetryInterval,
                webhookRetryFor, costs, defaultReadCost, costPerItem);
    }

    /** A smaller budget and a shorter window (tests of rate control). */
    public StandInConfig withBudget(long points, Duration window) {
        return new StandInConfig(port, token, integrationUser, accountId, users, points, window,
                maxQueryComplexity, dailyCallLimit, maxConcurrentMutations, signingSecret, webhookRetryInterval,
                webhookRetryFor, costs, defaultReadCost, costPerItem);
    }

    public StandInConfig withDailyCallLimit(long calls) {
        return new StandInConfig(port, token, integrationUser, accountId, users, budgetPerWindow, budgetWindow,
                maxQueryComplexity, calls, maxConcurrentMutations, signingSecret, webhookRetryInterval,
                webhookRetryFor, costs, defaultReadCost, costPerItem);
    }

    public StandInConfig withMaxConcurrentMutations(int max) {
        return new StandInConfig(port, token, integrationUser, accountId, users, budgetPerWindow, budgetWindow,
                maxQueryComplexity, dailyCallLimit, max, signingSecret, webhookRetryInterval,
                webhookRetryFor, costs, defaultReadCost, costPerItem);
    }

    /** Webhook deliveries are signed (HS256) with this secret, as a Developer Center app's are. */
    public StandInConfig withSigningSecret(String secret) {
        return new StandInConfig(port, token, integrationUser, accountId, users, budgetPerWindow, budgetWindow,
                maxQueryComplexity, dailyCallLimit, maxConcurrentMutations, secret, webhookRetryInterval,
                webhookRetryFor, costs, defaultReadCost, costPerItem);
    }

    public StandInConfig withWebhookRetries(Duration interval, Duration retryFor) {
        return new StandInConfig(port, token, integrationUser, accountId, users, budgetPerWindow, budgetWindow,
                maxQueryComplexity, dailyCallLimit, maxConcurrentMutations, signingSecret, interval,
                retryFor, costs, defaultReadCost, costPerItem);
    }

    public StandInConfig withUsers(List<User> users) {
        return new StandInConfig(port, token, integrationUser, accountId, users, budgetPerWindow, budgetWindow,
                maxQueryComplexity, dailyCallLimit, maxConcurrentMutations, signingSecret, webhookRetryInterval,
                webhookRetryFor, costs, defaultReadCost, costPerItem);
    }

    /** Reads overrides from environment variables (the standalone main); see docs/monday-connector.md. */
    public static StandInConfig fromEnv(Map<String, String> env) {
        StandInConfig c = defaults();
        if (env.containsKey("STANDIN_PORT")) {
            c = c.withPort(Integer.parseInt(env.get("STANDIN_PORT")));
        }
        if (env.containsKey("STANDIN_TOKEN")) {
            c = c.withToken(env.get("STANDIN_TOKEN"));
        }
        if (env.containsKey("STANDIN_BUDGET") || env.containsKey("STANDIN_BUDGET_WINDOW_MS")) {
            c = c.withBudget(Long.parseLong(env.getOrDefault("STANDIN_BUDGET", Long.toString(c.budgetPerWindow()))),
                    Duration.ofMillis(Long.parseLong(env.getOrDefault("STANDIN_BUDGET_WINDOW_MS",
                            Long.toString(c.budgetWindow().toMillis())))));
        }
        if (env.containsKey("STANDIN_DAILY_LIMIT")) {
            c = c.withDailyCallLimit(Long.parseLong(env.get("STANDIN_DAILY_LIMIT")));
        }
        if (env.containsKey("MONDAY_SIGNING_SECRET")) {
            c = c.withSigningSecret(env.get("MONDAY_SIGNING_SECRET"));
        }
        if (env.containsKey("STANDIN_WEBHOOK_RETRY_MS")) {
            c = c.withWebhookRetries(Duration.ofMillis(Long.parseLong(env.get("STANDIN_WEBHOOK_RETRY_MS"))), c.webhookRetryFor());
        }
        if (env.containsKey("STANDIN_WEBHOOK_RETRY_FOR_MS")) {
            // how long a delivery is retried before it is given up (monday: 30 minutes)
            c = c.withWebhookRetries(c.webhookRetryInterval(),
                    Duration.ofMillis(Long.parseLong(env.get("STANDIN_WEBHOOK_RETRY_FOR_MS"))));
        }
        return c;
    }
}

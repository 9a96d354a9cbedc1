package com.coeffection.sync.monday.sink;

import com.coeffection.sync.monday.tokens.TokenProvider;

import com.coeffection.sync.monday.graphql.MondayClient;
import com.coeffection.sync.monday.graphql.MondayClientConfig;
import com.coeffection.sync.monday.sink.retry.ConnectionState;
import com.coeffection.sync.monday.users.MondayUserDirectory;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * One monday client per API token (monday's budget belongs to the token), and the state of each connection. The
 * token of a tenant is asked from the {@link TokenProvider} every time, so a new token is used at once; the
 * connection of a refused token stays paused, and the tenant resumes on the new token without a restart.
 */
final class MondayConnections implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MondayConnections.class);
    private static final Duration PEOPLE_CACHE = Duration.ofMinutes(10);

    private final URI endpoint;
    private final TokenProvider tokens;
    private final Duration callTimeout;
    private final Clock clock;
    private final MeterRegistry metrics;
    private final Map<String, Connection> byToken = new HashMap<>();
    private final Map<String, Connection> byTenant = new HashMap<>();

    /** A connection: its client (null when the tenant has no token) and whether it may send now. */
    static final class Connection {
        private final String token;
        private final MondayClient client;
        private final MondayUserDirectory people;
        private ConnectionState state;

        Connection(String token, MondayClient client, ConnectionState state) {
            this.token = token;
            this.client = client;
            this.state = state;
            this.people = client == null ? null : new MondayUserDirectory(client, PEOPLE_CACHE, Clock.systemUTC());
        }

        /** The account's users by email, cached (misses too) for ten minutes. */
        MondayUserDirectory people() {
            return people;
        }

        String token() {
            return token;
        }

        MondayClient client() {
            return client;
        }

        ConnectionState state() {
            return state;
        }

        void state(ConnectionState state) {
            this.state = state;
        }

        boolean allowsSendingAt(Instant now) {
            return client != null && state.allowsSendingAt(now);
        }
    }

    /**
     * Connections whose clients count their requests, errors and budget into {@code metrics} (the sink's registry,
     * scraped on /metrics), each under the tag {@code connection=<label>}, a label that does not reveal the token.
     */
    MondayConnections(URI endpoint, TokenProvider tokens, Duration callTimeout, Clock clock, MeterRegistry metrics) {
        this.endpoint = endpoint;
        this.tokens = tokens;
        this.callTimeout = callTimeout;
        this.clock = clock;
        this.metrics = metrics;
    }

    MondayConnections(URI endpoint, TokenProvider tokens, Duration callTimeout, Clock clock) {
        this(endpoint, tokens, callTimeout, clock, new SimpleMeterRegistry());
    }

    /** The tag value of a token's connection: the first 12 hex digits of its SHA-256, never the token itself. */
    static String label(String token) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return "token-" + HexFormat.of().formatHex(hash, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** The tenant's connection for its current token (asks the token provider again). */
    Connection forTenant(String tenantId) {
        String token;
        try {
            token = tokens.tokenFor(tenantId);
        } catch (RuntimeException e) {
            LOG.warn("tenant {}: the monday token could not be read: {}", tenantId, e.getMessage());
            token = null;
        }
        Connection previous = byTenant.get(tenantId);
        if (token == null || token.isBlank()) {
            Connection none = new Connection(null, null, new ConnectionState.Revoked(null, clock.instant(), "NO_TOKEN",
                    "no monday API token is configured for tenant " + tenantId, null));
            byTenant.put(tenantId, none);
            return none;
        }
        Connection connection = byToken.computeIfAbsent(token, this::open);
        if (previous != null && previous != connection) {
            LOG.info("tenant {}: a new monday token is configured; the connection resumes with it", tenantId);
            retireIfUnused(previous, tenantId);
        }
        byTenant.put(tenantId, connection);
        return connection;
    }

    /** The tenant's connection as last seen, without asking the token provider (null before the first request). */
    Connection lastKnown(String tenantId) {
        return byTenant.get(tenantId);
    }

    private Connection open(String token) {
        MondayClientConfig base = MondayClientConfig.of(endpoint, token);
        // one attempt per request: the sink retries by itself, with pauses, so the poll loop never blocks long
        MondayClientConfig config = new MondayClientConfig(endpoint, token, base.apiVersion(), callTimeout, 1,
                Duration.ZERO, Duration.ofSeconds(1), base.assumedBudget(), Duration.ofSeconds(2));
        return new Connection(token, new MondayClient(config, metrics, clock, MondayClient.Sleeper.REAL, label(token)),
                new ConnectionState.Ready());
    }

    private void retireIfUnused(Connection old, String tenantId) {
        if (old.token() == null) {
            return;
        }
        boolean used = byTenant.entrySet().stream()
                .anyMatch(e -> !e.getKey().equals(tenantId) && e.getValue() == old);
        if (!used) {
            byToken.remove(old.token());
            retire(old);
        }
    }

    /** Closes a connection's client and removes its meters (a replaced token's gauges would stay at their last value). */
    private void retire(Connection connection) {
        connection.client().close();
        String label = label(connection.token());
        List<Meter> meters = metrics.getMeters().stream().filter(m -> label.equals(m.getId().getTag("connection"))).toList();
        meters.forEach(metrics::remove);
    }

    @Override
    public void close() {
        byToken.values().forEach(this::retire);
        byToken.clear();
        byTenant.clear();
    }
}

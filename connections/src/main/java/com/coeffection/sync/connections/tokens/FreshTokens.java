package com.coeffection.sync.connections.tokens;

import com.coeffection.sync.connections.oauth.MondayOAuthClient;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A connected tenant's token, renewed before it expires. monday's OAuth 2.1 tokens expire; each comes with a refresh
 * token that renews it once. Whoever needs the token (the sink before every request, the status page) asks here:
 * a token within its last fifth of life (at most the last minute) is renewed first, one renewal per tenant at a
 * time. monday refusing the refresh token (the grant was revoked) marks the connection "reconnect needed"; monday
 * unreachable leaves the current token in use and tries again after {@link #RETRY_AFTER}.
 */
public final class FreshTokens {
    private static final Logger LOG = LoggerFactory.getLogger(FreshTokens.class);
    static final Duration MAX_MARGIN = Duration.ofMinutes(1);
    static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    /** Renews a token with its refresh token (monday's token endpoint). */
    @FunctionalInterface
    public interface Renewal {
        MondayOAuthClient.IssuedToken refresh(String refreshToken);
    }

    private final ConnectionStore store;
    private final Renewal renewal;
    private final Clock clock;
    private final MeterRegistry metrics;
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    private final Map<String, Instant> retryAfter = new ConcurrentHashMap<>();

    /** @param renewal null when no OAuth app is configured: tokens are used as stored until monday refuses them */
    public FreshTokens(ConnectionStore store, Renewal renewal, Clock clock, MeterRegistry metrics) {
        this.store = store;
        this.renewal = renewal;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** The tenant's token, renewed first when it is about to expire; null when it has none. */
    public String token(String tenant) {
        String token = store.token(tenant);
        if (token == null || !due(tenant)) {
            return token;
        }
        synchronized (locks.computeIfAbsent(tenant, t -> new Object())) {
            token = store.token(tenant);
            if (token == null || !due(tenant)) {
                return token;
            }
            Instant wait = retryAfter.get(tenant);
            if (wait != null && clock.instant().isBefore(wait)) {
                return token;
            }
            String refreshToken = store.refreshToken(tenant);
            if (refreshToken == null) {
                return token;
            }
            try {
                MondayOAuthClient.IssuedToken renewed = renewal.refresh(refreshToken);
                store.renewed(tenant, token, renewed.accessToken(), renewed.refreshToken(), renewed.lifetimeSeconds());
                retryAfter.remove(tenant);
                metrics.counter("sync.connections.token.renewals", "outcome", "renewed").increment();
                LOG.info("tenant {}: monday token renewed ({}s)", tenant, renewed.lifetimeSeconds());
                return renewed.accessToken();
            } catch (MondayOAuthClient.RefreshFailed e) {
                if (e.permanent()) {
                    metrics.counter("sync.connections.token.renewals", "outcome", "refused").increment();
                    store.reconnectNeeded(tenant, token, e.getMessage());
                } else {
                    metrics.counter("sync.connections.token.renewals", "outcome", "failed").increment();
                    retryAfter.put(tenant, clock.instant().plus(RETRY_AFTER));
                    LOG.warn("tenant {}: the monday token could not be renewed, trying again in {}: {}", tenant,
                            RETRY_AFTER, e.getMessage());
                }
                return token;
            }
        }
    }

    /** Whether the tenant's connected token is in its last fifth of life (at most the last minute). */
    private boolean due(String tenant) {
        StoredConnection c = store.get(tenant).orElse(null);
        if (renewal == null || c == null || c.state() != ConnectionState.CONNECTED || c.expiresAt() == null) {
            return false;
        }
        long lifetime = c.lifetimeSeconds() == null ? MAX_MARGIN.toSeconds() * 5 : c.lifetimeSeconds();
        Duration margin = Duration.ofMillis(Math.min(MAX_MARGIN.toMillis(), lifetime * 1000 / 5));
        return !clock.instant().isBefore(c.expiresAt().minus(margin));
    }
}

package com.coeffection.sync.connections.tokens;

import com.coeffection.sync.monday.tokens.TokenProvider;

/**
 * The token source the monday sink reads before every request: a tenant that connected through the integration page
 * gets its stored token (none once disconnected, so its changes wait); any other tenant gets what the configured
 * source says (MONDAY_API_TOKEN and friends). A reconnect is seen by the sink's next request, without a restart, and
 * an expiring token is renewed before the request that would find it expired.
 */
public final class StoredTokens implements TokenProvider {
    private final ConnectionStore store;
    private final FreshTokens fresh;
    private final TokenProvider otherwise;

    /** @param fresh the stored tokens, renewed before they expire */
    public StoredTokens(ConnectionStore store, FreshTokens fresh, TokenProvider otherwise) {
        this.store = store;
        this.fresh = fresh;
        this.otherwise = otherwise;
    }

    @Override
    public String tokenFor(String tenantId) {
        return store.manages(tenantId) ? fresh.token(tenantId) : otherwise.tokenFor(tenantId);
    }
}

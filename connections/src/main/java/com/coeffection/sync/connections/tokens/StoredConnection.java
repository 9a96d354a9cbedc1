package com.coeffection.sync.connections.tokens;

import java.time.Instant;

/**
 * A tenant's connection as stored: the token only encrypted, the account and user who connected, the workspace
 * picked, and the state.
 *
 * @param encryptedToken AES-GCM of the token (see {@link TokenCipher}); null once disconnected
 * @param reason         why the state is what it is (monday's message for a refused token), or null
 * @param encryptedRefreshToken AES-GCM of the refresh token monday gave with the token; null when none (a token that
 *                       does not expire) or once disconnected
 * @param expiresAt      when the token stops working, as monday said; null when it did not say
 * @param lifetimeSeconds the lifetime monday gave the token when it issued it; null when it did not say
 */
public record StoredConnection(String tenant, ConnectionState state, String encryptedToken, MondayAccount account,
                               String scope, Long workspaceId, String workspaceName, Instant connectedAt,
                               Instant changedAt, String reason, String encryptedRefreshToken, Instant expiresAt,
                               Long lifetimeSeconds) {

    /** The monday account and person a token acts as. */
    public record MondayAccount(long accountId, String accountName, long userId, String userName, String userEmail) {
    }

    StoredConnection with(ConnectionState state, String encryptedToken, Instant at, String reason) {
        return new StoredConnection(tenant, state, encryptedToken, account, scope, workspaceId, workspaceName,
                connectedAt, at, reason, encryptedToken == null ? null : encryptedRefreshToken,
                encryptedToken == null ? null : expiresAt, encryptedToken == null ? null : lifetimeSeconds);
    }

    StoredConnection withWorkspace(long id, String name, Instant at) {
        return new StoredConnection(tenant, state, encryptedToken, account, scope, id, name, connectedAt, at, reason,
                encryptedRefreshToken, expiresAt, lifetimeSeconds);
    }

    /** The same connection with a renewed token pair (the state and the rest unchanged). */
    StoredConnection renewed(String encryptedToken, String encryptedRefreshToken, Instant expiresAt, Long lifetimeSeconds) {
        return new StoredConnection(tenant, state, encryptedToken, account, scope, workspaceId, workspaceName,
                connectedAt, changedAt, reason, encryptedRefreshToken, expiresAt, lifetimeSeconds);
    }

    @Override
    public String toString() {
        return "StoredConnection[tenant=" + tenant + ", state=" + state + ", account=" + account + ", workspace="
                + workspaceId + "]";
    }
}

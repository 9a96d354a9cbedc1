package com.coeffection.sync.connections.tokens;

import java.time.Instant;

/**
 * A tenant's connection as stored: the token only encrypted, the account and user who connected, the workspace
 * picked, and the state.
 *
 * @param encryptedToken AES-GCM of the token (see {@link TokenCipher}); null once disconnected
 * @param reason         why the state is what it is (monday's message for a refused token), or null
 */
public record StoredConnection(String tenant, ConnectionState state, String encryptedToken, MondayAccount account,
                               String scope, Long workspaceId, String workspaceName, Instant connectedAt,
                               Instant changedAt, String reason) {

    /** The monday account and person a token acts as. */
    public record MondayAccount(long accountId, String accountName, long userId, String userName, String userEmail) {
    }

    StoredConnection with(ConnectionState state, String encryptedToken, Instant at, String reason) {
        return new StoredConnection(tenant, state, encryptedToken, account, scope, workspaceId, workspaceName,
                connectedAt, at, reason);
    }

    StoredConnection withWorkspace(long id, String name, Instant at) {
        return new StoredConnection(tenant, state, encryptedToken, account, scope, id, name, connectedAt, at, reason);
    }

    @Override
    public String toString() {
        return "StoredConnection[tenant=" + tenant + ", state=" + state + ", account=" + account + ", workspace="
                + workspaceId + "]";
    }
}

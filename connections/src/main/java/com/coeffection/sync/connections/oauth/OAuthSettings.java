package com.coeffection.sync.connections.oauth;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The integration's monday app: where monday's authorization server is, the app's credentials and the scopes it asks
 * for.
 *
 * @param authorizeUri where the admin is sent to sign in and approve [MONDAY_OAUTH_AUTHORIZE_URL]
 * @param tokenUri     where a code is exchanged for a token [MONDAY_OAUTH_TOKEN_URL]
 * @param revokeUri    where a token is revoked on disconnect, or null to skip that [MONDAY_OAUTH_REVOKE_URL]
 * @param clientId     the app's client id [MONDAY_OAUTH_CLIENT_ID]
 * @param clientSecret the app's client secret [MONDAY_OAUTH_CLIENT_SECRET]; never logged
 * @param scopes       the scopes asked for [MONDAY_OAUTH_SCOPES, space separated; default {@link #SCOPES}]
 */
public record OAuthSettings(URI authorizeUri, URI tokenUri, URI revokeUri, String clientId, String clientSecret,
                            List<String> scopes) {
    /**
     * What the sync needs: read and write boards and their items, updates and webhooks (the scopes an admin approves
     * when connecting), plus reading the account, the connecting user, the account's users (people columns) and its
     * workspaces (to pick the one to sync in).
     */
    public static final List<String> SCOPES = List.of("me:read", "account:read", "users:read", "workspaces:read",
            "boards:read", "boards:write", "updates:read", "updates:write", "webhooks:read", "webhooks:write");

    public OAuthSettings {
        Objects.requireNonNull(authorizeUri, "authorizeUri");
        Objects.requireNonNull(tokenUri, "tokenUri");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(clientSecret, "clientSecret");
        scopes = List.copyOf(scopes);
    }

    /** From the environment; null when MONDAY_OAUTH_CLIENT_ID is not set (connecting through OAuth is off). */
    public static OAuthSettings fromEnv(Map<String, String> env) {
        String clientId = env.get("MONDAY_OAUTH_CLIENT_ID");
        if (clientId == null || clientId.isBlank()) {
            return null;
        }
        String revoke = env.get("MONDAY_OAUTH_REVOKE_URL");
        String scopes = env.get("MONDAY_OAUTH_SCOPES");
        return new OAuthSettings(
                URI.create(env.getOrDefault("MONDAY_OAUTH_AUTHORIZE_URL", "https://auth.monday.com/oauth2/authorize")),
                URI.create(env.getOrDefault("MONDAY_OAUTH_TOKEN_URL", "https://auth.monday.com/oauth_ms/oauth/token")),
                revoke == null || revoke.isBlank() ? null : URI.create(revoke), clientId.trim(),
                Objects.requireNonNull(env.get("MONDAY_OAUTH_CLIENT_SECRET"), "MONDAY_OAUTH_CLIENT_SECRET must be set with MONDAY_OAUTH_CLIENT_ID"),
                scopes == null || scopes.isBlank() ? SCOPES : List.of(scopes.trim().split("\\s+")));
    }

    @Override
    public String toString() {
        return "OAuthSettings[authorize=" + authorizeUri + ", token=" + tokenUri + ", revoke=" + revokeUri
                + ", clientId=" + clientId + ", scopes=" + scopes + "]";
    }
}

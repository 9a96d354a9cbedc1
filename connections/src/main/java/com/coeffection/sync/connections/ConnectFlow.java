package com.coeffection.sync.connections;

import com.coeffection.sync.connections.account.MondayAccountApi;
import com.coeffection.sync.connections.mappings.AuditLog;
import com.coeffection.sync.connections.oauth.MondayOAuthClient;
import com.coeffection.sync.connections.oauth.PendingAuthorizations;
import com.coeffection.sync.connections.status.StatusService;
import com.coeffection.sync.connections.tokens.ConnectionStore;
import com.coeffection.sync.connections.tokens.StoredConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Connecting a tenant to monday, step by step: "Connect" (a state bound to the admin's session and the monday
 * authorize URL), the callback (state checked, code exchanged, the account read, the token stored encrypted),
 * picking the workspace, and disconnecting. Every step that changes something is recorded in the audit log.
 */
public final class ConnectFlow {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectFlow.class);

    private final PendingAuthorizations pending;
    private final MondayOAuthClient oauth;
    private final MondayAccountApi monday;
    private final ConnectionStore store;
    private final StatusService status;
    private final AuditLog audit;

    /** monday sent the admin back without a code (they cancelled, or monday refused the request). */
    public static final class MondayRefused extends RuntimeException {
        public MondayRefused(String message) {
            super(message);
        }
    }

    public ConnectFlow(PendingAuthorizations pending, MondayOAuthClient oauth, MondayAccountApi monday,
                       ConnectionStore store, StatusService status, AuditLog audit) {
        this.pending = pending;
        this.oauth = oauth;
        this.monday = monday;
        this.store = store;
        this.status = status;
        this.audit = audit;
    }

    /** Where to send the admin's browser to approve the integration on monday. */
    public URI begin(String tenant, String sessionId, String admin) {
        return oauth.authorizeUri(pending.begin(tenant, sessionId, admin));
    }

    /**
     * The callback: checks the state (before anything else), then exchanges the code and stores the token.
     *
     * @throws PendingAuthorizations.StateRejected  the state is missing, unknown, used, expired or of another session
     * @throws MondayRefused                        monday sent an error instead of a code
     * @throws MondayOAuthClient.CodeRejected       monday refused the code (expired, already used, wrong verifier)
     */
    public StoredConnection complete(URI callbackUrl, String sessionId) {
        MondayOAuthClient.Callback callback = MondayOAuthClient.callback(callbackUrl);
        PendingAuthorizations.Pending started = pending.take(callback.state(), sessionId);
        if (callback instanceof MondayOAuthClient.Callback.Refused refused) {
            LOG.info("tenant {}: monday did not authorize the connection ({})", started.tenant(), refused.error());
            throw new MondayRefused("monday did not authorize the connection: " + refused.error()
                    + (refused.description() == null ? "" : " (" + refused.description() + ")"));
        }
        String code = ((MondayOAuthClient.Callback.Code) callback).code();
        MondayOAuthClient.IssuedToken token = oauth.exchange(code, started.codeVerifier());
        StoredConnection.MondayAccount account = monday.account(token.accessToken());
        StoredConnection connected = store.connect(started.tenant(), token.accessToken(), account, token.scope(),
                token.refreshToken(), token.lifetimeSeconds());
        Map<String, Object> what = new LinkedHashMap<>();
        what.put("accountId", account.accountId());
        what.put("mondayUser", account.userName() + " <" + account.userEmail() + ">");
        what.put("scope", token.scope());
        audit.record(started.admin(), started.tenant(), "CONNECTED", what);
        LOG.info("tenant {}: monday connected by {} (account {}, monday user {})", started.tenant(), started.admin(),
                account.accountId(), account.userId());
        return connected;
    }

    /** Picks the workspace the tenant syncs in: one of those the token lists (0: the main workspace). */
    public StoredConnection chooseWorkspace(String tenant, long workspaceId, String who) {
        MondayAccountApi.Workspace chosen = status.workspaces(tenant).stream().filter(w -> w.id() == workspaceId)
                .findFirst().orElseThrow(() -> new IllegalArgumentException("workspace " + workspaceId
                        + " is not one the connected monday account lists"));
        StoredConnection c = store.chooseWorkspace(tenant, chosen.id(), chosen.name());
        audit.record(who, tenant, "WORKSPACE_CHOSEN", Map.of("workspaceId", chosen.id(), "workspace", chosen.name()));
        return c;
    }

    /**
     * Disconnects: the token is revoked at monday (when a revocation endpoint is configured) and forgotten here. The
     * tenant's changes are not dropped: the sink holds them, undelivered, until a reconnect.
     */
    public StoredConnection disconnect(String tenant, String who) {
        String token = store.token(tenant);
        boolean revoked = token != null && oauth.revoke(token);
        StoredConnection c = store.disconnect(tenant, who);
        audit.record(who, tenant, "DISCONNECTED", Map.of("revokedAtMonday", revoked));
        return c;
    }
}

package com.coeffection.sync.connections.status;

import com.coeffection.sync.connections.account.MondayAccountApi;
import com.coeffection.sync.connections.tokens.ConnectionState;
import com.coeffection.sync.connections.tokens.ConnectionStore;
import com.coeffection.sync.connections.tokens.FreshTokens;
import com.coeffection.sync.connections.tokens.StoredConnection;

import java.util.List;
import java.util.Optional;

/**
 * Builds a tenant's {@link ConnectionStatus}. Asking for the budget is also a check of the token: when monday
 * refuses it, the connection is marked "reconnect needed" at once, even before the sink tries to deliver.
 */
public final class StatusService {
    private final ConnectionStore store;
    private final SyncActivity activity;
    private final MondayAccountApi monday;
    private final FreshTokens tokens;

    public StatusService(ConnectionStore store, SyncActivity activity, MondayAccountApi monday, FreshTokens tokens) {
        this.store = store;
        this.activity = activity;
        this.monday = monday;
        this.tokens = tokens;
    }

    public ConnectionStatus status(String tenant) {
        Optional<StoredConnection> stored = store.get(tenant);
        MondayAccountApi.Budget budget = null;
        String budgetProblem = null;
        if (stored.isPresent() && stored.get().state() == ConnectionState.CONNECTED) {
            String token = tokens.token(tenant);
            try {
                budget = monday.budget(token);
            } catch (MondayAccountApi.TokenRefused e) {
                store.reconnectNeeded(tenant, token, e.getMessage());
            } catch (MondayAccountApi.MondayUnavailable e) {
                budgetProblem = e.getMessage();
            }
        }
        stored = store.get(tenant);
        if (stored.isEmpty()) {
            return new ConnectionStatus(tenant, ConnectionState.NOT_CONNECTED, null, null, null, null, null, null, null,
                    activity.lastSuccess(tenant), activity.recentErrors(tenant), null, null);
        }
        StoredConnection c = stored.get();
        return new ConnectionStatus(tenant, c.state(), c.reason(), c.account(), c.scope(), c.workspaceId(),
                c.workspaceName(), c.connectedAt(), c.changedAt(), activity.lastSuccess(tenant),
                activity.recentErrors(tenant), budget, budgetProblem);
    }

    /** The workspace the tenant's admin picked (0: the account's main one); null before one is picked. */
    public Long pickedWorkspace(String tenant) {
        return store.get(tenant).map(StoredConnection::workspaceId).orElse(null);
    }

    /** The workspaces the tenant's token sees; the account's main workspace (id 0) when monday lists none. */
    public List<MondayAccountApi.Workspace> workspaces(String tenant) {
        String token = tokens.token(tenant);
        if (token == null) {
            throw new IllegalStateException("tenant " + tenant + " is not connected to monday");
        }
        try {
            List<MondayAccountApi.Workspace> listed = monday.workspaces(token);
            return listed.isEmpty() ? List.of(MAIN_WORKSPACE) : listed;
        } catch (MondayAccountApi.TokenRefused e) {
            store.reconnectNeeded(tenant, token, e.getMessage());
            throw e;
        }
    }

    /** The boards of the tenant's chosen workspace (every board the token sees when none is chosen). */
    public List<MondayAccountApi.Board> boards(String tenant) {
        String token = tokens.token(tenant);
        if (token == null) {
            throw new IllegalStateException("tenant " + tenant + " is not connected to monday");
        }
        Long workspace = pickedWorkspace(tenant);
        try {
            return monday.boards(token, workspace == null || workspace == 0 ? null : workspace);
        } catch (MondayAccountApi.TokenRefused e) {
            store.reconnectNeeded(tenant, token, e.getMessage());
            throw e;
        }
    }

    /** Boards created without a workspace id go to the account's main workspace. */
    public static final MondayAccountApi.Workspace MAIN_WORKSPACE = new MondayAccountApi.Workspace(0, "Main workspace", "main");
}

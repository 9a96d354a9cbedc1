package com.coeffection.sync.connections.status;

import com.coeffection.sync.connections.account.MondayAccountApi.Budget;
import com.coeffection.sync.connections.tokens.ConnectionState;
import com.coeffection.sync.connections.tokens.StoredConnection.MondayAccount;

import java.time.Instant;
import java.util.List;

/**
 * A tenant's monday connection as the integration page shows it.
 *
 * @param state            connected, reconnect needed, disconnected (or never connected)
 * @param reason           why (monday's message for a refused token), or null
 * @param account          the monday account and the person whose token is used
 * @param workspaceId      the workspace picked (0: the account's main workspace), null before one is picked
 * @param lastSuccessfulSync the last delivery to monday that succeeded, as far as this instance has seen
 * @param recentErrors     the most recent failed deliveries, newest first
 * @param budget           the token's complexity budget left and its reset, null when monday was not asked
 * @param budgetProblem    why the budget is not shown (monday unreachable), or null
 */
public record ConnectionStatus(String tenant, ConnectionState state, String reason, MondayAccount account,
                               String scope, Long workspaceId, String workspaceName, Instant connectedAt,
                               Instant changedAt, Instant lastSuccessfulSync, List<SyncActivity.RecentError> recentErrors,
                               Budget budget, String budgetProblem) {
}

package com.coeffection.sync.connections.status;

import com.coeffection.sync.connections.tokens.ConnectionStore;
import com.coeffection.sync.schema.CommandOutcome;
import com.coeffection.sync.schema.MondayCommandResult;

import java.time.Instant;

/**
 * What one delivery outcome of the monday sink means for its tenant's connection: a delivery is the last
 * successful sync; a failure is a recent error; "waiting for a reconnect" after the tenant connected means monday
 * refused the stored token, so the page asks for a reconnect.
 */
public final class SinkOutcomes {
    /** The sink's code for "no token configured": that is a disconnect, not a refused token. */
    static final String NO_TOKEN = "NO_TOKEN";

    private final ConnectionStore store;
    private final SyncActivity activity;

    public SinkOutcomes(ConnectionStore store, SyncActivity activity) {
        this.store = store;
        this.activity = activity;
    }

    public void apply(MondayCommandResult result) {
        if (result == null) {
            return;
        }
        String tenant = result.getTenantId();
        Instant at = result.getCompletedAt();
        CommandOutcome outcome = result.getOutcome();
        String key = result.getHistoryEntryId() != null ? result.getHistoryEntryId() : result.getCommandId();
        if (outcome == CommandOutcome.DELIVERED) {
            activity.delivered(tenant, at);
            activity.resolved(tenant, key, at);
            return;
        }
        String code = result.getErrorCode() != null ? result.getErrorCode() : String.valueOf(result.getErrorType());
        // an outcome from before the current connection was made is about the previous token
        if (outcome == CommandOutcome.RECONNECT_NEEDED && !NO_TOKEN.equals(code)) {
            store.get(tenant).filter(c -> c.connectedAt() != null && at.isAfter(c.connectedAt()))
                    .ifPresent(c -> store.reconnectNeeded(tenant, null, code + ": " + result.getErrorMessage()));
        }
        if (outcome != CommandOutcome.OTHER) {
            activity.failed(tenant, key, new SyncActivity.RecentError(at, code, result.getErrorMessage(),
                    result.getEntityType() + ":" + result.getRecordId(), result.getBoardId(), result.getHistoryEntryId()));
        }
    }
}

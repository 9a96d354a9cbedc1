package com.coeffection.sync.connections.status;

import com.coeffection.sync.schema.HistoryStatus;
import com.coeffection.sync.schema.SyncHistoryEntry;

import java.time.Instant;
import java.util.Set;

/**
 * What the sync history says about a tenant's recent errors: an entry that failed (monday refused it, it was
 * rejected as bad input, it waits for a reconnect) is a recent error, shown with its entry id so support can find
 * and retry it on the Sync History page; the same entry later succeeded (a retry) is one no more.
 */
public final class HistoryErrors {
    static final Set<HistoryStatus> ERRORS = Set.of(HistoryStatus.FAILED, HistoryStatus.REJECTED,
            HistoryStatus.RECONNECT_NEEDED);

    private final SyncActivity activity;

    public HistoryErrors(SyncActivity activity) {
        this.activity = activity;
    }

    public void apply(SyncHistoryEntry entry) {
        if (entry == null || entry.getTenantId() == null) {
            return;
        }
        Instant at = entry.getUpdatedAt();
        if (ERRORS.contains(entry.getStatus())) {
            String code = entry.getErrorCode() != null ? entry.getErrorCode() : entry.getStatus().name();
            activity.failed(entry.getTenantId(), entry.getEntryId(), new SyncActivity.RecentError(at, code,
                    entry.getErrorMessage(), entry.getEntityType() + ":" + entry.getRecordId(),
                    entry.getBoardId() == null ? 0 : entry.getBoardId(), entry.getEntryId()));
        } else if (entry.getStatus() != HistoryStatus.PENDING) {
            activity.resolved(entry.getTenantId(), entry.getEntryId(), at);
        }
    }
}

package com.coeffection.sync.connections.status;

import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What happened to each tenant's sync, as the status shows it: the last delivery that succeeded and the most recent
 * failures that are still failures. A failure is known by its sync-history entry (the sink names the entry of each
 * command it reports on), so the sink's report and the history's entry of one failure are one error, and an entry
 * retried with success leaves the list.
 */
public final class SyncActivity {
    /** How many recent errors a tenant's status shows. */
    public static final int RECENT_ERRORS = 10;
    /** How many are kept per tenant to choose the newest from (older ones are forgotten). */
    private static final int KEPT = 100;

    private final Map<String, Tenant> tenants = new ConcurrentHashMap<>();

    /**
     * A failure: when, the error type or monday's code, the message, the record and board, and the sync-history entry
     * that holds it (where it can be retried), or null when none is known.
     */
    public record RecentError(Instant at, String errorCode, String message, String record, long boardId,
                              String historyEntryId) {
    }

    private static final class Tenant {
        Instant lastSuccess;
        final Map<String, RecentError> errors = new LinkedHashMap<>();
        /** Failures resolved, with when: a report older than that (a late copy) does not bring one back. */
        final Map<String, Instant> resolved = new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
                return size() > KEPT * 10;
            }
        };
    }

    void delivered(String tenant, Instant at) {
        Tenant t = tenants.computeIfAbsent(tenant, k -> new Tenant());
        synchronized (t) {
            if (t.lastSuccess == null || at.isAfter(t.lastSuccess)) {
                t.lastSuccess = at;
            }
        }
    }

    /** A failure known by {@code key} (its history entry, else its command); a newer report of it replaces the older. */
    void failed(String tenant, String key, RecentError error) {
        Tenant t = tenants.computeIfAbsent(tenant, k -> new Tenant());
        synchronized (t) {
            RecentError known = t.errors.get(key);
            Instant resolvedAt = t.resolved.get(key);
            if ((known != null && known.at().isAfter(error.at())) || (resolvedAt != null && !error.at().isAfter(resolvedAt))) {
                return;
            }
            t.errors.remove(key);
            t.errors.put(key, error);
            if (t.errors.size() > KEPT) {
                String oldest = t.errors.entrySet().stream().min(Map.Entry.comparingByValue(
                        Comparator.comparing(RecentError::at))).orElseThrow().getKey();
                t.errors.remove(oldest);
            }
        }
    }

    /** The failure known by {@code key} is one no more (retried with success, or superseded). */
    void resolved(String tenant, String key, Instant at) {
        if (key == null) {
            return;
        }
        Tenant t = tenants.computeIfAbsent(tenant, k -> new Tenant());
        synchronized (t) {
            RecentError known = t.errors.get(key);
            if (known != null && known.at().isAfter(at)) {
                return;
            }
            t.errors.remove(key);
            t.resolved.merge(key, at, (a, b) -> a.isAfter(b) ? a : b);
        }
    }

    public Instant lastSuccess(String tenant) {
        Tenant t = tenants.get(tenant);
        if (t == null) {
            return null;
        }
        synchronized (t) {
            return t.lastSuccess;
        }
    }

    /** Newest first, at most {@link #RECENT_ERRORS}. */
    public List<RecentError> recentErrors(String tenant) {
        Tenant t = tenants.get(tenant);
        if (t == null) {
            return List.of();
        }
        synchronized (t) {
            return t.errors.values().stream().sorted(Comparator.comparing(RecentError::at).reversed())
                    .limit(RECENT_ERRORS).toList();
        }
    }
}

package com.coeffection.sync.connections.status;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** What the monday sink reported per tenant: the last delivery that succeeded and the most recent failures. */
public final class SyncActivity {
    /** How many recent errors a tenant's status shows. */
    public static final int RECENT_ERRORS = 10;

    private final Map<String, Tenant> tenants = new ConcurrentHashMap<>();

    /** A failure the sink reported: when, the error type, monday's message, the record and board. */
    public record RecentError(Instant at, String errorCode, String message, String record, long boardId) {
    }

    private static final class Tenant {
        Instant lastSuccess;
        final Deque<RecentError> errors = new ArrayDeque<>();
    }

    void delivered(String tenant, Instant at) {
        Tenant t = tenants.computeIfAbsent(tenant, k -> new Tenant());
        synchronized (t) {
            if (t.lastSuccess == null || at.isAfter(t.lastSuccess)) {
                t.lastSuccess = at;
            }
        }
    }

    void failed(String tenant, RecentError error) {
        Tenant t = tenants.computeIfAbsent(tenant, k -> new Tenant());
        synchronized (t) {
            t.errors.addFirst(error);
            while (t.errors.size() > RECENT_ERRORS) {
                t.errors.removeLast();
            }
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

    /** Newest first. */
    public List<RecentError> recentErrors(String tenant) {
        Tenant t = tenants.get(tenant);
        if (t == null) {
            return List.of();
        }
        synchronized (t) {
            return List.copyOf(t.errors);
        }
    }
}

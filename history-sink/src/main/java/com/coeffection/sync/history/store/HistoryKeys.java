package com.coeffection.sync.history.store;

import com.coeffection.sync.schema.SyncHistoryEntry;

import java.time.Instant;

/**
 * The keys of the history store's indexes. Times are written inverted ({@code Long.MAX_VALUE - epochMillis}, 19
 * digits) where newest-first order is wanted, so a plain forward scan of a prefix lists the newest entry first.
 *
 * <pre>
 *   by record   {tenant}:{entityType}:{recordId}:{invertedTime}:{entryId}
 *   by tenant   {tenant}:{invertedTime}:{entryId}
 *   by age      {time}:{entryId}                  (oldest first, for retention)
 * </pre>
 */
public final class HistoryKeys {
    private static final int DIGITS = 19;

    private HistoryKeys() {
    }

    /** The record key of an entry ({@code tenant:entityType:recordId}), or null when it names no record. */
    public static String recordKey(SyncHistoryEntry entry) {
        if (entry.getEntityType() == null || entry.getRecordId() == null) {
            return null;
        }
        return entry.getTenantId() + ":" + entry.getEntityType() + ":" + entry.getRecordId();
    }

    /** The prefix under which every entry of one record is indexed. */
    public static String recordPrefix(String tenant, String entityType, String recordId) {
        return tenant + ":" + entityType + ":" + recordId + ":";
    }

    public static String byRecord(SyncHistoryEntry entry) {
        return recordPrefix(entry.getTenantId(), entry.getEntityType(), entry.getRecordId())
                + inverted(entry.getOccurredAt()) + ":" + entry.getEntryId();
    }

    public static String tenantPrefix(String tenant) {
        return tenant + ":";
    }

    public static String byTenant(SyncHistoryEntry entry) {
        return tenantPrefix(entry.getTenantId()) + inverted(entry.getOccurredAt()) + ":" + entry.getEntryId();
    }

    /** The first by-tenant key of entries that occurred at or before {@code until}. */
    public static String tenantFrom(String tenant, Instant until) {
        return tenantPrefix(tenant) + inverted(until);
    }

    /** Past the last by-tenant key of entries that occurred at or after {@code since}. */
    public static String tenantTo(String tenant, Instant since) {
        return tenantPrefix(tenant) + inverted(since) + ";";
    }

    public static String byAge(SyncHistoryEntry entry) {
        return padded(entry.getOccurredAt().toEpochMilli()) + ":" + entry.getEntryId();
    }

    /** Past the last by-age key of entries that occurred before {@code cutoff}. */
    public static String ageBefore(Instant cutoff) {
        return padded(cutoff.toEpochMilli());
    }

    static String inverted(Instant at) {
        return padded(Long.MAX_VALUE - Math.max(0, at.toEpochMilli()));
    }

    private static String padded(long value) {
        String digits = Long.toString(Math.max(0, value));
        return "0".repeat(Math.max(0, DIGITS - digits.length())) + digits;
    }
}

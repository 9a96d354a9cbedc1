package com.coeffection.sync.history.query;

import com.coeffection.sync.schema.SyncHistoryEntry;

import java.time.Instant;
import java.util.Set;

/**
 * Which entries of a tenant a list shows. Empty sets and null bounds mean "any".
 *
 * @param statuses   entry statuses (e.g. FAILED, REVIEW)
 * @param errorCodes monday's error code or the error type of a rejection
 * @param directions COEFFECTION_TO_MONDAY, MONDAY_TO_COEFFECTION
 * @param since      occurred at or after
 * @param until      occurred at or before
 */
public record EntryFilter(Set<String> statuses, Set<String> errorCodes, Set<String> directions, Instant since,
                          Instant until) {

    public static EntryFilter any() {
        return new EntryFilter(Set.of(), Set.of(), Set.of(), null, null);
    }

    public static EntryFilter status(String status) {
        return new EntryFilter(Set.of(status), Set.of(), Set.of(), null, null);
    }

    public boolean matches(SyncHistoryEntry e) {
        return (statuses.isEmpty() || statuses.contains(e.getStatus().name()))
                && (errorCodes.isEmpty() || errorCodes.contains(e.getErrorCode()))
                && (directions.isEmpty() || directions.contains(e.getDirection().name()))
                && (since == null || !e.getOccurredAt().isBefore(since))
                && (until == null || !e.getOccurredAt().isAfter(until));
    }
}

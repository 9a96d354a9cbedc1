package com.coeffection.sync.drift.report;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one drift run of one board found and did, by kind. Written as a log line, as metrics and as JSON.
 *
 * @param runId            the run's id (also in every request id it published)
 * @param tenantId         the tenant
 * @param entityType       the entity the board holds
 * @param boardId          the board
 * @param dryRun           whether the run only counted (nothing was published)
 * @param fenced           whether the run stopped because another runner of the same board took over
 * @param resumedFrom      the record offset the run resumed from (0 for a run from the start)
 * @param records          records read from Coeffection's API (compared or not)
 * @param items            items read from the board
 * @param compared         linked record and item pairs compared field by field
 * @param inSync           compared pairs that showed the same values
 * @param driftedRecords   compared pairs with at least one differing field
 * @param fieldDrift       per field, how many pairs showed it differently
 * @param unlinkedRecords  records with no link to an item: sent to the pipeline as a record change, so matching
 *                         decides (never a direct creation)
 * @param missingItems     records linked to an item that is not on the board (deleted or archived)
 * @param missingRecords   items linked to a record that Coeffection does not have (deleted)
 * @param unlinkedItems    items no link names (left to the board's matcher, which reads the board itself)
 * @param unreadableFields per field, values that one side holds in a shape its mapped type cannot read
 * @param notCompared      fields a run never compares (people), named
 * @param published        requests and record changes published (0 in a dry run)
 * @param mondayCalls      monday API calls the run made
 * @param mondayComplexity monday complexity points the run spent (as the budget reported them)
 * @param budgetWaitMillis time spent waiting so that live sync keeps its share of monday's budget
 * @param coeffectionRequests Coeffection API requests the run made
 * @param startedAtMillis  when the run started (the first attempt, for a resumed run)
 * @param durationMillis   how long this attempt took
 */
public record DriftReport(String runId, String tenantId, String entityType, long boardId, boolean dryRun, boolean fenced,
                          int resumedFrom, int records, int items, int compared, int inSync, int driftedRecords,
                          Map<String, Integer> fieldDrift, int unlinkedRecords, int missingItems, int missingRecords,
                          int unlinkedItems, Map<String, Integer> unreadableFields, List<String> notCompared,
                          int published, long mondayCalls, long mondayComplexity, long budgetWaitMillis,
                          long coeffectionRequests, long startedAtMillis, long durationMillis) {
    public DriftReport {
        fieldDrift = Map.copyOf(new TreeMap<>(fieldDrift));
        unreadableFields = Map.copyOf(new TreeMap<>(unreadableFields));
        notCompared = List.copyOf(notCompared);
    }

    /** Differences found, of every kind (what a second run after a repair should find none of). */
    public int differences() {
        return fieldDrift.values().stream().mapToInt(Integer::intValue).sum() + unlinkedRecords + missingItems
                + missingRecords + unlinkedItems;
    }

    /** The one log line of the run. */
    public String summary() {
        return String.format("Drift %s %s board %d%s: %d records, %d items, %d compared, %d in sync, %d drifted %s,"
                        + " %d unlinked records, %d missing items, %d missing records, %d unlinked items, %d unreadable,"
                        + " %d published; monday %d calls, %d complexity, %d ms waited for budget; %d ms"
                        + " (tenant=%s, run=%s%s)",
                dryRun ? "(dry run)" : "", entityType, boardId, fenced ? " STOPPED: another runner took over" : "",
                records, items, compared, inSync, driftedRecords, new TreeMap<>(fieldDrift), unlinkedRecords,
                missingItems, missingRecords, unlinkedItems,
                unreadableFields.values().stream().mapToInt(Integer::intValue).sum(), published, mondayCalls,
                mondayComplexity, budgetWaitMillis, durationMillis, tenantId, runId,
                resumedFrom > 0 ? ", resumed from record " + resumedFrom : "");
    }
}

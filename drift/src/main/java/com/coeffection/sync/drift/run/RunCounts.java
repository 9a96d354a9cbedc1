package com.coeffection.sync.drift.run;

import com.coeffection.sync.drift.compare.DriftComparer;
import com.coeffection.sync.drift.compare.FieldDrift;

import java.util.LinkedHashMap;
import java.util.Map;

/** The counts a run adds up while it reads, by kind. */
final class RunCounts {
    private static final String FIELD = "field:";
    private static final String UNREADABLE = "unreadable:";

    int records;
    int compared;
    int inSync;
    int drifted;
    int unlinkedRecords;
    int missingItems;
    int missingRecords;
    int unlinkedItems;
    final Map<String, Integer> fieldDrift = new LinkedHashMap<>();
    final Map<String, Integer> unreadable = new LinkedHashMap<>();

    /**
     * The per-record counts as a checkpoint keeps them: each kind by name, each drifted field as {@code field:<name>},
     * each unreadable field as {@code unreadable:<name>}. The board-wide counts (items without a record, records gone)
     * are made at the end of a run and are not kept.
     */
    Map<String, Integer> toCheckpoint() {
        Map<String, Integer> kept = new LinkedHashMap<>();
        kept.put("records", records);
        kept.put("compared", compared);
        kept.put("inSync", inSync);
        kept.put("drifted", drifted);
        kept.put("unlinkedRecords", unlinkedRecords);
        kept.put("missingItems", missingItems);
        fieldDrift.forEach((field, n) -> kept.put(FIELD + field, n));
        unreadable.forEach((field, n) -> kept.put(UNREADABLE + field, n));
        return kept;
    }

    /** The counts a checkpoint kept (none when it kept none: a checkpoint of an older run). */
    static RunCounts fromCheckpoint(Map<String, Integer> kept) {
        RunCounts counts = new RunCounts();
        if (kept == null) {
            return counts;
        }
        counts.records = kept.getOrDefault("records", 0);
        counts.compared = kept.getOrDefault("compared", 0);
        counts.inSync = kept.getOrDefault("inSync", 0);
        counts.drifted = kept.getOrDefault("drifted", 0);
        counts.unlinkedRecords = kept.getOrDefault("unlinkedRecords", 0);
        counts.missingItems = kept.getOrDefault("missingItems", 0);
        kept.forEach((name, n) -> {
            if (name.startsWith(FIELD)) {
                counts.fieldDrift.put(name.substring(FIELD.length()), n);
            } else if (name.startsWith(UNREADABLE)) {
                counts.unreadable.put(name.substring(UNREADABLE.length()), n);
            }
        });
        return counts;
    }

    void compared(DriftComparer.Comparison comparison) {
        compared++;
        if (comparison.inSync()) {
            inSync++;
        } else {
            drifted++;
        }
        for (FieldDrift d : comparison.drifts()) {
            fieldDrift.merge(d.field(), 1, Integer::sum);
        }
        comparison.unreadable().keySet().forEach(f -> unreadable.merge(f, 1, Integer::sum));
    }
}

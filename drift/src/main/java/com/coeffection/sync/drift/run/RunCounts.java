package com.coeffection.sync.drift.run;

import com.coeffection.sync.drift.compare.DriftComparer;
import com.coeffection.sync.drift.compare.FieldDrift;

import java.util.LinkedHashMap;
import java.util.Map;

/** The counts a run adds up while it reads, by kind. */
final class RunCounts {
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

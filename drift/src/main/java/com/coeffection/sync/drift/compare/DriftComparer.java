package com.coeffection.sync.drift.compare;

import com.coeffection.sync.schema.BoardMapping;
import com.coeffection.sync.schema.FieldMapping;
import com.coeffection.sync.schema.FieldValue;
import com.coeffection.sync.schema.StageMapping;
import com.coeffection.sync.schema.StatusValue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Compares, field by field, what a linked record and its item show (pure: no infrastructure). A field counts as
 * drifted when both sides could be read and show different values ({@link SameValue}); a pipeline stage counts as
 * the same when the item's status label is one of the stage's labels in the mapping (or the stage's own name). A
 * field one side could not read is reported, never compared. A person field drifts only when both sides name
 * someone and they differ (by email).
 */
public final class DriftComparer {
    /** The outcome for one linked pair: the drifted fields, and the fields left out as unreadable (with the side). */
    public record Comparison(List<FieldDrift> drifts, Map<String, String> unreadable) {
        public Comparison {
            drifts = List.copyOf(drifts);
            unreadable = Map.copyOf(unreadable);
        }

        public boolean inSync() {
            return drifts.isEmpty();
        }
    }

    private final BoardMapping mapping;
    private final Set<String> people;

    public DriftComparer(BoardMapping mapping) {
        this.mapping = mapping;
        this.people = CompareScope.personFields(mapping).stream().map(FieldMapping::getField)
                .collect(Collectors.toUnmodifiableSet());
    }

    public Comparison compare(SideReading record, SideReading item) {
        List<FieldDrift> drifts = new ArrayList<>();
        Map<String, String> unreadable = new LinkedHashMap<>();
        record.unreadable().forEach((f, why) -> unreadable.put(f, "Coeffection: " + why));
        item.unreadable().forEach((f, why) -> unreadable.merge(f, "monday: " + why, (a, b) -> a + "; " + b));
        for (Map.Entry<String, Seen> field : record.fields().entrySet()) {
            Seen onMonday = item.fields().get(field.getKey());
            if (onMonday == null || unreadable.containsKey(field.getKey())) {
                continue;
            }
            if (people.contains(field.getKey()) && (SameValue.canonical(field.getValue().value()) == null
                    || SameValue.canonical(onMonday.value()) == null)) {
                // a person on one side only is no drift the pipeline could repair: a Coeffection owner who is no
                // monday user never shows on monday, and an empty observation must not clear the other side
                continue;
            }
            boolean same = field.getKey().equals(mapping.getStageField())
                    ? sameStage(field.getValue().value(), onMonday.value())
                    : SameValue.same(field.getValue().value(), onMonday.value());
            if (!same) {
                drifts.add(new FieldDrift(field.getKey(), field.getValue(), onMonday));
            }
        }
        return new Comparison(drifts, unreadable);
    }

    private boolean sameStage(FieldValue stage, FieldValue label) {
        String s = label(stage);
        String l = label(label);
        if (s == null || l == null) {
            return s == null && l == null;
        }
        if (s.equals(l)) {
            return true;
        }
        for (StageMapping m : mapping.getStages()) {
            if (m.getStage().equals(s) && m.getStatusLabels().contains(l)) {
                return true;
            }
        }
        return false;
    }

    private static String label(FieldValue value) {
        FieldValue canonical = SameValue.canonical(value);
        if (canonical == null) {
            return null;
        }
        Object v = canonical.getValue();
        return v instanceof StatusValue s ? s.getLabel()
                : v instanceof com.coeffection.sync.schema.TextValue t ? t.getText() : String.valueOf(v);
    }
}

package com.coeffection.sync.processor.stages;

import com.coeffection.sync.processor.merge.Reconciler;
import com.coeffection.sync.schema.BoardMapping;
import com.coeffection.sync.schema.FieldValue;
import com.coeffection.sync.schema.StageMapping;
import com.coeffection.sync.schema.StatusValue;
import com.coeffection.sync.schema.SyncDirection;
import com.coeffection.sync.schema.TextValue;
import com.coeffection.sync.values.FieldValues;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A board's pipeline-stage mapping: each Coeffection stage to a monday group and/or status labels. Several stages may
 * share a label (collapse; the label maps back to a configured default stage) and one stage may have several labels
 * (fork; the first is the one written, any of them shows the stage).
 */
public final class StageMap {
    private final String stageField;
    private final String statusColumnId;
    private final SyncDirection direction;
    private final Map<String, StageMapping> byStage = new LinkedHashMap<>();
    private final Map<String, List<String>> stagesByLabel = new LinkedHashMap<>();
    private final Map<String, List<String>> stagesByGroup = new LinkedHashMap<>();
    private final Map<String, String> defaults;

    public StageMap(BoardMapping mapping) {
        this.stageField = mapping.getStageField();
        this.statusColumnId = mapping.getStatusColumnId();
        this.direction = mapping.getStageDirection();
        this.defaults = Map.copyOf(mapping.getLabelDefaultStages());
        for (StageMapping stage : mapping.getStages()) {
            byStage.put(stage.getStage(), stage);
            for (String label : stage.getStatusLabels()) {
                stagesByLabel.computeIfAbsent(label, k -> new ArrayList<>()).add(stage.getStage());
            }
            if (stage.getGroupId() != null) {
                stagesByGroup.computeIfAbsent(stage.getGroupId(), k -> new ArrayList<>()).add(stage.getStage());
            }
        }
    }

    /** Whether the mapping maps stages at all. */
    public boolean enabled() {
        return stageField != null && !byStage.isEmpty();
    }

    public String stageField() {
        return stageField;
    }

    public String statusColumnId() {
        return statusColumnId;
    }

    public SyncDirection direction() {
        return direction;
    }

    /** The label written for a stage (its first label), or null when the stage has no label. */
    public String primaryLabel(String stage) {
        StageMapping mapping = byStage.get(stage);
        return mapping == null || mapping.getStatusLabels().isEmpty() ? null : mapping.getStatusLabels().get(0);
    }

    /**
     * The label monday should show for a stage: the newest label a person chose on monday when it is one of the
     * stage's labels (so a fork's other label is kept, whatever order events arrived in), else the stage's first.
     */
    public String labelFor(String stage, String chosen) {
        StageMapping mapping = byStage.get(stage);
        if (mapping != null && chosen != null && mapping.getStatusLabels().contains(chosen)) {
            return chosen;
        }
        return primaryLabel(stage);
    }

    /** The monday group of a stage, or null. */
    public String groupOf(String stage) {
        StageMapping mapping = byStage.get(stage);
        return mapping == null ? null : mapping.getGroupId();
    }

    /** The stages a monday status label stands for (one, or several for a collapsed label); empty if unmapped. */
    public List<String> stagesForLabel(String label) {
        return stagesByLabel.getOrDefault(label, List.of());
    }

    /** The stages a monday group stands for. */
    public List<String> stagesForGroup(String group) {
        return stagesByGroup.getOrDefault(group, List.of());
    }

    /** The stage a collapsed label or group maps back to ({@code collapsedDefaults}), else the first of its stages. */
    public String defaultFor(String labelOrGroup, List<String> stages) {
        String configured = defaults.get(labelOrGroup);
        return configured != null ? configured : stages.isEmpty() ? null : stages.get(0);
    }

    /** The stage name a stage value holds. */
    public static String stageOf(FieldValue value) {
        if (value == null) {
            return null;
        }
        Object v = value.getValue();
        if (v instanceof StatusValue s) {
            return s.getLabel();
        }
        if (v instanceof TextValue t) {
            return t.getText();
        }
        return FieldValues.display(value);
    }

    /** A monday group shows the resolved stage when it is the stage's group (or the stage has none). */
    public Reconciler.Agreement groupAgreement() {
        return (target, shown) -> {
            String group = groupOf(stageOf(target));
            return group == null || (shown != null && group.equals(stageOf(shown)));
        };
    }
}

package com.coeffection.sync.processor.merge;

import com.coeffection.sync.schema.FieldValue;
import com.coeffection.sync.values.FieldValues;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything the processor keeps about one field of one record: the newest edit, what each side is believed to
 * hold, and the last value sent to each side. Changed only by {@link ConflictRules} and {@link Reconciler}.
 */
public final class FieldState {
    /** A value sent to one side, with the time it was decided. */
    public record Sent(FieldValue value, long atMicros) {
    }

    Resolved base;
    final List<LabelEdit> laterLabels = new ArrayList<>();
    SideView coeffection;
    SideView monday;
    SideView mondayGroup;
    Sent sentToCoeffection;
    Sent sentToMonday;
    LabelChoice mondayLabel;

    /** The newest status label a person chose on monday for this (stage) field, and when. */
    public record LabelChoice(String label, long atMicros) {
    }

    public FieldState() {
    }

    /** Rebuilds a stored state (used by the state store serde). */
    public static FieldState restore(Resolved base, List<LabelEdit> laterLabels, SideView coeffection, SideView monday,
                                     SideView mondayGroup, Sent sentToCoeffection, Sent sentToMonday,
                                     LabelChoice mondayLabel) {
        FieldState state = new FieldState();
        state.base = base;
        state.laterLabels.addAll(laterLabels);
        state.coeffection = coeffection;
        state.monday = monday;
        state.mondayGroup = mondayGroup;
        state.sentToCoeffection = sentToCoeffection;
        state.sentToMonday = sentToMonday;
        state.mondayLabel = mondayLabel;
        return state;
    }

    /** The newest concrete edit (for a stage: not counting collapsed-label edits made after it). */
    public Resolved base() {
        return base;
    }

    /** Collapsed-label stage edits newer than {@link #base()}, oldest first. */
    public List<LabelEdit> laterLabels() {
        return List.copyOf(laterLabels);
    }

    public SideView coeffection() {
        return coeffection;
    }

    public SideView monday() {
        return monday;
    }

    public SideView mondayGroup() {
        return mondayGroup;
    }

    public Sent sentToCoeffection() {
        return sentToCoeffection;
    }

    public Sent sentToMonday() {
        return sentToMonday;
    }

    /**
     * For a stage: the newest status label a person chose on monday (whichever stage it stands for), so that when the
     * label must be written, a fork's label the person picked is kept rather than replaced by the first one.
     */
    public LabelChoice mondayLabel() {
        return mondayLabel;
    }

    public SideView view(Side side) {
        return side == Side.COEFFECTION ? coeffection : monday;
    }

    SideView view(Side side, Edit.ViewSlot slot) {
        if (side == Side.MONDAY && slot == Edit.ViewSlot.GROUP) {
            return mondayGroup;
        }
        return view(side);
    }

    void setView(Side side, Edit.ViewSlot slot, SideView view) {
        if (side == Side.COEFFECTION) {
            coeffection = view;
        } else if (slot == Edit.ViewSlot.GROUP) {
            mondayGroup = view;
        } else {
            monday = view;
        }
    }

    /**
     * The field's resolved value: the newest edit. For a stage with collapsed-label edits after the newest concrete
     * stage, each such label keeps the stage before it when that stage is one of the label's stages, and otherwise
     * means the label's default stage.
     */
    public Resolved resolved() {
        if (laterLabels.isEmpty()) {
            return base;
        }
        String stage = base == null ? null : stageName(base.value());
        LabelEdit last = null;
        for (LabelEdit label : laterLabels) {
            stage = stage != null && label.candidateStages().contains(stage) ? stage : label.defaultStage();
            last = label;
        }
        return new Resolved(stage == null ? null : FieldValues.status(stage), last.changedAtMicros(), last.side(),
                last.eventId());
    }

    static String stageName(FieldValue value) {
        if (value == null) {
            return null;
        }
        Object v = value.getValue();
        if (v instanceof com.coeffection.sync.schema.StatusValue s) {
            return s.getLabel();
        }
        if (v instanceof com.coeffection.sync.schema.TextValue t) {
            return t.getText();
        }
        return FieldValues.display(value);
    }
}

package com.coeffection.sync.processor.merge;

import com.coeffection.sync.schema.FieldValue;
import com.coeffection.sync.schema.SyncDirection;
import com.coeffection.sync.values.FieldValues;

import java.util.Comparator;
import java.util.Objects;

/**
 * The conflict rules (docs/conflict-rules.md), for one field edit at a time. This class and {@link Reconciler} are
 * the only places that decide who wins.
 *
 * <p>The checks run in this order; the outcome is the same as the product documents' order (do-not-sync, explicit
 * direction, most recent wins with deterministic ties, echo suppression) because an echo is not a competing edit:
 * <ol>
 *   <li>{@link Rule#DO_NOT_SYNC}: a locked field never syncs, either way.</li>
 *   <li>{@link Rule#ECHO}: our own write coming back is recognised and not synced back.</li>
 *   <li>{@link Rule#EXPLICIT_DIRECTION}: an edit on the non-source side of a one-way field is overridden.</li>
 *   <li>{@link Rule#MOST_RECENT_WINS}, per field only, with {@link Rule#TIE_COEFFECTION_WINS} and
 *       {@link Rule#LATE_OLDER_CHANGE}: edits are totally ordered by (change time, side, value, event id), so the
 *       resolved value is the maximum of the edits seen, whatever order they arrive in.</li>
 * </ol>
 */
public final class ConflictRules {
    private ConflictRules() {
    }

    /**
     * Merges one edit into the field's state and says what was decided. The state's views are updated as well: a
     * person's edit tells what that side now shows, an echo confirms our pending write.
     *
     * @param direction the field's configured direction
     * @param state     the field's state, changed in place
     * @param edit      the incoming edit
     */
    public static FieldDecision merge(SyncDirection direction, FieldState state, Edit edit) {
        Resolved before = state.resolved();
        if (direction == SyncDirection.DO_NOT_SYNC || direction == SyncDirection.NONE) {
            return new FieldDecision.Locked(before);
        }
        if (isEcho(state, edit)) {
            confirm(state, edit.side(), edit.slot(), edit.observed(), edit.changedAtMicros());
            return new FieldDecision.Echo(before);
        }
        rememberLabelChoice(state, edit);
        Side source = sourceOf(direction);
        if (source != null && edit.side() != source) {
            observe(state, edit);
            return new FieldDecision.Overridden(before, source);
        }
        return edit.ambiguous() ? mergeLabel(state, edit, before) : mergeConcrete(state, edit, before);
    }

    /**
     * Echo rule: an edit attributed to this pipeline is our own write coming back.
     * An unattributed edit is an echo when it carries exactly the value we sent that side and are still waiting
     * for. An edit attributed to someone else is never an echo, even when its value equals ours: treating it as one
     * would make the result depend on arrival order.
     */
    static boolean isEcho(FieldState state, Edit edit) {
        if (edit.origin() == Origin.OURS) {
            return true;
        }
        if (edit.origin() == Origin.UNATTRIBUTED) {
            SideView view = state.view(edit.side(), edit.slot());
            return view != null && view.status() == ViewStatus.PENDING && FieldValues.same(view.value(), edit.observed());
        }
        return false;
    }

    /**
     * Keeps the newest monday status label a person chose for a stage (newest by change time, then by label, so the
     * choice does not depend on arrival order).
     */
    private static void rememberLabelChoice(FieldState state, Edit edit) {
        boolean labelEdit = edit.side() == Side.MONDAY && edit.slot() == Edit.ViewSlot.VALUE
                && (edit.ambiguous() || edit.observed() != edit.value());
        String label = labelEdit ? FieldState.stageName(edit.observed()) : null;
        if (label == null) {
            return;
        }
        FieldState.LabelChoice current = state.mondayLabel;
        if (current == null || edit.changedAtMicros() > current.atMicros()
                || (edit.changedAtMicros() == current.atMicros() && label.compareTo(current.label()) > 0)) {
            state.mondayLabel = new FieldState.LabelChoice(label, edit.changedAtMicros());
        }
    }

    /** The side a one-way direction writes from; null for two-way. */
    public static Side sourceOf(SyncDirection direction) {
        return switch (direction) {
            case COEFFECTION_TO_MONDAY -> Side.COEFFECTION;
            case MONDAY_TO_COEFFECTION -> Side.MONDAY;
            default -> null;
        };
    }

    private static FieldDecision mergeConcrete(FieldState state, Edit edit, Resolved before) {
        Resolved incoming = new Resolved(edit.value(), edit.changedAtMicros(), edit.side(), edit.eventId());
        Resolved base = state.base;
        int order = base == null ? 1 : ORDER.compare(incoming, base);
        if (order == 0) {
            return new FieldDecision.Duplicate(before);
        }
        observe(state, edit);
        if (order < 0) {
            return new FieldDecision.Stale(before, staleRule(incoming, base));
        }
        state.base = incoming;
        state.laterLabels.removeIf(label -> ORDER.compare(labelKey(label), incoming) <= 0);
        Resolved after = state.resolved();
        return new FieldDecision.Accepted(before, after, acceptRule(edit, incoming, base, before, after));
    }

    private static FieldDecision mergeLabel(FieldState state, Edit edit, Resolved before) {
        String label = FieldState.stageName(edit.observed());
        LabelEdit labelEdit = new LabelEdit(edit.changedAtMicros(), edit.side(), edit.eventId(),
                label == null ? "" : label, edit.candidateStages(), edit.defaultStage());
        Resolved key = labelKey(labelEdit);
        if (state.base != null) {
            int order = ORDER.compare(key, state.base);
            if (order == 0) {
                return new FieldDecision.Duplicate(before);
            }
            if (order < 0) {
                observe(state, edit);
                return new FieldDecision.Stale(before, staleRule(key, state.base));
            }
        }
        for (LabelEdit existing : state.laterLabels) {
            if (ORDER.compare(labelKey(existing), key) == 0) {
                return new FieldDecision.Duplicate(before);
            }
        }
        observe(state, edit);
        state.laterLabels.add(labelEdit);
        state.laterLabels.sort(Comparator.comparing(ConflictRules::labelKey, ORDER));
        Resolved after = state.resolved();
        boolean kept = before != null && after != null && FieldValues.same(before.value(), after.value());
        return new FieldDecision.Accepted(before, after, kept ? Rule.STAGE_ALREADY_MAPPED : Rule.STAGE_COLLAPSED_DEFAULT);
    }

    private static Rule staleRule(Resolved incoming, Resolved winner) {
        return incoming.changedAtMicros() == winner.changedAtMicros() && incoming.side() != winner.side()
                ? Rule.TIE_COEFFECTION_WINS : Rule.LATE_OLDER_CHANGE;
    }

    private static Rule acceptRule(Edit edit, Resolved incoming, Resolved previousBase, Resolved before, Resolved after) {
        boolean stageFromMonday = edit.slot() == Edit.ViewSlot.GROUP || edit.observed() != edit.value();
        if (stageFromMonday && before != null && after != null && FieldValues.same(before.value(), after.value())) {
            return Rule.STAGE_ALREADY_MAPPED;
        }
        if (previousBase != null && previousBase.changedAtMicros() == incoming.changedAtMicros()
                && previousBase.side() != incoming.side()) {
            return Rule.TIE_COEFFECTION_WINS;
        }
        return Rule.MOST_RECENT_WINS;
    }

    /**
     * A person's edit (not an echo) tells what its side shows now, unless that side already showed something newer.
     * While our own write to that side is pending: an edit made before the write was sent is overwritten when it
     * lands, so the view stays; for an edit made after, the events cannot tell which of the two landed last, so the
     * view becomes unknown and the resolved value is written again.
     */
    static void observe(FieldState state, Edit edit) {
        SideView view = state.view(edit.side(), edit.slot());
        SideView next;
        if (view == null) {
            next = SideView.confirmed(edit.observed(), edit.changedAtMicros());
        } else if (view.status() == ViewStatus.PENDING) {
            next = edit.changedAtMicros() < view.atMicros() ? view
                    : new SideView(edit.observed(), edit.changedAtMicros(), ViewStatus.UNKNOWN);
        } else if (edit.changedAtMicros() >= view.atMicros()) {
            next = new SideView(edit.observed(), edit.changedAtMicros(), view.status(), view.confirmedBefore());
        } else {
            next = view;
        }
        state.setView(edit.side(), edit.slot(), next);
    }

    /**
     * Our write to a side was seen there (its echo, or the sink's delivery report): the pending view becomes
     * confirmed, with that side's change time. A report of an older write is ignored.
     */
    public static void confirm(FieldState state, Side side, Edit.ViewSlot slot, FieldValue value, long atMicros) {
        SideView view = state.view(side, slot);
        if (view != null && view.status() == ViewStatus.PENDING && FieldValues.same(view.value(), value)) {
            state.setView(side, slot, SideView.confirmed(value, atMicros));
        }
    }

    private static Resolved labelKey(LabelEdit label) {
        return new Resolved(FieldValues.status(label.label()), label.changedAtMicros(), label.side(), label.eventId());
    }

    /**
     * The total order of edits: later change time first; at equal times Coeffection (the system of record) wins;
     * then the value's canonical text and the event id, so that two edits never compare equal unless they are the
     * same edit.
     */
    static final Comparator<Resolved> ORDER = Comparator
            .comparingLong(Resolved::changedAtMicros)
            .thenComparingInt(r -> r.side().tieRank())
            .thenComparing(r -> canonical(r.value()))
            .thenComparing(r -> Objects.toString(r.eventId(), ""));

    private static String canonical(FieldValue value) {
        return value == null ? "" : value.toString();
    }
}

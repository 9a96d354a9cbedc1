package com.coeffection.sync.processor.merge;

import com.coeffection.sync.schema.FieldValue;
import com.coeffection.sync.schema.SyncDirection;
import com.coeffection.sync.values.FieldValues;

import java.util.function.BiPredicate;

/**
 * Decides which side must be written so that both hold the field's resolved value: a side is written when the
 * processor does not know it to hold that value already. This restores the source value of a one-way field after an
 * overridden edit, propagates a two-way winner, and never writes a side that already shows the value (no flapping).
 */
public final class Reconciler {
    private Reconciler() {
    }

    /**
     * How a side's shown value is compared with the resolved value: by value, except for the stage, where monday
     * shows a label (any of the stage's labels agrees) or a group.
     */
    public interface Agreement extends BiPredicate<FieldValue, FieldValue> {
        Agreement SAME = FieldValues::same;
    }

    /** Whether the side must be written for the field to be in sync. */
    public static boolean mustWrite(SyncDirection direction, FieldState state, Side side, Edit.ViewSlot slot,
                                    Agreement agreement) {
        if (!writes(direction, side)) {
            return false;
        }
        Resolved target = state.resolved();
        if (target == null) {
            return false;
        }
        SideView view = state.view(side, slot);
        if (view == null || view.status() == ViewStatus.UNKNOWN) {
            return true;
        }
        return !agreement.test(target.value(), view.value());
    }

    /** Whether a field with this direction is ever written to that side. */
    public static boolean writes(SyncDirection direction, Side side) {
        return switch (direction) {
            case TWO_WAY -> true;
            case COEFFECTION_TO_MONDAY -> side == Side.MONDAY;
            case MONDAY_TO_COEFFECTION -> side == Side.COEFFECTION;
            default -> false;
        };
    }

    /**
     * A write to monday did not land (the sink gave up on it): whatever was pending there is unknown again, so the
     * next decision about the field writes it anew.
     */
    public static void writeLost(FieldState state) {
        if (state.monday != null && state.monday.status() == ViewStatus.PENDING) {
            state.monday = new SideView(state.monday.value(), state.monday.atMicros(), ViewStatus.UNKNOWN);
        }
        if (state.mondayGroup != null && state.mondayGroup.status() == ViewStatus.PENDING) {
            state.mondayGroup = new SideView(state.mondayGroup.value(), state.mondayGroup.atMicros(), ViewStatus.UNKNOWN);
        }
    }

    /**
     * What the side shows of the field is no longer taken as known (a resend was asked for): the next reconciliation
     * writes the resolved value to it, if the field is synced that way.
     */
    public static void forget(FieldState state, Side side) {
        if (side == Side.COEFFECTION) {
            state.coeffection = unknown(state.coeffection);
        } else {
            state.monday = unknown(state.monday);
            state.mondayGroup = unknown(state.mondayGroup);
        }
    }

    private static SideView unknown(SideView view) {
        return view == null ? null : new SideView(view.value(), view.atMicros(), ViewStatus.UNKNOWN);
    }

    /**
     * The side is known to show the field's resolved value (a record Coeffection created from a monday item holds
     * what that item shows), so it is not written again.
     */
    public static void shownOn(FieldState state, Side side) {
        Resolved target = state.resolved();
        if (target != null) {
            state.setView(side, Edit.ViewSlot.VALUE, SideView.confirmed(target.value(), target.changedAtMicros()));
        }
    }

    /** The monday item was never created: monday shows nothing for the field. */
    public static void itemMissing(FieldState state) {
        state.monday = null;
        state.mondayGroup = null;
    }

    /**
     * Records that {@code shown} (the value as that side will show it) was sent to the side, pending its echo.
     *
     * @param sentAtMicros when it was sent: a lower bound of when it lands (the later of the triggering record's
     *                     time and the processor's clock)
     */
    public static void markSent(FieldState state, Side side, Edit.ViewSlot slot, FieldValue shown, long sentAtMicros) {
        state.setView(side, slot, SideView.pending(shown, sentAtMicros, state.view(side, slot)));
        if (slot == Edit.ViewSlot.VALUE) {
            FieldState.Sent sent = new FieldState.Sent(shown, sentAtMicros);
            if (side == Side.COEFFECTION) {
                state.sentToCoeffection = sent;
            } else {
                state.sentToMonday = sent;
            }
        }
    }
}

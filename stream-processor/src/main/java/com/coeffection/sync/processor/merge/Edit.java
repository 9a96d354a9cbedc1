package com.coeffection.sync.processor.merge;

import com.coeffection.sync.schema.FieldValue;

import java.util.List;

/**
 * One field change from one side, as the conflict rules see it.
 *
 * @param side             where the change was made
 * @param value            the value it gives the field (for the stage: the stage); null = cleared. Null as well for
 *                         an ambiguous stage edit ({@code candidateStages} set)
 * @param observed         the value as that side shows it (equal to {@code value} except for the stage, where monday
 *                         shows a label or a group)
 * @param slot             which of that side's views it is seen in
 * @param changedAtMicros  that side's change time, in microseconds since the epoch
 * @param eventId          the change event id or monday trigger id
 * @param origin           whom the event attributes the change to (for echo recognition)
 * @param candidateStages  for a monday label or group shared by several stages (collapse): those stages; else empty
 * @param defaultStage     for such a collapsed label: the stage it maps back to unless the current stage is one of
 *                         the candidates
 */
public record Edit(Side side, FieldValue value, FieldValue observed, ViewSlot slot, long changedAtMicros,
                   String eventId, Origin origin, List<String> candidateStages, String defaultStage) {

    public Edit {
        candidateStages = candidateStages == null ? List.of() : List.copyOf(candidateStages);
    }

    /** An ordinary field edit: the side shows exactly the value it gives the field. */
    public static Edit of(Side side, FieldValue value, long changedAtMicros, String eventId, Origin origin) {
        return new Edit(side, value, value, ViewSlot.VALUE, changedAtMicros, eventId, origin, List.of(), null);
    }

    /** Whether this is an ambiguous (collapsed-label) stage edit. */
    public boolean ambiguous() {
        return !candidateStages.isEmpty();
    }

    /** Which view of a side an edit is seen in: the field's column, or (stage only) the item's monday group. */
    public enum ViewSlot {
        VALUE,
        GROUP
    }
}

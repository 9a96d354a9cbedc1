package com.coeffection.sync.processor.merge;

/**
 * The conflict rule that decided a field, as written into history ({@code FieldDiff.rule}). Each constant names a
 * rule of docs/conflict-rules.md.
 */
public enum Rule {
    /** "Locked fields never sync. Set a field to 'Do not sync' ... to fully isolate it." */
    DO_NOT_SYNC,
    /** "Explicit per-field direction overrides timestamps." */
    EXPLICIT_DIRECTION,
    /** "Most recent timestamp wins per field ... other fields are unaffected." */
    MOST_RECENT_WINS,
    /** Equal change times: Coeffection, the system of record, wins, every time. */
    TIE_COEFFECTION_WINS,
    /** An older change arriving late never overwrites a newer one. */
    LATE_OLDER_CHANGE,
    /** The webhook or change event of a value this pipeline wrote itself: not synced back. */
    ECHO,
    /** A monday label (or group) that already maps to the record's current stage changes nothing. */
    STAGE_ALREADY_MAPPED,
    /** A collapsed monday label (several stages share it) maps back to its configured default stage. */
    STAGE_COLLAPSED_DEFAULT;

    /** The name written into history: lower-case with dashes, e.g. {@code most-recent-wins}. */
    public String historyName() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}

package com.coeffection.sync.processor.merge;

/**
 * What the conflict rules decided for one field edit. A closed set: every edit ends in exactly one of these.
 */
public sealed interface FieldDecision {

    /** The rule that decided. */
    Rule rule();

    /** The field's resolved value before the edit (null when none was known). */
    Resolved before();

    /** The field's resolved value after the edit (null when none is known). */
    Resolved after();

    /** The field is set to "Do not sync": the edit is ignored and nothing is written either way. */
    record Locked(Resolved before) implements FieldDecision {
        public Rule rule() {
            return Rule.DO_NOT_SYNC;
        }

        public Resolved after() {
            return before;
        }
    }

    /** The edit is the echo of a value this pipeline wrote: not synced back. */
    record Echo(Resolved before) implements FieldDecision {
        public Rule rule() {
            return Rule.ECHO;
        }

        public Resolved after() {
            return before;
        }
    }

    /** The field has an explicit direction and the edit comes from the other side: the source value is restored. */
    record Overridden(Resolved before, Side source) implements FieldDecision {
        public Rule rule() {
            return Rule.EXPLICIT_DIRECTION;
        }

        public Resolved after() {
            return before;
        }
    }

    /** The edit is older than the field's resolved value (or loses the tie): it is not applied. */
    record Stale(Resolved before, Rule rule) implements FieldDecision {
        public Resolved after() {
            return before;
        }
    }

    /** The edit was already merged (the same event delivered again): nothing changes. */
    record Duplicate(Resolved before) implements FieldDecision {
        public Rule rule() {
            return Rule.MOST_RECENT_WINS;
        }

        public Resolved after() {
            return before;
        }
    }

    /** The edit is the newest: the field's resolved value is now {@code after}. */
    record Accepted(Resolved before, Resolved after, Rule rule) implements FieldDecision {
    }
}

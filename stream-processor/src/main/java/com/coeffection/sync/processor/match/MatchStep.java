package com.coeffection.sync.processor.match;

import com.coeffection.sync.schema.LinkSource;

import java.util.Optional;

/**
 * What a match answer or a person's review decision does to a record: link it to an existing item, let it create
 * its own item, or nothing (it no longer applies). {@code toMatcher} tells the board matcher about a person's choice.
 */
public sealed interface MatchStep {
    String rule();

    String message();

    Optional<MatchMessage> toMatcher();

    /** Link the record to {@code itemId} and write its values there. */
    record Link(long itemId, LinkSource source, String rule, String message, Optional<MatchMessage> toMatcher)
            implements MatchStep {
    }

    /** The record gets an item of its own. */
    record Create(String rule, String message, Optional<MatchMessage> toMatcher) implements MatchStep {
    }

    /** Nothing changes; the reason goes to history. */
    record Ignore(String rule, String message, Optional<MatchMessage> toMatcher) implements MatchStep {
    }
}

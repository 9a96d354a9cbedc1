package com.coeffection.sync.matching;

import java.util.List;

/** What matching decided for one record. */
public sealed interface MatchOutcome permits MatchOutcome.Linked, MatchOutcome.Review, MatchOutcome.NoMatch {

    /** One item matched by an exact rule: link them. */
    record Linked(long itemId, MatchRule rule) implements MatchOutcome {
    }

    /**
     * A person must decide before anything is linked or created: a fuzzy match, several items at the same rank, or
     * an item another record already matched.
     *
     * @param itemIds    the candidate items, best first
     * @param similarity for a fuzzy match, the best similarity (0..1); 1.0 for exact rules
     * @param reason     why it needs a person, in words for the review queue
     */
    record Review(List<Long> itemIds, MatchRule rule, double similarity, String reason) implements MatchOutcome {
    }

    /** No item matches: the record gets an item of its own. */
    record NoMatch() implements MatchOutcome {
    }
}

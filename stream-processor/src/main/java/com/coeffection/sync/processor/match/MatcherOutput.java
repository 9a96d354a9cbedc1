package com.coeffection.sync.processor.match;

import com.coeffection.sync.schema.SyncControl;
import com.coeffection.sync.schema.SyncHistoryEntry;

/** What the board matcher writes: an answer to the processor on sync.control, or a REVIEW history entry. */
sealed interface MatcherOutput {
    /** MATCH_LINK or MATCH_NONE for one record, keyed by record key. */
    record Answer(SyncControl control) implements MatcherOutput {
    }

    /** A match a person must decide, keyed by entry id. */
    record Review(SyncHistoryEntry entry) implements MatcherOutput {
    }
}

package com.coeffection.sync.processor.decide;

import com.coeffection.sync.schema.Actor;
import com.coeffection.sync.schema.SyncDirection;

/**
 * What triggered a decision: the history entry id (see {@link com.coeffection.sync.contract.SyncIds}), who, which
 * event, which way, when; for a control request also the rule it stands for, the entry it acts on and its id.
 */
public record Trigger(String entryId, Actor actor, String eventId, SyncDirection direction, long timestamp,
                       String rule, String relatedEntryId, String controlRequestId) {
    public Trigger(String entryId, Actor actor, String eventId, SyncDirection direction, long timestamp) {
        this(entryId, actor, eventId, direction, timestamp, null, null, null);
    }
}

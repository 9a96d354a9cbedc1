package com.coeffection.sync.processor.match;

import com.coeffection.sync.matching.RecordFacts;
import com.coeffection.sync.topics.RecordKeys;

/**
 * What the processor tells the board matcher about one record of a board matched on connect, keyed
 * {@code tenantId:boardId} so that one task decides every match of a board. Internal to the processor's application
 * (it travels on the internal topic {@code <application id>-match-by-board-repartition}, as JSON), not part of the
 * public contract.
 *
 * @param kind      REQUEST: match this unlinked record (its facts as the processor knows them); CLAIM: a person
 *                  approved item {@code itemId} for the record, keep it for the record; RELEASE: the record will not
 *                  take the items proposed for it (a rejected review), free them
 * @param requestId the input that caused the message (a change's event id, a control request's id)
 */
public record MatchMessage(Kind kind, String tenantId, String entityType, String recordId, long boardId, String name,
                           String email, String phone, String groupId, Long itemId, String requestId) {

    /** The closed set of messages. */
    public enum Kind { REQUEST, CLAIM, RELEASE }

    public String recordKey() {
        return RecordKeys.recordKey(tenantId, entityType, recordId);
    }

    public String boardKey() {
        return RecordKeys.boardKey(tenantId, boardId);
    }

    public RecordFacts facts() {
        return new RecordFacts(recordKey(), name, email, phone, groupId);
    }
}

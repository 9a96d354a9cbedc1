package com.coeffection.sync.history.query;

import com.coeffection.sync.contract.DeadLetterHeaders;
import com.coeffection.sync.schema.DeadLetter;

import java.util.List;

/**
 * A dead letter as the API shows it: what is wrong, where it came from, monday's code, message and request id for a
 * monday failure, whether it can be replayed, and the replays made of it (request ids).
 *
 * @param replayable false for input that never reached Kafka (a webhook body): it has no source record to replay
 */
public record DeadLetterView(String deadLetterId, String tenantId, String errorType, String reason, String part,
                             String sourceTopic, int sourcePartition, long sourceOffset, String recordKey,
                             int attempts, String errorCode, String mondayMessage, String requestId,
                             String occurredAt, boolean replayable, List<String> replays, String cursor) {

    public static DeadLetterView of(DeadLetter d, String tenant, List<String> replays, String cursor) {
        var context = d.getContext();
        return new DeadLetterView(d.getDeadLetterId(), tenant, d.getErrorType(), d.getReason(),
                context.get(DeadLetterHeaders.CONTEXT_PART), d.getSourceTopic(), d.getSourcePartition(),
                d.getSourceOffset(), d.getRecordKey(), d.getAttempts(), context.get(DeadLetterHeaders.CONTEXT_ERROR_CODE),
                context.get(DeadLetterHeaders.CONTEXT_MONDAY_MESSAGE), context.get(DeadLetterHeaders.CONTEXT_REQUEST_ID),
                d.getOccurredAt().toString(), replayable(d), replays, cursor);
    }

    /** Whether the dead letter holds a Kafka record that can be written back to its source topic. */
    public static boolean replayable(DeadLetter d) {
        return d.getSourcePartition() >= 0 && d.getValue() != null && d.getSourceTopic() != null
                && !d.getSourceTopic().isBlank();
    }
}

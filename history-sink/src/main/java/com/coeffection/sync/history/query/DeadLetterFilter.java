package com.coeffection.sync.history.query;

import com.coeffection.sync.contract.DeadLetterHeaders;
import com.coeffection.sync.schema.DeadLetter;

import java.time.Instant;

/**
 * Which dead letters of a tenant a list or a replay takes. Null means "any".
 *
 * @param recordKey  {@code tenant:entityType:recordId} (the dead letter's record key or Kafka key)
 * @param errorCode  the error type (e.g. MONDAY_PERMANENT) or monday's own error code (e.g. ColumnValueException)
 * @param since      kept at or after
 * @param until      kept at or before
 */
public record DeadLetterFilter(String recordKey, String errorCode, Instant since, Instant until) {

    public static DeadLetterFilter any() {
        return new DeadLetterFilter(null, null, null, null);
    }

    public boolean matches(DeadLetter d, String kafkaKey) {
        return (recordKey == null || recordKey.equals(d.getRecordKey()) || recordKey.equals(kafkaKey))
                && (errorCode == null || errorCode.equals(d.getErrorType())
                || errorCode.equals(d.getContext().get(DeadLetterHeaders.CONTEXT_ERROR_CODE)))
                && (since == null || !d.getOccurredAt().isBefore(since))
                && (until == null || !d.getOccurredAt().isAfter(until));
    }
}

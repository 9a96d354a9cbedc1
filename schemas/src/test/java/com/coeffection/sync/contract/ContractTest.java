package com.coeffection.sync.contract;

import com.coeffection.sync.schema.DeadLetter;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ContractTest {

    @Test
    void unknownErrorNamesReadAsOtherAndOutagesAreRetryable() {
        assertThat(ErrorType.parse("wire_format")).isEqualTo(ErrorType.WIRE_FORMAT);
        assertThat(ErrorType.parse("SOMETHING_NEWER")).isEqualTo(ErrorType.OTHER);
        assertThat(ErrorType.parse(null)).isEqualTo(ErrorType.OTHER);
        assertThat(ErrorType.REGISTRY_UNAVAILABLE.retryable()).isTrue();
        assertThat(ErrorType.WRONG_VALUE_TYPE.retryable()).isFalse();
    }

    @Test
    void headersRepeatTheDeadLetterInOneScheme() {
        DeadLetter letter = DeadLetter.newBuilder().setDeadLetterId("dlq:t:2:7").setSourceTopic("t")
                .setSourcePartition(2).setSourceOffset(7).setErrorType(ErrorType.MONDAY_PERMANENT.name())
                .setReason("monday refused it").setTenantId("acme").setRecordKey("acme:Contact:1").setAttempts(3)
                .setContext(Map.of(DeadLetterHeaders.CONTEXT_PART, "sink", DeadLetterHeaders.CONTEXT_ERROR_CODE,
                        "ColumnValueException", DeadLetterHeaders.CONTEXT_MONDAY_MESSAGE, "invalid phone"))
                .setOccurredAt(Instant.EPOCH).build();

        Map<String, String> h = DeadLetterHeaders.of(letter);

        assertThat(h).containsEntry(DeadLetterHeaders.ERROR_TYPE, "MONDAY_PERMANENT")
                .containsEntry(DeadLetterHeaders.PART, "sink")
                .containsEntry(DeadLetterHeaders.SOURCE_PARTITION, "2")
                .containsEntry(DeadLetterHeaders.SOURCE_OFFSET, "7")
                .containsEntry(DeadLetterHeaders.ERROR_CODE, "ColumnValueException")
                .containsEntry(DeadLetterHeaders.MONDAY_MESSAGE, "invalid phone")
                .doesNotContainKey(DeadLetterHeaders.REQUEST_ID);
        assertThat(DeadLetterHeaders.read(DeadLetterHeaders.kafkaHeaders(letter), DeadLetterHeaders.RECORD_KEY))
                .isEqualTo("acme:Contact:1");
    }

    @Test
    void idsDeriveFromTheirCause() {
        String entry = SyncIds.recordChangeEntry("e1");
        assertThat(SyncIds.command(entry, 2)).isEqualTo("rc:e1:c2");
        assertThat(SyncIds.entryOfCommand(SyncIds.command(entry, 2))).isEqualTo(entry);
        assertThat(SyncIds.deadLetter("t", 1, 5, null)).isEqualTo("dlq:t:1:5");
    }
}

package com.coeffection.sync.processor;

import com.coeffection.sync.contract.DeadLetterHeaders;
import com.coeffection.sync.contract.ErrorType;
import com.coeffection.sync.processor.routing.BadInput;
import com.coeffection.sync.schema.DeadLetter;
import com.coeffection.sync.schema.FieldChange;
import com.coeffection.sync.schema.HistoryStatus;
import com.coeffection.sync.schema.MondayEventKind;
import com.coeffection.sync.schema.RecordChange;
import com.coeffection.sync.schema.RecordOperation;
import com.coeffection.sync.schema.SyncHistoryEntry;
import com.coeffection.sync.testkit.RealInfra;
import com.coeffection.sync.testkit.RealInfraExtension;
import com.coeffection.sync.values.FieldValues;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static com.coeffection.sync.processor.ConflictResolutionTest.fields;
import static com.coeffection.sync.processor.ConflictResolutionTest.single;
import static com.coeffection.sync.processor.SyncDriver.PERSON_ON_MONDAY;
import static com.coeffection.sync.values.FieldValues.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input is never dropped silently: it becomes a dead letter (original bytes, reason in the value and the headers)
 * and a REJECTED history entry naming it, and the topology goes on with the next record.
 */
@ExtendWith(RealInfraExtension.class)
class BadInputTest {
    static final Instant T = Instant.parse("2026-11-20T10:00:00Z");
    static final long ITEM = 9001L;

    SyncDriver sync;

    @BeforeEach
    void setUp(RealInfra infra) {
        sync = new SyncDriver(infra.schemaRegistryUrl()).withMappings("/mappings/acme.yaml").linked("r1", ITEM);
    }

    @AfterEach
    void close() {
        sync.close();
    }

    @Test
    @DisplayName("Undecodable bytes on record changes: dead letter with the bytes and reason, history, then go on")
    void undecodableRecordChangeIsDeadLetteredAndProcessingContinues() {
        byte[] garbage = "not avro at all".getBytes(StandardCharsets.UTF_8);

        sync.pipeRawChange("acme:Contact:r1", garbage, T);
        sync.coeffectionEdit("r1", "title", text("CTO"), T.plusSeconds(1));

        TestRecord<String, DeadLetter> letter = single(sync.deadLetters());
        assertThat(letter.key()).isEqualTo("acme:Contact:r1");
        assertThat(letter.value().getErrorType()).isEqualTo(ErrorType.WIRE_FORMAT.name());
        assertThat(letter.value().getSourceTopic()).isEqualTo(sync.topics().recordChanges());
        assertThat(bytes(letter.value().getValue())).isEqualTo(garbage);
        assertThat(header(letter, DeadLetterHeaders.ERROR_TYPE)).isEqualTo(ErrorType.WIRE_FORMAT.name());
        assertThat(header(letter, DeadLetterHeaders.REASON)).contains("cannot be decoded");
        assertThat(header(letter, DeadLetterHeaders.PART)).isEqualTo("processor");
        assertThat(header(letter, DeadLetterHeaders.ID)).isEqualTo(letter.value().getDeadLetterId());
        assertThat(header(letter, DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo(sync.topics().recordChanges());
        List<SyncHistoryEntry> history = sync.history();
        assertThat(history).extracting(SyncHistoryEntry::getStatus)
                .containsExactly(HistoryStatus.REJECTED, HistoryStatus.PENDING);
        assertThat(history.get(0).getDeadLetterId()).isEqualTo(letter.value().getDeadLetterId());
        assertThat(history.get(0).getTenantId()).isEqualTo("acme");
        assertThat(sync.commands()).hasSize(1);
    }

    @Test
    @DisplayName("Undecodable bytes on monday item events: dead letter and history, then go on")
    void undecodableItemEventIsDeadLettered() {
        sync.pipeRawItemEvent("acme:100:9001", new byte[] {0, 0, 0, 0, 42, 1, 2}, T);
        sync.mondayColumnChange(ITEM, "text_title", "text", "{\"value\":\"CTO\"}", T.plusSeconds(1), PERSON_ON_MONDAY);

        assertThat(single(sync.deadLetters()).value().getErrorType()).isEqualTo(ErrorType.UNKNOWN_SCHEMA_ID.name());
        assertThat(sync.history()).extracting(SyncHistoryEntry::getStatus)
                .containsExactly(HistoryStatus.REJECTED, HistoryStatus.PENDING);
        assertThat(sync.updates()).hasSize(1);
    }

    @Test
    @DisplayName("Unknown tenant: rejected with a reason naming the tenant")
    void unknownTenantIsRejected() {
        RecordChange change = RecordChange.newBuilder().setEventId("e-1").setTenantId("globex").setEntityType("Contact")
                .setRecordId("x").setOperation(RecordOperation.UPDATE).setActor(SyncDriver.userActor())
                .setOccurredAt(T).setFields(List.of(new FieldChange("title", text("CTO"), T))).build();

        sync.pipeChange(change, T);

        DeadLetter letter = single(sync.deadLetters()).value();
        assertThat(letter.getErrorType()).isEqualTo("UNKNOWN_TENANT");
        assertThat(letter.getReason()).contains("globex");
        assertThat(single(sync.history()).getErrorCode()).isEqualTo("UNKNOWN_TENANT");
    }

    @Test
    @DisplayName("Unknown entity type of a known tenant: rejected with a reason naming the entity type")
    void unknownEntityTypeIsRejected() {
        RecordChange change = RecordChange.newBuilder().setEventId("e-2").setTenantId("acme").setEntityType("Invoice")
                .setRecordId("x").setOperation(RecordOperation.CREATE).setActor(SyncDriver.userActor())
                .setOccurredAt(T).setFields(List.of()).build();

        sync.pipeChange(change, T);

        DeadLetter letter = single(sync.deadLetters()).value();
        assertThat(letter.getErrorType()).isEqualTo("UNKNOWN_ENTITY_TYPE");
        assertThat(letter.getReason()).contains("Invoice");
        assertThat(single(sync.history()).getStatus()).isEqualTo(HistoryStatus.REJECTED);
    }

    @Test
    @DisplayName("Unmapped field: that field is rejected, the change's other fields still sync")
    void unmappedFieldIsRejectedAndTheOtherFieldsSync() {
        sync.coeffectionChange("r1", RecordOperation.UPDATE, SyncDriver.userActor(), null, T,
                fields("title", text("CTO"), "shoeSize", FieldValues.number("44")));

        DeadLetter letter = single(sync.deadLetters()).value();
        assertThat(letter.getErrorType()).isEqualTo("UNMAPPED_FIELD");
        assertThat(letter.getReason()).contains("shoeSize").contains("Contact");
        assertThat(sync.history()).extracting(SyncHistoryEntry::getStatus)
                .containsExactly(HistoryStatus.PENDING, HistoryStatus.REJECTED);
        assertThat(single(sync.commands()).getColumns()).extracting(c -> c.getField()).containsExactly("title");
    }

    @Test
    @DisplayName("A value of the wrong type for its field (Coeffection side) is rejected with field and types named")
    void wrongValueTypeFromCoeffectionIsRejected() {
        sync.coeffectionEdit("r1", "amount", text("lots"), T);

        DeadLetter letter = single(sync.deadLetters()).value();
        assertThat(letter.getErrorType()).isEqualTo("WRONG_VALUE_TYPE");
        assertThat(letter.getReason()).contains("amount").contains("number").contains("TextValue");
        assertThat(sync.commands()).isEmpty();
    }

    @Test
    @DisplayName("A monday value that is not of its column's type is rejected with the column named")
    void wrongValueTypeFromMondayIsRejected() {
        sync.mondayColumnChange(ITEM, "numbers_amt", "numbers", "{\"value\":\"twelve\"}", T, PERSON_ON_MONDAY);

        DeadLetter letter = single(sync.deadLetters()).value();
        assertThat(letter.getErrorType()).isEqualTo("WRONG_VALUE_TYPE");
        assertThat(letter.getReason()).contains("numbers_amt");
        assertThat(sync.updates()).isEmpty();
    }

    @Test
    @DisplayName("A monday column no field is mapped to is rejected with the column and board named")
    void unmappedMondayColumnIsRejected() {
        sync.mondayColumnChange(ITEM, "text_misc", "text", "{\"value\":\"x\"}", T, PERSON_ON_MONDAY);

        DeadLetter letter = single(sync.deadLetters()).value();
        assertThat(letter.getErrorType()).isEqualTo("UNMAPPED_COLUMN");
        assertThat(letter.getReason()).contains("text_misc").contains("100");
        assertThat(letter.getSourceTopic()).as("replayable to the item-events topic").isEqualTo(sync.topics().itemEvents());
    }

    @Test
    @DisplayName("An event of an item on a board no mapping names is rejected as UNKNOWN_BOARD")
    void itemOfAnUnknownBoardIsRejected() {
        sync.pipeItemEvent(sync.baseEvent("t-x", 1L, MondayEventKind.UPDATE_NAME, "update_name", T, PERSON_ON_MONDAY)
                .setBoardId(555L).build(), T);

        DeadLetter letter = single(sync.deadLetters()).value();
        assertThat(letter.getErrorType()).isEqualTo("UNKNOWN_BOARD");
        assertThat(letter.getReason()).contains("555");
    }

    @Test
    @DisplayName("The dead-letter and rejection counters are exposed as metrics")
    void rejectionsAreCounted() {
        sync.pipeRawChange("acme:Contact:r1", new byte[] {1, 2, 3}, T);

        double count = sync.metrics().registry().get("sync.processor.dead.letters").counters().stream()
                .mapToDouble(c -> c.count()).sum();
        assertThat(count).isEqualTo(1.0);
    }

    static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] out = new byte[copy.remaining()];
        copy.get(out);
        return out;
    }

    static String header(TestRecord<String, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}

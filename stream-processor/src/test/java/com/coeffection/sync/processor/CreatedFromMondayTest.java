package com.coeffection.sync.processor;

import com.coeffection.sync.monday.columns.ColumnCodecs;
import com.coeffection.sync.monday.columns.ColumnType;
import com.coeffection.sync.processor.mapping.MappingLoader;
import com.coeffection.sync.schema.Actor;
import com.coeffection.sync.schema.ActorKind;
import com.coeffection.sync.schema.BoardMapping;
import com.coeffection.sync.schema.FieldChange;
import com.coeffection.sync.schema.FieldValue;
import com.coeffection.sync.schema.HistoryStatus;
import com.coeffection.sync.schema.Link;
import com.coeffection.sync.schema.LinkSource;
import com.coeffection.sync.schema.MondayEventKind;
import com.coeffection.sync.schema.MondayItemEvent;
import com.coeffection.sync.schema.RecordOperation;
import com.coeffection.sync.schema.RecordUpdate;
import com.coeffection.sync.schema.RecordUpdateOperation;
import com.coeffection.sync.schema.SyncHistoryEntry;
import com.coeffection.sync.testkit.RealInfra;
import com.coeffection.sync.testkit.RealInfraExtension;
import com.coeffection.sync.values.FieldValues;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import static com.coeffection.sync.processor.ConflictResolutionTest.single;
import static com.coeffection.sync.processor.SyncDriver.INTEGRATION_USER;
import static com.coeffection.sync.processor.SyncDriver.PERSON_ON_MONDAY;
import static com.coeffection.sync.values.FieldValues.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A mapping with {@code createFromMonday}: a person's new monday item that no record is linked to makes Coeffection
 * create a record from it, and the record Coeffection then reports is linked to that item.
 */
@ExtendWith(RealInfraExtension.class)
class CreatedFromMondayTest {
    static final Instant T = Instant.parse("2026-11-20T11:00:00Z");
    static final long ITEM = 7001L;

    SyncDriver sync;

    @BeforeEach
    void setUp(RealInfra infra) {
        sync = new SyncDriver(infra.schemaRegistryUrl());
        sync.publish(BoardMapping.newBuilder(contactMapping()).setCreateFromMonday(true).build());
    }

    @AfterEach
    void close() {
        sync.close();
    }

    @Test
    @DisplayName("A person's new item asks Coeffection to create a record with the item's values (by direction), at once")
    void aPersonsNewItemAsksCoeffectionToCreateARecord() {
        newItemByPerson(ITEM, "Walter Skinner", T);

        RecordUpdate create = single(sync.updates());
        assertThat(create.getOperation()).isEqualTo(RecordUpdateOperation.CREATE);
        assertThat(create.getRecordId()).isEqualTo("monday-item-" + ITEM);
        assertThat(create.getItemId()).isEqualTo(ITEM);
        assertThat(create.getBoardId()).isEqualTo(SyncDriver.BOARD);
        // two-way and monday-to-Coeffection fields, the item name and the stage of its group; not the
        // Coeffection-to-monday field nor the do-not-sync one
        assertThat(values(create)).containsOnlyKeys("fullName", "email", "title", "source", "lifecycle");
        assertThat(values(create).get("fullName")).isEqualTo(text("Walter Skinner"));
        assertThat(values(create).get("title")).isEqualTo(text("Assistant Director"));
        assertThat(values(create).get("source")).isEqualTo(text("trade show"));
        assertThat(values(create).get("lifecycle")).isEqualTo(FieldValues.status("Qualified"));
        // monday gets only the status label of the stage its group stands for (as for any item moved to a group)
        assertThat(sync.commands()).flatExtracting(c -> c.getColumns()).extracting(c -> c.getColumnId())
                .containsOnly("status");
        assertThat(sync.history()).extracting(SyncHistoryEntry::getStatus).doesNotContain(HistoryStatus.UNLINKED);
        assertThat(sync.deadLetters()).isEmpty();
        assertThat(sync.metrics().parkedCount()).isZero();
    }

    @Test
    @DisplayName("The record Coeffection creates is linked to the item and nothing is written back to monday")
    void theCreatedRecordIsLinkedToTheItemWithoutWritingItBack() {
        newItemByPerson(ITEM, "Walter Skinner", T);
        RecordUpdate create = single(sync.updates());
        sync.clearOutputs();

        coeffectionCreates("cnt_NEW1", create, T.plusSeconds(1));

        Link link = single(sync.newLinks());
        assertThat(link.getRecordId()).isEqualTo("cnt_NEW1");
        assertThat(link.getItemId()).isEqualTo(ITEM);
        assertThat(link.getSource()).isEqualTo(LinkSource.RECORD_CREATED);
        assertThat(sync.commands()).isEmpty();
        assertThat(sync.updates()).isEmpty();
        SyncHistoryEntry linked = sync.history().stream().filter(e -> "created-from-monday".equals(e.getRule()))
                .findFirst().orElseThrow();
        assertThat(linked.getStatus()).isEqualTo(HistoryStatus.SUCCEEDED);
        assertThat(linked.getRecordId()).isEqualTo("cnt_NEW1");
        assertThat(linked.getItemId()).isEqualTo(ITEM);
        assertThat(sync.state("cnt_NEW1").itemId()).isEqualTo(ITEM);

        // a later edit in Coeffection goes to that item
        sync.linkedRaw(SyncDriver.recordKey("cnt_NEW1"), link);
        sync.coeffectionEdit("cnt_NEW1", "city", text("Washington"), T.plusSeconds(60));
        assertThat(single(sync.commands()).getItemId()).isEqualTo(ITEM);
    }

    @Test
    @DisplayName("A person's edit of the new item before the record exists waits and reaches the record once it is linked")
    void anEditBeforeTheRecordExistsReachesIt() {
        newItemByPerson(ITEM, "Walter Skinner", T);
        RecordUpdate create = single(sync.updates());
        sync.mondayColumnChange(ITEM, "text_city", "text", "{\"value\":\"Quantico\"}", T.plusMillis(500),
                PERSON_ON_MONDAY);
        assertThat(sync.metrics().parkedCount()).isEqualTo(1);

        coeffectionCreates("cnt_NEW1", create, T.plusSeconds(1));
        sync.linkedRaw(SyncDriver.recordKey("cnt_NEW1"), single(sync.newLinks()));
        sync.advanceWallClock(Duration.ofMillis(200));

        RecordUpdate city = single(sync.updates());
        assertThat(city.getOperation()).isEqualTo(RecordUpdateOperation.UPDATE);
        assertThat(city.getRecordId()).isEqualTo("cnt_NEW1");
        assertThat(values(city)).containsExactly(Map.entry("city", text("Quantico")));
        assertThat(sync.metrics().parkedCount()).isZero();
    }

    @Test
    @DisplayName("The same new-item event delivered twice asks for one record only")
    void aRedeliveredNewItemEventCreatesNothingTwice() {
        MondayItemEvent event = newItemEvent(ITEM, "Walter Skinner", T, "t-create");
        sync.pipeItemEvent(event, T);
        sync.pipeItemEvent(event, T.plusSeconds(5));

        assertThat(sync.updates()).hasSize(1);
    }

    @Test
    @DisplayName("Our own new items (the integration's user) and items on a board without the option create no record")
    void ownItemsAndBoardsWithoutTheOptionCreateNothing() {
        sync.mondayEvent(7777L, MondayEventKind.CREATE_ITEM, "create_pulse", T, INTEGRATION_USER, "g_new");
        assertThat(single(sync.history()).getStatus()).isEqualTo(HistoryStatus.SKIPPED_ECHO);

        BoardMapping off = contactMapping();
        sync.publish(off);
        newItemByPerson(7778L, "Alex Krycek", T.plusSeconds(1));
        sync.advanceWallClock(Duration.ofMillis(ProcessorConfig.DEFAULT_PARKED_EVENT_TIMEOUT_MS + 200));

        assertThat(sync.updates()).isEmpty();
        assertThat(single(sync.history()).getStatus()).isEqualTo(HistoryStatus.UNLINKED);
    }

    // ------------------------------------------------------------------ helpers

    private void newItemByPerson(long itemId, String name, Instant at) {
        sync.pipeItemEvent(newItemEvent(itemId, name, at, "t-" + itemId + "-" + at.toEpochMilli()), at);
    }

    private MondayItemEvent newItemEvent(long itemId, String name, Instant at, String trigger) {
        ColumnCodecs codecs = ColumnCodecs.standard();
        Map<String, String> columns = new LinkedHashMap<>();
        columns.put("email_col", codecs.toMonday(ColumnType.EMAIL, "email_col", FieldValues.email("walter@fbi.test")));
        columns.put("text_title", codecs.toMonday(ColumnType.TEXT, "text_title", text("Assistant Director")));
        columns.put("text_source", codecs.toMonday(ColumnType.TEXT, "text_source", text("trade show")));
        columns.put("numbers_amt", "\"12\"");
        columns.put("text_notes", codecs.toMonday(ColumnType.TEXT, "text_notes", text("private")));
        return sync.baseEvent(trigger, itemId, MondayEventKind.CREATE_ITEM, "create_pulse", at, PERSON_ON_MONDAY)
                .setItemName(name).setGroupId("g_qual").setColumnValues(columns)
                .setChangedAt(at.truncatedTo(ChronoUnit.MICROS)).build();
    }

    /** Coeffection applies the CREATE: a new record with the item's id in its Monday Item ID field. */
    private void coeffectionCreates(String recordId, RecordUpdate create, Instant at) {
        Map<String, FieldValue> fields = new LinkedHashMap<>(values(create));
        fields.put("mondayItemId", FieldValues.number(java.math.BigDecimal.valueOf(create.getItemId())));
        sync.coeffectionChange(recordId, RecordOperation.CREATE,
                Actor.newBuilder().setKind(ActorKind.INTEGRATION).build(), create.getUpdateId(), at, fields);
    }

    private static Map<String, FieldValue> values(RecordUpdate update) {
        return update.getFields().stream().collect(Collectors.toMap(FieldChange::getField, FieldChange::getValue,
                (a, b) -> b, LinkedHashMap::new));
    }

    static BoardMapping contactMapping() {
        try (InputStream in = CreatedFromMondayTest.class.getResourceAsStream("/mappings/acme.yaml")) {
            String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return new MappingLoader(Clock.fixed(SyncDriver.MAPPING_TIME, ZoneOffset.UTC)).parse(yaml, "acme.yaml")
                    .mappings().stream().filter(m -> m.getEntityType().equals("Contact")).findFirst().orElseThrow();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

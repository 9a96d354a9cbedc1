package com.coeffection.sync.processor;

import com.coeffection.sync.processor.mapping.MappingLoader;
import com.coeffection.sync.schema.BoardMapping;
import com.coeffection.sync.schema.CommandOutcome;
import com.coeffection.sync.schema.FieldMapping;
import com.coeffection.sync.schema.HistoryStatus;
import com.coeffection.sync.schema.Link;
import com.coeffection.sync.schema.LinkSource;
import com.coeffection.sync.schema.MondayAction;
import com.coeffection.sync.schema.MondayCommand;
import com.coeffection.sync.schema.MondayEventKind;
import com.coeffection.sync.schema.RecordOperation;
import com.coeffection.sync.schema.SyncDirection;
import com.coeffection.sync.schema.SyncHistoryEntry;
import com.coeffection.sync.testkit.RealInfra;
import com.coeffection.sync.testkit.RealInfraExtension;
import com.coeffection.sync.values.FieldValues;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.coeffection.sync.processor.ConflictResolutionTest.fields;
import static com.coeffection.sync.processor.ConflictResolutionTest.single;
import static com.coeffection.sync.processor.SyncDriver.INTEGRATION_USER;
import static com.coeffection.sync.processor.SyncDriver.PERSON_ON_MONDAY;
import static com.coeffection.sync.values.FieldValues.status;
import static com.coeffection.sync.values.FieldValues.text;
import static org.assertj.core.api.Assertions.assertThat;

/** Items, links, deletes and mapping changes: what happens around the conflict rules. */
@ExtendWith(RealInfraExtension.class)
class ItemLifecycleTest {
    static final Instant T = Instant.parse("2026-11-20T11:00:00Z");

    SyncDriver sync;

    @BeforeEach
    void setUp(RealInfra infra) {
        sync = new SyncDriver(infra.schemaRegistryUrl()).withMappings("/mappings/acme.yaml");
    }

    @AfterEach
    void close() {
        sync.close();
    }

    @Test
    @DisplayName("A record with no item gets one created with all its mapped values; the new item id becomes a link")
    void firstChangeCreatesTheItemAndTheSinkResultLinksIt() {
        // when a new Contact is created in Coeffection
        sync.coeffectionChange("r9", RecordOperation.CREATE, SyncDriver.userActor(), null, T,
                fields("fullName", text("Dana Scully"), "email", FieldValues.email("dana@acme.test"),
                        "lifecycle", status("New"), "notes", text("private")));

        // then one CREATE_ITEM carries the name, every mapped value and the stage's group (not the locked field)
        MondayCommand create = single(sync.commands());
        assertThat(create.getAction()).isEqualTo(MondayAction.CREATE_ITEM);
        assertThat(create.getItemId()).isNull();
        assertThat(create.getItemName()).isEqualTo("Dana Scully");
        assertThat(create.getGroupId()).isEqualTo("g_new");
        assertThat(create.getColumns()).extracting(c -> c.getColumnId()).containsExactlyInAnyOrder("email_col", "status");
        assertThat(single(sync.history()).getStatus()).isEqualTo(HistoryStatus.PENDING);

        // and a change made while the item is being created waits for it
        sync.coeffectionEdit("r9", "title", text("Agent"), T.plusSeconds(1));
        assertThat(sync.commands()).isEmpty();
        assertThat(single(sync.history()).getErrorMessage()).contains("being created");

        // when the sink reports the item created
        sync.sinkResult(create, CommandOutcome.DELIVERED, 8888L, true, T.plusSeconds(2));

        // then the link is published and the waiting change is caught up in one update
        Link link = single(sync.newLinks());
        assertThat(link.getItemId()).isEqualTo(8888L);
        assertThat(link.getSource()).isEqualTo(LinkSource.ITEM_CREATED);
        MondayCommand catchUp = single(sync.commands());
        assertThat(catchUp.getAction()).isEqualTo(MondayAction.UPDATE_COLUMNS);
        assertThat(catchUp.getItemId()).isEqualTo(8888L);
        assertThat(catchUp.getColumns()).extracting(c -> c.getColumnId()).containsExactly("text_title");
        assertThat(sync.state("r9").itemId()).isEqualTo(8888L);
    }

    @Test
    @DisplayName("The sink's delivery report confirms our write, so a later monday edit is not written back")
    void deliveredResultConfirmsTheWrite() {
        sync.linked("r1", 5001L);
        sync.coeffectionEdit("r1", "title", text("VP Sales"), T);
        MondayCommand write = single(sync.commands());

        sync.sinkResult(write, CommandOutcome.DELIVERED, 5001L, false, T.plusSeconds(1));
        sync.mondayColumnChange(5001L, "text_title", "text", "{\"value\":\"CTO\"}", T.plusSeconds(60), PERSON_ON_MONDAY);

        assertThat(sync.state("r1").field("title").resolved().value()).isEqualTo(text("CTO"));
        assertThat(single(sync.updates()).getFields().get(0).getValue()).isEqualTo(text("CTO"));
        assertThat(sync.commands()).isEmpty();
    }

    @Test
    @DisplayName("When the item could not be created, the next change asks for it again")
    void failedCreationIsRetriedOnTheNextChange() {
        sync.coeffectionEdit("r7", "title", text("Agent"), T);
        MondayCommand create = single(sync.commands());
        assertThat(create.getAction()).isEqualTo(MondayAction.CREATE_ITEM);

        sync.sinkResult(create, CommandOutcome.DEAD_LETTERED, null, false, T.plusSeconds(1));
        sync.coeffectionEdit("r7", "city", text("Oslo"), T.plusSeconds(2));

        MondayCommand retry = single(sync.commands());
        assertThat(retry.getAction()).isEqualTo(MondayAction.CREATE_ITEM);
        assertThat(retry.getColumns()).extracting(c -> c.getColumnId()).containsExactlyInAnyOrder("text_title", "text_city");
    }

    @Test
    @DisplayName("Seed troubleshooting: setting the record's Monday Item ID links it to that item, which gets its values")
    void mondayItemIdFieldRelinksTheRecordByHand() {
        sync.linked("r1", 5001L);
        sync.coeffectionEdit("r1", "title", text("VP Sales"), T);
        sync.clearOutputs();

        sync.coeffectionEdit("r1", "mondayItemId", text("6002"), T.plusSeconds(60));

        Link link = single(sync.newLinks());
        assertThat(link.getItemId()).isEqualTo(6002L);
        assertThat(link.getSource()).isEqualTo(LinkSource.MANUAL);
        MondayCommand update = single(sync.commands());
        assertThat(update.getItemId()).isEqualTo(6002L);
        assertThat(update.getColumns()).extracting(c -> c.getColumnId()).containsExactly("text_title");
        assertThat(sync.history()).extracting(SyncHistoryEntry::getRule).contains("manual-link");
        assertThat(sync.deadLetters()).isEmpty();

        // and the next change goes to the new item, even while the link index may still show the old one
        sync.coeffectionEdit("r1", "city", text("Oslo"), T.plusSeconds(120));
        assertThat(single(sync.commands()).getItemId()).isEqualTo(6002L);
    }

    @Test
    @DisplayName("A Monday Item ID that is not an item id is rejected")
    void invalidMondayItemIdIsRejected() {
        sync.linked("r1", 5001L);

        sync.coeffectionEdit("r1", "mondayItemId", text("abc"), T);

        assertThat(single(sync.deadLetters()).value().getReason()).contains("mondayItemId");
        assertThat(sync.newLinks()).isEmpty();
    }

    @Test
    @DisplayName("An event of an item not linked to any record waits for the link, then is recorded in history as UNLINKED")
    void unlinkedItemEventIsRecordedAsUnlinked() {
        sync.mondayColumnChange(4242L, "text_title", "text", "{\"value\":\"CTO\"}", T, PERSON_ON_MONDAY);

        // it waits for its link first (counted), and nothing is decided yet
        assertThat(sync.history()).isEmpty();
        assertThat(sync.metrics().parkedCount()).isEqualTo(1);
        sync.advanceWallClock(java.time.Duration.ofMillis(ProcessorConfig.DEFAULT_PARKED_EVENT_TIMEOUT_MS + 200));

        SyncHistoryEntry entry = single(sync.history());
        assertThat(sync.metrics().parkedCount()).isZero();
        assertThat(entry.getStatus()).isEqualTo(HistoryStatus.UNLINKED);
        assertThat(entry.getItemId()).isEqualTo(4242L);
        assertThat(entry.getEntityType()).isEqualTo("Contact");
        assertThat(entry.getRecordId()).isNull();
        assertThat(sync.updates()).isEmpty();
        assertThat(sync.deadLetters()).isEmpty();
    }

    @Test
    @DisplayName("Deletes are not propagated either way; they are recorded in history")
    void deletesAreNotPropagated() {
        sync.linked("r1", 5001L);
        sync.coeffectionChange("r1", RecordOperation.DELETE, SyncDriver.userActor(), null, T, Map.of());
        sync.mondayEvent(5001L, MondayEventKind.DELETE_ITEM, "delete_pulse", T, PERSON_ON_MONDAY, null);

        assertThat(sync.commands()).isEmpty();
        assertThat(sync.updates()).isEmpty();
        assertThat(sync.history()).extracting(SyncHistoryEntry::getStatus)
                .containsExactly(HistoryStatus.NOT_PROPAGATED, HistoryStatus.NOT_PROPAGATED);
    }

    @Test
    @DisplayName("With the mapping option archiveOnDelete, a Coeffection delete archives the monday item")
    void archiveOnDeleteArchivesTheItem() {
        Link link = Link.newBuilder().setTenantId("acme").setEntityType("Lead").setRecordId("l1").setBoardId(200L)
                .setItemId(6001L).setSource(LinkSource.MANUAL).setLinkedAt(T).build();
        sync.linkedRaw("acme:Lead:l1", link);
        var change = com.coeffection.sync.schema.RecordChange.newBuilder().setEventId("d-1").setTenantId("acme")
                .setEntityType("Lead").setRecordId("l1").setOperation(RecordOperation.DELETE)
                .setActor(SyncDriver.userActor()).setOccurredAt(T).setFields(List.of()).build();

        sync.pipeChange(change, T);

        MondayCommand archive = single(sync.commands());
        assertThat(archive.getAction()).isEqualTo(MondayAction.ARCHIVE_ITEM);
        assertThat(archive.getItemId()).isEqualTo(6001L);
        assertThat(single(sync.history()).getStatus()).isEqualTo(HistoryStatus.PENDING);
    }

    @Test
    @DisplayName("A changed mapping takes effect without a restart (title set to do-not-sync)")
    void changedMappingTakesEffectWithoutRestart() {
        sync.linked("r1", 5001L);
        sync.coeffectionEdit("r1", "title", text("CTO"), T);
        assertThat(sync.commands()).hasSize(1);
        sync.clearOutputs();

        // when the admin republishes the mapping with title locked
        BoardMapping contact = loadContact();
        List<FieldMapping> fields = new ArrayList<>();
        for (FieldMapping field : contact.getFields()) {
            fields.add(field.getField().equals("title")
                    ? FieldMapping.newBuilder(field).setDirection(SyncDirection.DO_NOT_SYNC).build() : field);
        }
        sync.publish(BoardMapping.newBuilder(contact).setFields(fields).setVersion(contact.getVersion() + 1).build());
        sync.coeffectionEdit("r1", "title", text("CEO"), T.plusSeconds(60));

        // then the next change already follows it
        assertThat(sync.commands()).isEmpty();
        assertThat(single(sync.history()).getStatus()).isEqualTo(HistoryStatus.LOCKED);
    }

    @Test
    @DisplayName("A person's edit 50 ms after the item's creation, before its link is known, is applied once the link arrives")
    void earlyItemEventWaitsForTheLinkOfANewItem() {
        // given a new Contact whose item is being created
        sync.coeffectionChange("r7", RecordOperation.CREATE, SyncDriver.userActor(), null, T,
                fields("fullName", text("Fox Mulder"), "title", text("Agent")));
        MondayCommand create = single(sync.commands());
        sync.clearOutputs();

        // when a person edits the new item 50 ms after it was created, before the sink's result (and link) arrives
        Instant created = T.plusSeconds(1);
        sync.mondayColumnChange(8889L, "text_title", "text", "{\"value\":\"Special Agent\"}", created.plusMillis(50),
                PERSON_ON_MONDAY);
        assertThat(sync.history()).isEmpty();
        assertThat(sync.metrics().parkedCount()).isEqualTo(1);
        sync.sinkResult(create, CommandOutcome.DELIVERED, 8889L, true, created);
        sync.advanceWallClock(java.time.Duration.ofMillis(200));

        // then the edit reaches Coeffection, and nothing is recorded as unlinked
        assertThat(sync.updates()).singleElement().satisfies(u -> assertThat(u.getFields()).singleElement()
                .satisfies(f -> assertThat(f.getValue()).isEqualTo(text("Special Agent"))));
        assertThat(sync.history()).extracting(SyncHistoryEntry::getStatus).doesNotContain(HistoryStatus.UNLINKED);
        assertThat(sync.metrics().parkedCount()).isZero();
        assertThat(sync.state("r7").field("title").resolved().value()).isEqualTo(text("Special Agent"));
    }

    @Test
    @DisplayName("Our own item creation coming back as a webhook (integration user) is an echo, not an unlinked item")
    void createItemWebhookOfOurOwnCreationIsAnEcho() {
        sync.mondayEvent(7777L, MondayEventKind.CREATE_ITEM, "create_pulse", T, INTEGRATION_USER, "g_new");

        assertThat(single(sync.history()).getStatus()).isEqualTo(HistoryStatus.SKIPPED_ECHO);
    }

    private static BoardMapping loadContact() {
        try (var in = ItemLifecycleTest.class.getResourceAsStream("/mappings/acme.yaml")) {
            String yaml = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            return new MappingLoader(java.time.Clock.fixed(SyncDriver.MAPPING_TIME, java.time.ZoneOffset.UTC))
                    .parse(yaml, "acme.yaml").mappings().stream()
                    .filter(m -> m.getEntityType().equals("Contact")).findFirst().orElseThrow();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

package com.coeffection.sync.processor;

import com.coeffection.sync.processor.merge.Side;
import com.coeffection.sync.schema.FieldDiff;
import com.coeffection.sync.schema.FieldValue;
import com.coeffection.sync.schema.HistoryStatus;
import com.coeffection.sync.schema.MondayAction;
import com.coeffection.sync.schema.MondayCommand;
import com.coeffection.sync.schema.RecordOperation;
import com.coeffection.sync.schema.RecordUpdate;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static com.coeffection.sync.processor.SyncDriver.INTEGRATION_USER;
import static com.coeffection.sync.processor.SyncDriver.PERSON_ON_MONDAY;
import static com.coeffection.sync.values.FieldValues.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One test per sentence of seed 000's "Conflict resolution" section (and DESIGN.md's rules 4 and 5), driving the
 * production topology with explicit change times. Record r1 is linked to monday item 5001.
 */
@ExtendWith(RealInfraExtension.class)
class ConflictResolutionTest {
    static final Instant T1400 = Instant.parse("2026-11-20T14:00:00Z");
    static final Instant T1402 = Instant.parse("2026-11-20T14:02:00Z");
    static final Instant T1403 = Instant.parse("2026-11-20T14:03:00Z");
    static final Instant T1405 = Instant.parse("2026-11-20T14:05:00Z");
    static final Instant T1406 = Instant.parse("2026-11-20T14:06:00Z");
    static final long ITEM = 5001L;

    SyncDriver sync;

    @BeforeEach
    void linkedContact(RealInfra infra) {
        sync = new SyncDriver(infra.schemaRegistryUrl()).withMappings("/mappings/acme.yaml").linked("r1", ITEM);
    }

    @AfterEach
    void close() {
        sync.close();
    }

    static String textJson(String value) {
        return "{\"value\":\"" + value + "\"}";
    }

    @Test
    @DisplayName("Seed: edited 14:02 in Coeffection and 14:05 in monday -> the monday value wins for that field")
    void mondayEditAt1405WinsOverCoeffectionEditAt1402() {
        // given Coeffection's edit at 14:02 has been synced to monday
        sync.coeffectionEdit("r1", "title", text("VP Sales"), T1402);
        MondayCommand write = single(sync.commands());
        assertThat(write.getColumns()).singleElement()
                .satisfies(w -> assertThat(w.getValue()).isEqualTo(text("VP Sales")));
        sync.echoOnMonday(write, T1402.plusSeconds(1));
        sync.clearOutputs();

        // when a person on monday edits the same field at 14:05
        sync.mondayColumnChange(ITEM, "text_title", "text", textJson("CTO"), T1405, PERSON_ON_MONDAY);

        // then monday's value goes to Coeffection, and nothing is written back to monday
        assertThat(sync.updates()).singleElement().satisfies(u -> assertThat(u.getFields()).singleElement()
                .satisfies(f -> {
                    assertThat(f.getField()).isEqualTo("title");
                    assertThat(f.getValue()).isEqualTo(text("CTO"));
                }));
        assertThat(sync.commands()).isEmpty();
        SyncHistoryEntry entry = single(sync.history());
        assertThat(entry.getStatus()).isEqualTo(HistoryStatus.PENDING);
        assertThat(diff(entry, "title").getRule()).isEqualTo("most-recent-wins");
        assertThat(diff(entry, "title").getBefore()).isEqualTo(text("VP Sales"));
        assertThat(diff(entry, "title").getAfter()).isEqualTo(text("CTO"));
        assertThat(sync.state("r1").field("title").resolved().value()).isEqualTo(text("CTO"));
    }

    @Test
    @DisplayName("Seed: the 14:05 monday value wins even when the 14:02 Coeffection edit arrives after it")
    void mondayEditAt1405WinsWhenTheCoeffectionEditAt1402ArrivesLate() {
        // given monday's 14:05 edit arrived first and went to Coeffection
        sync.mondayColumnChange(ITEM, "text_title", "text", textJson("CTO"), T1405, PERSON_ON_MONDAY);
        assertThat(sync.updates()).hasSize(1);
        sync.clearOutputs();

        // when Coeffection's 14:02 change event arrives late
        sync.coeffectionEdit("r1", "title", text("VP Sales"), T1402);

        // then it does not overwrite the newer value on either side
        assertThat(sync.commands()).isEmpty();
        assertThat(sync.updates()).isEmpty();
        SyncHistoryEntry entry = single(sync.history());
        assertThat(entry.getStatus()).isEqualTo(HistoryStatus.STALE);
        assertThat(diff(entry, "title").getRule()).isEqualTo("late-older-change");
        assertThat(sync.state("r1").field("title").resolved().value()).isEqualTo(text("CTO"));
    }

    @Test
    @DisplayName("Seed: most recent wins for that field only - other fields are unaffected")
    void otherFieldsOfTheRecordAreUnaffected() {
        // given title, city and email set in Coeffection in one change at 14:02, synced to monday and echoed back
        sync.coeffectionChange("r1", RecordOperation.UPDATE, SyncDriver.userActor(), null, T1402,
                fields("title", text("VP Sales"), "city", text("Berlin"), "email", FieldValues.email("d@acme.test")));
        sync.echoOnMonday(single(sync.commands()), T1402.plusSeconds(1));
        sync.clearOutputs();

        // when monday edits only the title at 14:05
        sync.mondayColumnChange(ITEM, "text_title", "text", textJson("CTO"), T1405, PERSON_ON_MONDAY);

        // then only the title goes to Coeffection; city and email are neither written nor changed
        assertThat(sync.updates()).singleElement().satisfies(u -> assertThat(u.getFields())
                .extracting(f -> f.getField()).containsExactly("title"));
        assertThat(sync.commands()).isEmpty();
        SyncHistoryEntry entry = single(sync.history());
        assertThat(entry.getFields()).extracting(FieldDiff::getField).containsExactly("title");
        assertThat(sync.state("r1").field("title").resolved().value()).isEqualTo(text("CTO"));
        assertThat(sync.state("r1").field("city").resolved().value()).isEqualTo(text("Berlin"));
        assertThat(sync.state("r1").field("city").resolved().side()).isEqualTo(Side.COEFFECTION);
        assertThat(sync.state("r1").field("email").resolved().value()).isEqualTo(FieldValues.email("d@acme.test"));
    }

    @Test
    @DisplayName("Seed: most recent timestamp wins per field (a newer Coeffection edit beats an older monday edit)")
    void mostRecentTimestampWinsPerField() {
        // given monday's edit at 14:02, applied in Coeffection
        sync.mondayColumnChange(ITEM, "text_title", "text", textJson("CTO"), T1402, PERSON_ON_MONDAY);
        sync.echoOnCoeffection(single(sync.updates()), T1402.plusSeconds(1));
        sync.clearOutputs();

        // when Coeffection edits the same field at 14:05
        sync.coeffectionEdit("r1", "title", text("VP Sales"), T1405);

        // then Coeffection's value is written to monday
        assertThat(sync.commands()).singleElement().satisfies(c -> assertThat(c.getColumns()).singleElement()
                .satisfies(w -> assertThat(w.getValue()).isEqualTo(text("VP Sales"))));
        assertThat(sync.updates()).isEmpty();
        assertThat(diff(single(sync.history()), "title").getRule()).isEqualTo("most-recent-wins");
    }

    @Test
    @DisplayName("Deterministic: equal change times resolve to Coeffection, in either arrival order")
    void equalChangeTimesResolveToCoeffectionEveryTime() {
        // given both sides edit title at exactly 14:02; monday's event arrives first
        sync.mondayColumnChange(ITEM, "text_title", "text", textJson("CTO"), T1402, PERSON_ON_MONDAY);
        sync.clearOutputs();
        // when Coeffection's event with the same time arrives
        sync.coeffectionEdit("r1", "title", text("VP Sales"), T1402);
        // then Coeffection wins the tie and monday gets its value
        assertThat(diff(single(sync.history()), "title").getRule()).isEqualTo("tie-coeffection-wins");
        assertThat(sync.commands()).singleElement().satisfies(c -> assertThat(c.getColumns()).singleElement()
                .satisfies(w -> assertThat(w.getValue()).isEqualTo(text("VP Sales"))));

        // and in the other arrival order (record r2) the result is the same
        sync.linked("r2", 5002L);
        sync.coeffectionEdit("r2", "title", text("VP Sales"), T1402);
        sync.clearOutputs();
        sync.mondayColumnChange(5002L, "text_title", "text", textJson("CTO"), T1402, PERSON_ON_MONDAY);
        SyncHistoryEntry entry = single(sync.history());
        assertThat(entry.getStatus()).isEqualTo(HistoryStatus.STALE);
        assertThat(diff(entry, "title").getRule()).isEqualTo("tie-coeffection-wins");
        assertThat(sync.updates()).isEmpty();
        assertThat(sync.state("r1").field("title").resolved().value())
                .isEqualTo(sync.state("r2").field("title").resolved().value()).isEqualTo(text("VP Sales"));
    }

    @Test
    @DisplayName("Deterministic: an older change arriving late never overwrites a newer one (same side)")
    void lateOlderChangeFromTheSameSideNeverOverwritesANewerOne() {
        sync.mondayColumnChange(ITEM, "text_title", "text", textJson("CTO"), T1405, PERSON_ON_MONDAY);
        sync.clearOutputs();

        sync.mondayColumnChange(ITEM, "text_title", "text", textJson("Intern"), T1403, PERSON_ON_MONDAY);

        assertThat(sync.updates()).isEmpty();
        assertThat(single(sync.history()).getStatus()).isEqualTo(HistoryStatus.STALE);
        assertThat(sync.state("r1").field("title").resolved().value()).isEqualTo(text("CTO"));
    }

    @Test
    @DisplayName("Seed: 'Coeffection -> Monday only': the Coeffection value always wins regardless of timestamps")
    void coeffectionToMondayFieldKeepsTheCoeffectionValueWhateverTheTimestamps() {
        // given amount (Coeffection -> monday only) set in Coeffection at 14:02
        sync.coeffectionEdit("r1", "amount", FieldValues.number("1200.50"), T1402);
        sync.clearOutputs();

        // when a person on monday changes it later, at 14:05
        sync.mondayColumnChange(ITEM, "numbers_amt", "numbers", "{\"value\":\"99\"}", T1405, PERSON_ON_MONDAY);

        // then Coeffection is not updated, the edit is recorded as overridden and the source value is restored
        assertThat(sync.updates()).isEmpty();
        SyncHistoryEntry entry = single(sync.history());
        assertThat(entry.getStatus()).isEqualTo(HistoryStatus.OVERRIDDEN);
        assertThat(diff(entry, "amount").getRule()).isEqualTo("explicit-direction");
        assertThat(diff(entry, "amount").getAfter()).isEqualTo(FieldValues.number("99"));
        MondayCommand restore = single(sync.commands());
        assertThat(restore.getColumns()).singleElement().satisfies(w -> {
            assertThat(w.getColumnId()).isEqualTo("numbers_amt");
            assertThat(FieldValues.same(w.getValue(), FieldValues.number("1200.5"))).isTrue();
        });
        assertThat(entry.getCommandId()).isEqualTo(restore.getCommandId());
    }

    @Test
    @DisplayName("Explicit direction: a 'monday -> Coeffection only' field keeps monday's value, Coeffection is restored")
    void mondayToCoeffectionFieldKeepsTheMondayValue() {
        sync.mondayColumnChange(ITEM, "text_source", "text", textJson("Webinar"), T1402, PERSON_ON_MONDAY);
        assertThat(sync.updates()).hasSize(1);
        sync.clearOutputs();

        sync.coeffectionEdit("r1", "source", text("Cold call"), T1405);

        assertThat(sync.commands()).isEmpty();
        assertThat(single(sync.history()).getStatus()).isEqualTo(HistoryStatus.OVERRIDDEN);
        assertThat(sync.updates()).singleElement().satisfies(u -> assertThat(u.getFields()).singleElement()
                .satisfies(f -> assertThat(f.getValue()).isEqualTo(text("Webinar"))));
    }

    @Test
    @DisplayName("Seed: locked ('Do not sync') fields never sync from Coeffection")
    void doNotSyncFieldNeverSyncsFromCoeffection() {
        sync.coeffectionEdit("r1", "notes", text("private"), T1402);

        assertThat(sync.commands()).isEmpty();
        assertThat(sync.updates()).isEmpty();
        SyncHistoryEntry entry = single(sync.history());
        assertThat(entry.getStatus()).isEqualTo(HistoryStatus.LOCKED);
        assertThat(diff(entry, "notes").getRule()).isEqualTo("do-not-sync");
    }

    @Test
    @DisplayName("Seed: 'Do not sync' fully isolates the field - monday changes do not reach Coeffection either")
    void doNotSyncFieldNeverSyncsFromMonday() {
        sync.mondayColumnChange(ITEM, "text_notes", "text", textJson("board note"), T1405, PERSON_ON_MONDAY);

        assertThat(sync.updates()).isEmpty();
        assertThat(sync.commands()).isEmpty();
        assertThat(single(sync.history()).getStatus()).isEqualTo(HistoryStatus.LOCKED);
        assertThat(sync.state("r1").field("notes").resolved()).isNull();
    }

    @Test
    @DisplayName("Seed: a record edited on both sides between sync cycles - the rules apply in order, per field")
    void rulesApplyInOrderWhenARecordIsEditedOnBothSides() {
        // given one Coeffection change at 14:02 touching a locked, a one-way and a two-way field
        sync.coeffectionChange("r1", RecordOperation.UPDATE, SyncDriver.userActor(), null, T1402,
                fields("notes", text("c-notes"), "amount", FieldValues.number("10"), "title", text("VP Sales")));
        sync.echoOnMonday(single(sync.commands()), T1402.plusSeconds(1));
        sync.clearOutputs();

        // when monday edits all three at 14:05
        sync.mondayColumnChange(ITEM, "text_notes", "text", textJson("m-notes"), T1405, PERSON_ON_MONDAY);
        sync.mondayColumnChange(ITEM, "numbers_amt", "numbers", "{\"value\":\"20\"}", T1405, PERSON_ON_MONDAY);
        sync.mondayColumnChange(ITEM, "text_title", "text", textJson("CTO"), T1405, PERSON_ON_MONDAY);

        // then: locked never syncs, the explicit direction beats the newer time, two-way takes the newer value
        List<SyncHistoryEntry> entries = sync.history();
        assertThat(entries).extracting(SyncHistoryEntry::getStatus)
                .containsExactly(HistoryStatus.LOCKED, HistoryStatus.OVERRIDDEN, HistoryStatus.PENDING);
        assertThat(entries).extracting(SyncHistoryEntry::getRule)
                .containsExactly("do-not-sync", "explicit-direction", "most-recent-wins");
        assertThat(sync.updates()).singleElement().satisfies(u -> assertThat(u.getFields())
                .extracting(f -> f.getField()).containsExactly("title"));
        assertThat(sync.commands()).singleElement().satisfies(c -> assertThat(c.getColumns())
                .extracting(w -> w.getColumnId()).containsExactly("numbers_amt"));
    }

    // ------------------------------------------------------------------ echoes

    @Test
    @DisplayName("Echo: the webhook monday sends for our own write (integration user) is not synced back")
    void mondayWebhookOfOurOwnWriteIsAnEcho() {
        sync.coeffectionEdit("r1", "title", text("VP Sales"), T1402);
        sync.clearOutputs();

        sync.mondayColumnChange(ITEM, "text_title", "text", textJson("VP Sales"), T1403, INTEGRATION_USER);

        assertThat(sync.updates()).isEmpty();
        assertThat(sync.commands()).isEmpty();
        SyncHistoryEntry entry = single(sync.history());
        assertThat(entry.getStatus()).isEqualTo(HistoryStatus.SKIPPED_ECHO);
        assertThat(diff(entry, "title").getRule()).isEqualTo("echo");
        assertThat(sync.state("r1").field("title").monday().status().name()).isEqualTo("CONFIRMED");
    }

    @Test
    @DisplayName("Echo: an unattributed monday webhook carrying exactly the value we are waiting for is an echo")
    void unattributedMondayWebhookWithTheValueWeSentIsAnEcho() {
        sync.coeffectionEdit("r1", "title", text("VP Sales"), T1402);
        sync.clearOutputs();

        sync.mondayColumnChange(ITEM, "text_title", "text", textJson("VP Sales"), T1403, null);

        assertThat(sync.updates()).isEmpty();
        assertThat(single(sync.history()).getStatus()).isEqualTo(HistoryStatus.SKIPPED_ECHO);
    }

    @Test
    @DisplayName("Echo: the Coeffection change that applies our record update (causation id) is not synced back")
    void coeffectionChangeApplyingOurUpdateIsAnEcho() {
        sync.mondayColumnChange(ITEM, "text_title", "text", textJson("CTO"), T1405, PERSON_ON_MONDAY);
        RecordUpdate update = single(sync.updates());
        sync.clearOutputs();

        sync.coeffectionChange("r1", RecordOperation.UPDATE, SyncDriver.userActor(), update.getUpdateId(),
                T1406, fields("title", text("CTO")));

        assertThat(sync.commands()).isEmpty();
        assertThat(sync.updates()).isEmpty();
        assertThat(single(sync.history()).getStatus()).isEqualTo(HistoryStatus.SKIPPED_ECHO);
        assertThat(sync.state("r1").field("title").coeffection().status().name()).isEqualTo("CONFIRMED");
        assertThat(sync.state("r1").field("title").resolved().side()).isEqualTo(Side.MONDAY);
    }

    @Test
    @DisplayName("Echo: a Coeffection change made by the integration actor is not synced back")
    void coeffectionChangeByTheIntegrationActorIsAnEcho() {
        sync.coeffectionChange("r1", RecordOperation.UPDATE,
                com.coeffection.sync.schema.Actor.newBuilder().setKind(com.coeffection.sync.schema.ActorKind.INTEGRATION).build(),
                null, T1406, fields("title", text("CTO")));

        assertThat(sync.commands()).isEmpty();
        assertThat(single(sync.history()).getStatus()).isEqualTo(HistoryStatus.SKIPPED_ECHO);
    }

    @Test
    @DisplayName("Echo: after an echo, a person's later edit on monday syncs normally (no loop, no flapping)")
    void aRealEditAfterAnEchoSyncsOnce() {
        sync.coeffectionEdit("r1", "title", text("VP Sales"), T1402);
        sync.mondayColumnChange(ITEM, "text_title", "text", textJson("VP Sales"), T1403, INTEGRATION_USER);
        sync.clearOutputs();

        sync.mondayColumnChange(ITEM, "text_title", "text", textJson("CTO"), T1405, PERSON_ON_MONDAY);
        RecordUpdate update = single(sync.updates());
        sync.coeffectionChange("r1", RecordOperation.UPDATE, SyncDriver.userActor(), update.getUpdateId(),
                T1406, fields("title", text("CTO")));

        assertThat(sync.commands()).isEmpty();
        assertThat(sync.updates()).isEmpty();
        assertThat(sync.history()).extracting(SyncHistoryEntry::getStatus)
                .containsExactly(HistoryStatus.PENDING, HistoryStatus.SKIPPED_ECHO);
    }

    @Test
    @DisplayName("The same change event delivered twice changes nothing the second time")
    void duplicateDeliveryIsIdempotent() {
        sync.coeffectionEdit("r1", "title", text("VP Sales"), T1402);
        var change = com.coeffection.sync.schema.RecordChange.newBuilder().setEventId("c-1").setTenantId("acme")
                .setEntityType("Contact").setRecordId("r1").setOperation(RecordOperation.UPDATE)
                .setActor(SyncDriver.userActor()).setOccurredAt(T1402)
                .setFields(List.of(new com.coeffection.sync.schema.FieldChange("title", text("VP Sales"), T1402)))
                .build();
        sync.clearOutputs();

        sync.pipeChange(change, T1402);

        assertThat(sync.commands()).isEmpty();
        assertThat(sync.history()).isEmpty();
    }

    // ------------------------------------------------------------------ helpers

    static Map<String, FieldValue> fields(Object... pairs) {
        Map<String, FieldValue> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], (FieldValue) pairs[i + 1]);
        }
        return map;
    }

    static <T> T single(List<T> list) {
        assertThat(list).hasSize(1);
        return list.get(0);
    }

    static FieldDiff diff(SyncHistoryEntry entry, String field) {
        return entry.getFields().stream().filter(d -> d.getField().equals(field)).findFirst()
                .orElseThrow(() -> new AssertionError("no diff for " + field + " in " + entry));
    }
}

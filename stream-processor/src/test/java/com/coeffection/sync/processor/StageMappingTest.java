package com.coeffection.sync.processor;

import com.coeffection.sync.schema.HistoryStatus;
import com.coeffection.sync.schema.MondayAction;
import com.coeffection.sync.schema.MondayCommand;
import com.coeffection.sync.schema.MondayEventKind;
import com.coeffection.sync.schema.RecordUpdate;
import com.coeffection.sync.schema.SyncHistoryEntry;
import com.coeffection.sync.testkit.RealInfra;
import com.coeffection.sync.testkit.RealInfraExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.util.List;

import static com.coeffection.sync.processor.ConflictResolutionTest.diff;
import static com.coeffection.sync.processor.ConflictResolutionTest.single;
import static com.coeffection.sync.processor.SyncDriver.INTEGRATION_USER;
import static com.coeffection.sync.processor.SyncDriver.PERSON_ON_MONDAY;
import static com.coeffection.sync.values.FieldValues.status;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seed 000's troubleshooting entry "Status column doesn't match my pipeline stages": several stages to one label
 * (collapse), one stage to several labels (fork), both supported; and DESIGN.md's "a monday label that already maps to
 * the record's current stage changes nothing". The test mapping (mappings/acme.yaml): New -> group g_new + "New";
 * Qualified -> group g_qual + "Working on it" / "Warm" (fork); Contacted and Negotiating -> "In progress" (collapse,
 * default Contacted); Won -> group g_won + "Done".
 */
@ExtendWith(RealInfraExtension.class)
class StageMappingTest {
    static final Instant T0900 = Instant.parse("2026-11-20T09:00:00Z");
    static final Instant T0910 = Instant.parse("2026-11-20T09:10:00Z");
    static final Instant T0920 = Instant.parse("2026-11-20T09:20:00Z");
    static final long ITEM = 7001L;

    SyncDriver sync;

    @BeforeEach
    void linkedContact(RealInfra infra) {
        sync = new SyncDriver(infra.schemaRegistryUrl()).withMappings("/mappings/acme.yaml").linked("r1", ITEM);
    }

    @AfterEach
    void close() {
        sync.close();
    }

    static String label(String text) {
        return "{\"label\":{\"index\":3,\"text\":\"" + text + "\",\"style\":{\"color\":\"#fdab3d\"}},\"post_id\":null}";
    }

    @Test
    @DisplayName("A Coeffection stage writes its mapped status label and moves the item to the stage's group")
    void coeffectionStageWritesItsLabelAndGroup() {
        sync.coeffectionEdit("r1", "lifecycle", status("New"), T0900);

        List<MondayCommand> commands = sync.commands();
        assertThat(commands).extracting(MondayCommand::getAction)
                .containsExactly(MondayAction.UPDATE_COLUMNS, MondayAction.MOVE_TO_GROUP);
        assertThat(commands.get(0).getColumns()).singleElement().satisfies(w -> {
            assertThat(w.getColumnId()).isEqualTo("status");
            assertThat(w.getValue()).isEqualTo(status("New"));
        });
        assertThat(commands.get(1).getGroupId()).isEqualTo("g_new");
    }

    @Test
    @DisplayName("Fork: one stage, several labels - the first label is written, any of them shows the stage")
    void forkWritesTheFirstLabelAndAcceptsItsOtherLabelsWithoutFlapping() {
        // given stage Qualified, written to monday as "Working on it" and echoed back
        sync.coeffectionEdit("r1", "lifecycle", status("Qualified"), T0900);
        MondayCommand write = sync.commands().get(0);
        assertThat(write.getColumns().get(0).getValue()).isEqualTo(status("Working on it"));
        sync.echoOnMonday(write, T0900.plusSeconds(1));
        sync.clearOutputs();

        // when a person on monday picks the stage's other label "Warm"
        sync.mondayColumnChange(ITEM, "status", "color", label("Warm"), T0910, PERSON_ON_MONDAY);

        // then nothing changes on either side: "Warm" already maps to the current stage
        assertThat(sync.updates()).isEmpty();
        assertThat(sync.commands()).isEmpty();
        SyncHistoryEntry entry = single(sync.history());
        assertThat(entry.getStatus()).isEqualTo(HistoryStatus.SUCCEEDED);
        assertThat(diff(entry, "lifecycle").getRule()).isEqualTo("stage-already-mapped");
    }

    @Test
    @DisplayName("Collapse: a shared label keeps the current stage when it is one of the label's stages")
    void collapsedLabelOfTheCurrentStageChangesNothing() {
        // given stage Negotiating, shown on monday as the shared label "In progress"
        sync.coeffectionEdit("r1", "lifecycle", status("Negotiating"), T0900);
        List<MondayCommand> writes = sync.commands();
        assertThat(writes.get(0).getColumns().get(0).getValue()).isEqualTo(status("In progress"));
        sync.echoOnMonday(writes, T0900.plusSeconds(1));
        sync.clearOutputs();

        // when a person re-selects "In progress" on monday later
        sync.mondayColumnChange(ITEM, "status", "color", label("In progress"), T0910, PERSON_ON_MONDAY);

        // then the stage stays Negotiating (not the label's default, Contacted) and nothing is written
        assertThat(sync.updates()).isEmpty();
        assertThat(sync.commands()).isEmpty();
        assertThat(diff(single(sync.history()), "lifecycle").getRule()).isEqualTo("stage-already-mapped");
        assertThat(sync.state("r1").field("lifecycle").resolved().value()).isEqualTo(status("Negotiating"));
    }

    @Test
    @DisplayName("Collapse: a shared label set on monday maps back to its configured default stage")
    void collapsedLabelMapsBackToItsDefaultStage() {
        sync.coeffectionEdit("r1", "lifecycle", status("New"), T0900);
        sync.echoOnMonday(sync.commands(), T0900.plusSeconds(1));
        sync.clearOutputs();

        sync.mondayColumnChange(ITEM, "status", "color", label("In progress"), T0910, PERSON_ON_MONDAY);

        RecordUpdate update = single(sync.updates());
        assertThat(update.getFields()).singleElement().satisfies(f -> {
            assertThat(f.getField()).isEqualTo("lifecycle");
            assertThat(f.getValue()).isEqualTo(status("Contacted"));
        });
        assertThat(diff(single(sync.history()), "lifecycle").getRule()).isEqualTo("stage-collapsed-default");
        // and the label already shows Contacted, so it is not written again (no flapping); the item joins its group
        assertThat(sync.commands()).singleElement().satisfies(c -> {
            assertThat(c.getAction()).isEqualTo(MondayAction.MOVE_TO_GROUP);
            assertThat(c.getGroupId()).isEqualTo("g_prog");
        });
    }

    @Test
    @DisplayName("Collapse round trip: Coeffection stage -> shared label -> echo -> Coeffection unchanged")
    void collapseRoundTripDoesNotFlap() {
        sync.coeffectionEdit("r1", "lifecycle", status("Negotiating"), T0900);
        List<MondayCommand> writes = sync.commands();
        assertThat(writes).extracting(MondayCommand::getAction)
                .containsExactly(MondayAction.UPDATE_COLUMNS, MondayAction.MOVE_TO_GROUP);

        sync.echoOnMonday(writes, T0900.plusSeconds(1));
        // Coeffection applies nothing; a later Coeffection edit of another field does not disturb the stage
        sync.coeffectionEdit("r1", "title", com.coeffection.sync.values.FieldValues.text("CEO"), T0910);

        assertThat(sync.updates()).isEmpty();
        assertThat(sync.commands()).singleElement().satisfies(c -> assertThat(c.getColumns())
                .extracting(w -> w.getColumnId()).containsExactly("text_title"));
        assertThat(sync.state("r1").field("lifecycle").resolved().value()).isEqualTo(status("Negotiating"));
    }

    @Test
    @DisplayName("Fork round trip: monday picks a fork label -> Coeffection stage -> its echo -> monday unchanged")
    void forkRoundTripFromMondayDoesNotFlap() {
        sync.mondayColumnChange(ITEM, "status", "color", label("Warm"), T0900, PERSON_ON_MONDAY);
        RecordUpdate update = single(sync.updates());
        assertThat(update.getFields().get(0).getValue()).isEqualTo(status("Qualified"));
        // the item is moved to the stage's group, but the label "Warm" is not replaced by "Working on it"
        assertThat(sync.commands()).singleElement().satisfies(c -> {
            assertThat(c.getAction()).isEqualTo(MondayAction.MOVE_TO_GROUP);
            assertThat(c.getGroupId()).isEqualTo("g_qual");
        });

        sync.echoOnCoeffection(update, T0900.plusSeconds(2));
        sync.mondayEvent(ITEM, MondayEventKind.MOVE_TO_GROUP, "move_pulse_into_group", T0900.plusSeconds(3),
                INTEGRATION_USER, "g_qual");

        assertThat(sync.updates()).isEmpty();
        assertThat(sync.commands()).isEmpty();
        assertThat(sync.history()).extracting(SyncHistoryEntry::getStatus).containsOnly(HistoryStatus.PENDING,
                HistoryStatus.SKIPPED_ECHO);
    }

    @Test
    @DisplayName("Fork: when monday's label must be rewritten, the fork label the person chose is kept")
    void forkLabelChosenOnMondayIsTheOneWrittenBack() {
        // given stage Won written to monday ("Done") and echoed back after the person's edit below was made
        sync.coeffectionEdit("r1", "lifecycle", status("Won"), T0900);
        sync.echoOnMonday(sync.commands(), T0920);
        sync.clearOutputs();

        // when the person's earlier (09:10) choice of the fork label "Warm" arrives
        sync.mondayColumnChange(ITEM, "status", "color", label("Warm"), T0910, PERSON_ON_MONDAY);

        // then the stage becomes Qualified and monday gets "Warm" back, not the first label "Working on it"
        assertThat(single(sync.updates()).getFields().get(0).getValue()).isEqualTo(status("Qualified"));
        assertThat(sync.commands()).filteredOn(c -> c.getAction() == MondayAction.UPDATE_COLUMNS).singleElement()
                .satisfies(c -> assertThat(c.getColumns().get(0).getValue()).isEqualTo(status("Warm")));
    }

    @Test
    @DisplayName("A monday group move maps to the group's stage and the stage's label follows")
    void mondayGroupMoveChangesTheStage() {
        sync.coeffectionEdit("r1", "lifecycle", status("New"), T0900);
        sync.echoOnMonday(sync.commands(), T0900.plusSeconds(1));
        sync.clearOutputs();

        sync.mondayEvent(ITEM, MondayEventKind.MOVE_TO_GROUP, "move_pulse_into_group", T0920, PERSON_ON_MONDAY, "g_won");

        assertThat(single(sync.updates()).getFields().get(0).getValue()).isEqualTo(status("Won"));
        assertThat(single(sync.commands()).getColumns()).singleElement()
                .satisfies(w -> assertThat(w.getValue()).isEqualTo(status("Done")));
    }

    @Test
    @DisplayName("A label no stage maps is bad input: dead letter and REJECTED history, stage unchanged")
    void unmappedLabelIsRejected() {
        sync.coeffectionEdit("r1", "lifecycle", status("New"), T0900);
        sync.clearOutputs();

        sync.mondayColumnChange(ITEM, "status", "color", label("Stuck"), T0910, PERSON_ON_MONDAY);

        assertThat(sync.deadLetters()).singleElement()
                .satisfies(d -> assertThat(d.value().getErrorType()).isEqualTo("UNMAPPED_LABEL"));
        assertThat(sync.history()).extracting(SyncHistoryEntry::getStatus).containsExactly(HistoryStatus.REJECTED);
        assertThat(sync.state("r1").field("lifecycle").resolved().value()).isEqualTo(status("New"));
    }
}

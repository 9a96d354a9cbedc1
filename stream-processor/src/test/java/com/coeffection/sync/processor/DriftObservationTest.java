package com.coeffection.sync.processor;

import com.coeffection.sync.schema.ControlKind;
import com.coeffection.sync.schema.FieldChange;
import com.coeffection.sync.schema.HistoryStatus;
import com.coeffection.sync.schema.MondayCommand;
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
import java.util.List;

import static com.coeffection.sync.processor.ConflictResolutionTest.single;
import static com.coeffection.sync.processor.SyncDriver.request;
import static com.coeffection.sync.values.FieldValues.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What drift repair reports a side showing, when that is only what the processor already believes the side shows: the
 * side did not move, so its observation confirms the view and cannot beat the other side's newer change, whatever
 * time it carries (monday gives no change time for text, number or name columns, so drift times them at the read).
 */
@ExtendWith(RealInfraExtension.class)
class DriftObservationTest {
    static final Instant T = Instant.parse("2026-11-20T15:00:00Z");
    static final long ITEM = 5001L;

    SyncDriver sync;

    @BeforeEach
    void contactInSyncOnBothSides(RealInfra infra) {
        sync = new SyncDriver(infra.schemaRegistryUrl()).withMappings("/mappings/acme.yaml").linked("r1", ITEM);
        sync.coeffectionEdit("r1", "fullName", text("Ada Lovelace"), T);
        sync.coeffectionEdit("r1", "title", text("VP Sales"), T.plusSeconds(1));
        sync.coeffectionEdit("r1", "city", text("Oslo"), T.plusSeconds(2));
        sync.echoOnMonday(sync.commands(), T.plusSeconds(3));
        sync.clearOutputs();
    }

    @AfterEach
    void close() {
        sync.close();
    }

    @Test
    @DisplayName("A Coeffection change missed by the pipeline wins over monday's unchanged values read later by drift")
    void coeffectionChangeBeatsMondaysUnchangedValuesTimedAtTheRead() {
        // given Coeffection changed the name and title at +10 s and no webhook reached the pipeline; drift read the
        // item at +60 s: monday still shows the old name and title (times: the read), Coeffection the new ones
        Instant read = T.plusSeconds(60);
        sync.control(request("drift:run-1:r1:monday", ControlKind.OBSERVED_MONDAY, "r1", read).setObserved(List.of(
                new FieldChange("fullName", text("Ada Lovelace"), read),
                new FieldChange("title", text("VP Sales"), read))).build(), read);
        sync.control(request("drift:run-1:r1:coeffection", ControlKind.OBSERVED_COEFFECTION, "r1", read).setObserved(List.of(
                new FieldChange("fullName", text("Ada King"), T.plusSeconds(10)),
                new FieldChange("title", text("CEO"), T.plusSeconds(10)))).build(), read);

        // then monday receives Coeffection's values and Coeffection is sent nothing
        MondayCommand command = single(sync.commands());
        assertThat(command.getColumns()).extracting(c -> c.getField() + "=" + FieldValues.display(c.getValue()))
                .containsExactlyInAnyOrder("fullName=Ada King", "title=CEO");
        assertThat(sync.updates()).isEmpty();
        List<SyncHistoryEntry> history = sync.history();
        assertThat(history).extracting(SyncHistoryEntry::getEntryId)
                .containsExactly("ctl:drift:run-1:r1:monday", "ctl:drift:run-1:r1:coeffection");
        assertThat(history.get(0).getStatus()).isEqualTo(HistoryStatus.NOT_PROPAGATED);
        assertThat(history.get(0).getErrorMessage()).contains("only confirms");
        assertThat(history.get(1).getFields()).extracting(d -> d.getField() + ":" + d.getStatus())
                .containsExactlyInAnyOrder("fullName:PENDING", "title:PENDING");
        assertThat(sync.state("r1").field("title").resolved().value()).isEqualTo(text("CEO"));
    }

    @Test
    @DisplayName("A monday edit missed by the pipeline wins over Coeffection's unchanged field timed by a later record update")
    void mondayEditBeatsCoeffectionsUnchangedFieldTimedByTheRecordUpdate() {
        // given a person changed the title on monday (webhook lost) and Coeffection changed the city at +15 s (webhook
        // lost); drift read both at +60 s: monday gives no change time for text columns, so both its values carry the
        // read time, and Coeffection gives one update time per record, so its unchanged title reads as +15 s
        Instant read = T.plusSeconds(60);
        sync.control(request("drift:run-2:r1:monday", ControlKind.OBSERVED_MONDAY, "r1", read).setObserved(List.of(
                new FieldChange("title", text("CTO"), read),
                new FieldChange("city", text("Oslo"), read))).build(), read);
        sync.control(request("drift:run-2:r1:coeffection", ControlKind.OBSERVED_COEFFECTION, "r1", read).setObserved(List.of(
                new FieldChange("title", text("VP Sales"), T.plusSeconds(15)),
                new FieldChange("city", text("Bergen"), T.plusSeconds(15)))).build(), read);

        // then each side gets the other's change: Coeffection the title, monday the city
        RecordUpdate update = single(sync.updates());
        assertThat(update.getFields()).extracting(f -> f.getField() + "=" + FieldValues.display(f.getValue()))
                .containsExactly("title=CTO");
        MondayCommand command = single(sync.commands());
        assertThat(command.getColumns()).extracting(c -> c.getField() + "=" + FieldValues.display(c.getValue()))
                .containsExactly("city=Bergen");
        assertThat(sync.state("r1").field("title").resolved().value()).isEqualTo(text("CTO"));
        assertThat(sync.state("r1").field("city").resolved().value()).isEqualTo(text("Bergen"));
    }

    @Test
    @DisplayName("A monday edit carrying its own earlier change time wins over Coeffection's unchanged field, read before the repair's write landed")
    void mondayEditWithItsOwnTimeBeatsCoeffectionsUnchangedFieldReadBeforeTheWrite() {
        // given a person changed the title on monday at +5 s (a column that carries its own change time; webhook lost)
        // and Coeffection changed only the city at +15 s (webhook lost); drift read both sides, then published the
        // monday observation (the processor writes CTO to Coeffection: pending) and then the Coeffection one, read
        // before that write: its title is still the old one, timed by the record's +15 s update
        Instant read = T.plusSeconds(60);
        sync.control(request("drift:run-4:r1:monday", ControlKind.OBSERVED_MONDAY, "r1", read).setObserved(List.of(
                new FieldChange("title", text("CTO"), T.plusSeconds(5)),
                new FieldChange("city", text("Oslo"), read))).build(), read);
        sync.control(request("drift:run-4:r1:coeffection", ControlKind.OBSERVED_COEFFECTION, "r1", read).setObserved(List.of(
                new FieldChange("title", text("VP Sales"), T.plusSeconds(15)),
                new FieldChange("city", text("Bergen"), T.plusSeconds(15)))).build(), read);

        // then the title stays monday's (Coeffection did not move it) and the city is Coeffection's
        assertThat(sync.state("r1").field("title").resolved().value()).isEqualTo(text("CTO"));
        assertThat(sync.state("r1").field("city").resolved().value()).isEqualTo(text("Bergen"));
        assertThat(sync.updates()).flatExtracting(RecordUpdate::getFields)
                .extracting(f -> f.getField() + "=" + FieldValues.display(f.getValue())).containsExactly("title=CTO");
        assertThat(sync.commands()).flatExtracting(MondayCommand::getColumns)
                .extracting(c -> c.getField() + "=" + FieldValues.display(c.getValue())).containsExactly("city=Bergen");
    }

    @Test
    @DisplayName("An observation that only confirms both views writes nothing and says so in history")
    void observationsEqualToBothViewsChangeNothing() {
        Instant read = T.plusSeconds(60);
        sync.control(request("drift:run-3:r1:monday", ControlKind.OBSERVED_MONDAY, "r1", read).setObserved(List.of(
                new FieldChange("title", text("VP Sales"), read))).build(), read);
        sync.control(request("drift:run-3:r1:coeffection", ControlKind.OBSERVED_COEFFECTION, "r1", read).setObserved(List.of(
                new FieldChange("title", text("VP Sales"), T.plusSeconds(30)))).build(), read);

        assertThat(sync.commands()).isEmpty();
        assertThat(sync.updates()).isEmpty();
        assertThat(sync.history()).allSatisfy(entry -> {
            assertThat(entry.getStatus()).isEqualTo(HistoryStatus.NOT_PROPAGATED);
            assertThat(entry.getErrorMessage()).contains("[title]").contains("only confirms");
        }).hasSize(2);
        // the resolved value keeps its time: the confirmation is no edit
        assertThat(sync.state("r1").field("title").resolved().changedAtMicros())
                .isEqualTo(T.plusSeconds(1).toEpochMilli() * 1000);
    }
}

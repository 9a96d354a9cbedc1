package com.coeffection.sync.processor;

import com.coeffection.sync.contract.ErrorType;
import com.coeffection.sync.schema.ControlKind;
import com.coeffection.sync.schema.FieldChange;
import com.coeffection.sync.schema.HistoryStatus;
import com.coeffection.sync.schema.MondayAction;
import com.coeffection.sync.schema.MondayCommand;
import com.coeffection.sync.schema.RecordUpdate;
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
import java.util.List;

import static com.coeffection.sync.processor.ConflictResolutionTest.single;
import static com.coeffection.sync.processor.SyncDriver.PERSON_ON_MONDAY;
import static com.coeffection.sync.processor.SyncDriver.request;
import static com.coeffection.sync.values.FieldValues.text;
import static org.assertj.core.api.Assertions.assertThat;

/** Requests on sync.control: a support person's resend, drift observations, and match decisions not handled yet. */
@ExtendWith(RealInfraExtension.class)
class ControlRequestTest {
    static final Instant T = Instant.parse("2026-11-20T15:00:00Z");
    static final long ITEM = 5001L;

    SyncDriver sync;

    @BeforeEach
    void contactInSyncOnBothSides(RealInfra infra) {
        sync = new SyncDriver(infra.schemaRegistryUrl()).withMappings("/mappings/acme.yaml").linked("r1", ITEM);
        sync.coeffectionEdit("r1", "title", text("VP Sales"), T);
        sync.coeffectionEdit("r1", "city", text("Oslo"), T.plusSeconds(1));
        sync.echoOnMonday(sync.commands(), T.plusSeconds(2));
        sync.clearOutputs();
    }

    @AfterEach
    void close() {
        sync.close();
    }

    @Test
    @DisplayName("A RESEND to monday writes the current values although monday is believed to show them, once per request id")
    void resendToMondayWritesCurrentValuesOnce() {
        // when support asks to resend the title to monday (the entry rc:c-1 failed, say)
        sync.control(request("req-1", ControlKind.RESEND, "r1", T.plusSeconds(10))
                .setSide(SyncDirection.COEFFECTION_TO_MONDAY).setEntryId("rc:c-1").setFields(List.of("title")).build(),
                T.plusSeconds(10));

        // then one command carries the record's current title, with ids derived from the request
        MondayCommand command = single(sync.commands());
        assertThat(command.getAction()).isEqualTo(MondayAction.UPDATE_COLUMNS);
        assertThat(command.getCommandId()).isEqualTo("ctl:req-1:c0");
        assertThat(command.getHistoryEntryId()).isEqualTo("ctl:req-1");
        assertThat(command.getColumns()).singleElement().satisfies(c -> {
            assertThat(c.getField()).isEqualTo("title");
            assertThat(c.getValue()).isEqualTo(text("VP Sales"));
        });
        assertThat(sync.updates()).isEmpty();
        SyncHistoryEntry entry = single(sync.history());
        assertThat(entry.getEntryId()).isEqualTo("ctl:req-1");
        assertThat(entry.getRelatedEntryId()).isEqualTo("rc:c-1");
        assertThat(entry.getControlRequestId()).isEqualTo("req-1");
        assertThat(entry.getCommandId()).isEqualTo("ctl:req-1:c0");
        assertThat(entry.getStatus()).isEqualTo(HistoryStatus.PENDING);
        assertThat(entry.getFields()).extracting(d -> d.getField()).containsExactly("title");

        // when the same request arrives again (a second press of Retry)
        sync.control(request("req-1", ControlKind.RESEND, "r1", T.plusSeconds(11))
                .setSide(SyncDirection.COEFFECTION_TO_MONDAY).setEntryId("rc:c-1").setFields(List.of("title")).build(),
                T.plusSeconds(11));

        // then it acts no second time
        assertThat(sync.commands()).isEmpty();
        assertThat(sync.history()).isEmpty();
    }

    @Test
    @DisplayName("A RESEND never sends an older value: a newer monday edit is what both sides get")
    void resendSendsTheResolvedValueNotAnOlderOne() {
        // given a person changed the title on monday after Coeffection's edit
        sync.mondayColumnChange(ITEM, "text_title", "text", "{\"value\":\"CTO\"}", T.plusSeconds(5), PERSON_ON_MONDAY);
        sync.clearOutputs();

        // when support asks to resend everything to both sides
        sync.control(request("req-2", ControlKind.RESEND, "r1", T.plusSeconds(10)).build(), T.plusSeconds(10));

        // then monday and Coeffection both receive the current values (CTO, Oslo), never VP Sales
        MondayCommand command = single(sync.commands());
        assertThat(command.getColumns()).extracting(c -> c.getField() + "=" + FieldValues.display(c.getValue()))
                .containsExactlyInAnyOrder("title=CTO", "city=Oslo");
        RecordUpdate update = single(sync.updates());
        assertThat(update.getUpdateId()).isEqualTo("ctl:req-2:u");
        assertThat(update.getFields()).extracting(f -> f.getField() + "=" + FieldValues.display(f.getValue()))
                .containsExactlyInAnyOrder("title=CTO", "city=Oslo");
        assertThat(single(sync.history()).getRule()).isEqualTo("resend");
    }

    @Test
    @DisplayName("A RESEND for a record the processor has never seen is REJECTED in history, naming the record")
    void resendForAnUnknownRecordIsRejected() {
        sync.control(request("req-3", ControlKind.RESEND, "nobody", T).build(), T);

        assertThat(sync.commands()).isEmpty();
        SyncHistoryEntry entry = single(sync.history());
        assertThat(entry.getEntryId()).isEqualTo("ctl:req-3");
        assertThat(entry.getStatus()).isEqualTo(HistoryStatus.REJECTED);
        assertThat(entry.getErrorCode()).isEqualTo(ErrorType.UNKNOWN_RECORD.name());
        assertThat(entry.getErrorMessage()).contains("acme:Contact:nobody");
        assertThat(sync.deadLetters()).isEmpty();
    }

    @Test
    @DisplayName("An observation of monday newer than the record's value goes through the conflict rules to Coeffection")
    void observedMondayValueIsMergedLikeALiveEdit() {
        sync.control(request("req-4", ControlKind.OBSERVED_MONDAY, "r1", T.plusSeconds(20))
                .setObserved(List.of(new FieldChange("city", text("Bergen"), T.plusSeconds(20)))).build(),
                T.plusSeconds(20));

        RecordUpdate update = single(sync.updates());
        assertThat(update.getFields()).extracting(f -> f.getField() + "=" + FieldValues.display(f.getValue()))
                .containsExactly("city=Bergen");
        assertThat(sync.commands()).isEmpty();
        assertThat(single(sync.history()).getEntryId()).isEqualTo("ctl:req-4");
    }

    @Test
    @DisplayName("An observation of Coeffection newer than the record's value goes through the conflict rules to monday")
    void observedCoeffectionValueIsMergedLikeALiveEdit() {
        sync.control(request("req-6", ControlKind.OBSERVED_COEFFECTION, "r1", T.plusSeconds(20))
                .setObserved(List.of(new FieldChange("title", text("CEO"), T.plusSeconds(20)))).build(),
                T.plusSeconds(20));

        MondayCommand command = single(sync.commands());
        assertThat(command.getCommandId()).isEqualTo("ctl:req-6:c0");
        assertThat(command.getColumns()).extracting(c -> c.getField() + "=" + FieldValues.display(c.getValue()))
                .containsExactly("title=CEO");
        assertThat(sync.updates()).isEmpty();
        SyncHistoryEntry entry = single(sync.history());
        assertThat(entry.getEntryId()).isEqualTo("ctl:req-6");
        assertThat(entry.getDirection()).isEqualTo(SyncDirection.COEFFECTION_TO_MONDAY);
    }

    @Test
    @DisplayName("An observation of Coeffection older than a newer monday edit is stale: nothing is written anywhere")
    void olderObservedCoeffectionValueLosesToTheNewerMondayEdit() {
        // given a person changed the title on monday at +5 s
        sync.mondayColumnChange(ITEM, "text_title", "text", "{\"value\":\"CTO\"}", T.plusSeconds(5), PERSON_ON_MONDAY);
        sync.clearOutputs();

        // when Coeffection is observed to have shown another title at +3 s
        sync.control(request("req-7", ControlKind.OBSERVED_COEFFECTION, "r1", T.plusSeconds(20))
                .setObserved(List.of(new FieldChange("title", text("Director"), T.plusSeconds(3)))).build(),
                T.plusSeconds(20));

        // then the newer monday edit stands on both sides (Coeffection was sent it already) and the entry says stale
        assertThat(sync.commands()).isEmpty();
        assertThat(sync.updates()).isEmpty();
        SyncHistoryEntry entry = single(sync.history());
        assertThat(entry.getEntryId()).isEqualTo("ctl:req-7");
        assertThat(entry.getFields()).singleElement().satisfies(d -> {
            assertThat(d.getField()).isEqualTo("title");
            assertThat(d.getStatus()).isEqualTo(HistoryStatus.STALE);
        });
    }

    @Test
    @DisplayName("A match decision about a record that waits for no match is recorded as not applied, and changes nothing")
    void matchDecisionOnARecordNotWaitingIsNotApplied() {
        sync.control(request("req-5", ControlKind.APPROVE_MATCH, "r1", T).setEntryId("mi:t-9").setItemId(7L).build(), T);

        assertThat(sync.commands()).isEmpty();
        assertThat(sync.updates()).isEmpty();
        SyncHistoryEntry entry = single(sync.history());
        assertThat(entry.getStatus()).isEqualTo(HistoryStatus.NOT_PROPAGATED);
        assertThat(entry.getErrorMessage()).contains("not applied");
        assertThat(entry.getRelatedEntryId()).isEqualTo("mi:t-9");
    }
}

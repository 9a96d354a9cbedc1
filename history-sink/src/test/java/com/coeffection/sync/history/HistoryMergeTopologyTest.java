package com.coeffection.sync.history;

import com.coeffection.sync.contract.DeadLetterHeaders;
import com.coeffection.sync.history.merge.HistoryStores;
import com.coeffection.sync.schema.DeadLetter;
import com.coeffection.sync.schema.HistoryStatus;
import com.coeffection.sync.schema.SyncHistoryEntry;
import com.coeffection.sync.schema.Actor;
import com.coeffection.sync.schema.ActorKind;
import com.coeffection.sync.testkit.RealInfra;
import com.coeffection.sync.testkit.RealInfraExtension;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static com.coeffection.sync.history.HistoryDriver.START;
import static org.assertj.core.api.Assertions.assertThat;

/** The merge topology: decisions, outcomes and retries become one entry each; bad input; retention. */
@ExtendWith(RealInfraExtension.class)
class HistoryMergeTopologyTest {
    private HistoryDriver history;

    @BeforeEach
    void start(RealInfra infra) {
        history = new HistoryDriver(infra.schemaRegistryUrl(), Duration.ofDays(30));
    }

    @AfterEach
    void stop() {
        history.close();
    }

    @Test
    void aRefusedWriteKeepsItsBeforeAfterRuleAndActorAndGainsMondaysMessage() {
        SyncHistoryEntry decision = Samples.decision("acme", "42", "rc:e1", START).build();
        history.decided(decision);
        history.reported(Samples.refused(decision, 0, START.plusSeconds(2)).build());

        SyncHistoryEntry merged = history.stored("rc:e1");
        assertThat(merged.getStatus()).isEqualTo(HistoryStatus.FAILED);
        assertThat(merged.getErrorCode()).isEqualTo("MONDAY_PERMANENT");
        assertThat(merged.getCommands().get(0).getErrorCode()).isEqualTo("ColumnValueException");
        assertThat(merged.getDeadLetterId()).isEqualTo("dlq:sync.monday-commands:0:0");
        assertThat(merged.getErrorMessage()).startsWith("invalid value, please check our API documentation");
        assertThat(merged.getRequestId()).isEqualTo("req-refused-0");
        assertThat(merged.getAttempts()).isEqualTo(1);
        assertThat(merged.getFields()).isEqualTo(decision.getFields());
        assertThat(merged.getRule()).isEqualTo("latest-change-wins");
        assertThat(merged.getTriggeredBy()).isEqualTo(Samples.ALICE);
        assertThat(merged.getTriggerEventId()).isEqualTo("evt-rc:e1");
        assertThat(history.compacted().get("rc:e1")).isEqualTo(merged);
    }

    @Test
    void anEntryWhoseDecisionSentTwoCommandsSucceedsOnlyWhenBothAreDelivered() {
        SyncHistoryEntry decision = Samples.decision("acme", "42", "rc:e2", START)
                .setCommands(Samples.sent("rc:e2:c0", "rc:e2:c1")).build();
        history.decided(decision);
        assertThat(history.stored("rc:e2").getStatus()).isEqualTo(HistoryStatus.PENDING);

        history.reported(Samples.delivered(decision, 0, START.plusSeconds(1)).build());
        SyncHistoryEntry half = history.stored("rc:e2");
        assertThat(half.getStatus()).isEqualTo(HistoryStatus.PENDING);
        assertThat(half.getCommands()).extracting(c -> c.getCommandId() + "=" + c.getStatus())
                .containsExactly("rc:e2:c0=SUCCEEDED", "rc:e2:c1=PENDING");

        history.reported(Samples.delivered(decision, 1, START.plusSeconds(2)).build());
        SyncHistoryEntry merged = history.stored("rc:e2");
        assertThat(merged.getStatus()).isEqualTo(HistoryStatus.SUCCEEDED);
        assertThat(merged.getCommands()).extracting(c -> c.getCommandId() + "=" + c.getStatus() + "@" + c.getRequestId())
                .containsExactly("rc:e2:c0=SUCCEEDED@req-ok-0", "rc:e2:c1=SUCCEEDED@req-ok-1");
        assertThat(merged.getFields()).isEqualTo(decision.getFields());
    }

    @Test
    void anEntryOfTwoCommandsShowsEachCommandsOutcomeAndFailsWhenOneIsRefused() {
        SyncHistoryEntry decision = Samples.decision("acme", "42", "rc:e2b", START)
                .setCommands(Samples.sent("rc:e2b:c0", "rc:e2b:c1")).build();
        history.decided(decision);
        history.reported(Samples.delivered(decision, 0, START.plusSeconds(1)).build());
        history.reported(Samples.refused(decision, 1, START.plusSeconds(2)).build());

        SyncHistoryEntry merged = history.stored("rc:e2b");
        assertThat(merged.getCommands()).extracting(c -> c.getCommandId() + "=" + c.getStatus())
                .containsExactly("rc:e2b:c0=SUCCEEDED", "rc:e2b:c1=FAILED");
        assertThat(merged.getStatus()).isEqualTo(HistoryStatus.FAILED);
        assertThat(merged.getRequestId()).isEqualTo("req-refused-1");
        assertThat(merged.getCommands().get(1).getErrorMessage()).startsWith("invalid value");
    }

    @Test
    void aRecordUpdateListedWithTheCommandsIsNotWaitedForAndAnEntryOfUpdatesOnlyKeepsItsStatus() {
        SyncHistoryEntry both = Samples.decision("acme", "42", "rc:e2d", START)
                .setCommands(Samples.sent("rc:e2d:c0", "rc:e2d:u")).build();
        SyncHistoryEntry updateOnly = Samples.decision("acme", "42", "mi:e2e", START).setCommandId(null)
                .setCommands(Samples.sent("mi:e2e:u")).build();
        history.decided(both);
        history.decided(updateOnly);
        history.reported(Samples.delivered(both, 0, START.plusSeconds(1)).build());

        assertThat(history.stored("rc:e2d").getStatus()).isEqualTo(HistoryStatus.SUCCEEDED);
        assertThat(history.stored("rc:e2d").getCommands()).extracting(c -> c.getCommandId() + "=" + c.getStatus())
                .containsExactly("rc:e2d:c0=SUCCEEDED", "rc:e2d:u=PENDING");
        assertThat(history.stored("mi:e2e").getStatus()).isEqualTo(HistoryStatus.PENDING);
    }

    @Test
    void anOutcomeOfTheSecondCommandReadBeforeTheDecisionIsKeptAndTheEntryWaitsForTheFirst() {
        SyncHistoryEntry decision = Samples.decision("acme", "42", "rc:e2c", START)
                .setCommands(Samples.sent("rc:e2c:c0", "rc:e2c:c1")).build();
        history.reported(Samples.delivered(decision, 1, START.plusSeconds(1)).build());
        history.decided(decision);

        SyncHistoryEntry waiting = history.stored("rc:e2c");
        assertThat(waiting.getStatus()).isEqualTo(HistoryStatus.PENDING);
        assertThat(waiting.getCommands()).extracting(c -> c.getCommandId() + "=" + c.getStatus())
                .containsExactly("rc:e2c:c0=PENDING", "rc:e2c:c1=SUCCEEDED");

        history.decided(decision); // the decision read again (a replay) never resets a reported outcome
        history.reported(Samples.delivered(decision, 0, START.plusSeconds(2)).build());
        assertThat(history.stored("rc:e2c").getStatus()).isEqualTo(HistoryStatus.SUCCEEDED);
    }

    @Test
    void anOutcomeReadBeforeItsDecisionIsMergedWhenTheDecisionArrives() {
        SyncHistoryEntry decision = Samples.decision("acme", "42", "rc:e3", START).build();
        history.reported(Samples.delivered(decision, 0, START.plusSeconds(1)).build());
        assertThat(history.stored("rc:e3")).isNull();

        history.decided(decision);

        assertThat(history.stored("rc:e3").getStatus()).isEqualTo(HistoryStatus.SUCCEEDED);
        assertThat(history.storeSize(HistoryStores.EARLY_OUTCOMES)).isZero();
    }

    @Test
    void aColumnMondayRefusedWhileTheRestWasDeliveredIsShownWithItsMessage() {
        SyncHistoryEntry decision = Samples.decision("acme", "42", "rc:e4", START).build();
        history.decided(decision);
        history.reported(Samples.deliveredButStatusRefused(decision, 0, START.plusSeconds(1)).build());

        SyncHistoryEntry merged = history.stored("rc:e4");
        assertThat(merged.getStatus()).isEqualTo(HistoryStatus.SUCCEEDED);
        assertThat(merged.getErrorCode()).isEqualTo("MONDAY_COLUMN_REFUSED");
        assertThat(merged.getErrorMessage()).isEqualTo("This status label does not exist");
        assertThat(merged.getRetryable()).isTrue();
        assertThat(merged.getCommands().get(0).getRefusedColumns()).hasSize(1);
        assertThat(merged.getFields()).extracting(f -> f.getField() + "=" + f.getStatus())
                .containsExactly("email=PENDING", "stage=FAILED");
        assertThat(merged.getFields().get(1).getAfter()).isEqualTo(decision.getFields().get(1).getAfter());
    }

    @Test
    void anEntryTheSinkWroteUnderTheSameIdIsReadAsAnOutcomeAndNeverReplacesTheDecision() {
        SyncHistoryEntry decision = Samples.decision("acme", "42", "rc:e5", START).build();
        history.decided(decision);
        SyncHistoryEntry bySink = SyncHistoryEntry.newBuilder(decision).setStatus(HistoryStatus.FAILED)
                .setFields(List.of()).setRule(null)
                .setTriggeredBy(Actor.newBuilder().setKind(ActorKind.INTEGRATION).setId("monday-sink").build())
                .setErrorCode("ColumnValueException").setErrorMessage("monday says no").setAttempts(3)
                .setUpdatedAt(START.plusSeconds(5)).build();
        history.decided(bySink);

        SyncHistoryEntry merged = history.stored("rc:e5");
        assertThat(merged.getStatus()).isEqualTo(HistoryStatus.FAILED);
        assertThat(merged.getErrorMessage()).isEqualTo("monday says no");
        assertThat(merged.getAttempts()).isEqualTo(3);
        assertThat(merged.getFields()).isEqualTo(decision.getFields());
        assertThat(merged.getTriggeredBy()).isEqualTo(Samples.ALICE);
    }

    @Test
    void aRetryOfAFailedEntryIsShownOnItWithTheRetrysOutcome() {
        SyncHistoryEntry failed = Samples.decision("acme", "42", "rc:e6", START).build();
        history.decided(failed);
        history.reported(Samples.refused(failed, 0, START.plusSeconds(1)).build());
        SyncHistoryEntry retry = Samples.decision("acme", "42", "ctl:retry:rc:e6:0", START.plusSeconds(60))
                .setRelatedEntryId("rc:e6").setControlRequestId("retry:rc:e6:0").build();

        history.decided(retry);
        assertThat(history.stored("rc:e6").getStatus()).isEqualTo(HistoryStatus.RETRIED);
        assertThat(history.stored("rc:e6").getRetries()).extracting(r -> r.getRequestId() + "=" + r.getStatus())
                .containsExactly("retry:rc:e6:0=PENDING");

        history.reported(Samples.delivered(retry, 0, START.plusSeconds(61)).build());
        assertThat(history.stored("ctl:retry:rc:e6:0").getStatus()).isEqualTo(HistoryStatus.SUCCEEDED);
        assertThat(history.stored("rc:e6").getRetries()).extracting(r -> r.getRequestId() + "=" + r.getStatus())
                .containsExactly("retry:rc:e6:0=SUCCEEDED");
        assertThat(history.stored("rc:e6").getFields()).isEqualTo(failed.getFields());
    }

    @Test
    void aRetryWhoseResendHadTheColumnRefusedAgainIsShownFailedWithMondaysMessage() {
        SyncHistoryEntry refused = Samples.decision("acme", "42", "rc:e7", START).build();
        history.decided(refused);
        history.reported(Samples.deliveredButStatusRefused(refused, 0, START.plusSeconds(1)).build());
        SyncHistoryEntry retry = Samples.decision("acme", "42", "ctl:retry:rc:e7:0", START.plusSeconds(60))
                .setRelatedEntryId("rc:e7").setControlRequestId("retry:rc:e7:0").build();
        history.decided(retry);

        history.reported(Samples.deliveredButStatusRefused(retry, 0, START.plusSeconds(61)).build());

        SyncHistoryEntry retried = history.stored("rc:e7");
        assertThat(retried.getStatus()).isEqualTo(HistoryStatus.RETRIED);
        assertThat(retried.getRetries()).extracting(r -> r.getRequestId() + "=" + r.getStatus() + ": " + r.getErrorMessage())
                .containsExactly("retry:rc:e7:0=FAILED: This status label does not exist");
    }

    @Test
    void aReviewLeavesTheQueueOnlyWhenADecisionOnItWasApplied() {
        SyncHistoryEntry approved = review("match:e8");
        SyncHistoryEntry rejected = review("match:e9");
        history.decided(approved);
        history.decided(rejected);
        // a decision that could not be applied (the item went to another record) leaves it waiting
        history.decided(decisionOn(approved, "review:match:e8:approve", "match-not-applied", HistoryStatus.NOT_PROPAGATED, 10));
        assertThat(history.stored("match:e8").getStatus()).isEqualTo(HistoryStatus.REVIEW);

        history.decided(decisionOn(approved, "review:match:e8:reject", "match-rejected", HistoryStatus.PENDING, 20));
        history.decided(decisionOn(rejected, "match:e9:item:7001", "match-exact-email", HistoryStatus.PENDING, 20));

        assertThat(history.stored("match:e8").getStatus()).isEqualTo(HistoryStatus.REJECTED);
        assertThat(history.stored("match:e8").getRetries()).extracting(r -> r.getRequestId() + "=" + r.getRule())
                .containsExactly("review:match:e8:approve=match-not-applied", "review:match:e8:reject=match-rejected");
        assertThat(history.stored("match:e9").getStatus()).isEqualTo(HistoryStatus.SUCCEEDED);
        // the REVIEW decision read again (a replay) keeps what was decided
        history.decided(approved);
        assertThat(history.stored("match:e8").getStatus()).isEqualTo(HistoryStatus.REJECTED);
    }

    private static SyncHistoryEntry review(String entryId) {
        return Samples.decision("acme", entryId.substring(6), entryId, START).setStatus(HistoryStatus.REVIEW)
                .setRule("match-fuzzy-name").setCommandId(null).build();
    }

    private static SyncHistoryEntry decisionOn(SyncHistoryEntry review, String requestId, String rule,
                                               HistoryStatus status, int seconds) {
        return Samples.decision("acme", review.getRecordId(), "ctl:" + requestId, START.plusSeconds(seconds))
                .setStatus(status).setRule(rule).setRelatedEntryId(review.getEntryId()).setControlRequestId(requestId)
                .build();
    }

    @Test
    void aRecordsEntriesAreListedNewestFirst() {
        history.decided(Samples.decision("acme", "42", "rc:old", START).build());
        history.decided(Samples.decision("acme", "42", "rc:new", START.plusSeconds(30)).build());
        history.decided(Samples.decision("acme", "42", "rc:mid", START.plusSeconds(10)).build());
        history.decided(Samples.decision("acme", "420", "rc:other-record", START.plusSeconds(20)).build());

        assertThat(history.recordHistory("acme", "42")).containsExactly("rc:new", "rc:mid", "rc:old");
    }

    @Test
    void anUndecodableHistoryEventOrOutcomeBecomesADeadLetterAndTheNextOneIsStillMerged() {
        history.rawEvents.pipeInput("rc:broken", "not avro".getBytes(StandardCharsets.UTF_8), START);
        history.rawResults.pipeInput("acme:Contact:42", new byte[]{0, 0, 0, 0, 99, 1, 2}, START);
        history.decided(Samples.decision("acme", "42", "rc:fine", START).build());

        List<TestRecord<String, DeadLetter>> letters = history.deadLetters.readRecordsToList();
        assertThat(letters).hasSize(2);
        assertThat(letters.get(0).value().getErrorType()).isEqualTo("WIRE_FORMAT");
        assertThat(letters.get(0).value().getSourceTopic()).isEqualTo("sync.history-events");
        assertThat(letters.get(0).value().getValue().array()).isEqualTo("not avro".getBytes(StandardCharsets.UTF_8));
        assertThat(DeadLetterHeaders.read(letters.get(0).headers(), DeadLetterHeaders.PART)).isEqualTo("history-sink");
        assertThat(letters.get(1).value().getTenantId()).isEqualTo("acme");
        assertThat(history.stored("rc:fine")).isNotNull();
    }

    @Test
    void entriesOlderThanTheRetentionAreRemovedWithTombstones(RealInfra infra) {
        history.close();
        history = new HistoryDriver(infra.schemaRegistryUrl(), Duration.ofMinutes(10));
        history.decided(Samples.decision("acme", "42", "rc:aged", START).build());
        history.decided(Samples.decision("acme", "42", "rc:young", START.plus(Duration.ofMinutes(8))).build());
        history.historyRecords();

        history.driver.advanceWallClockTime(Duration.ofMinutes(12));

        assertThat(history.stored("rc:aged")).isNull();
        assertThat(history.stored("rc:young")).isNotNull();
        assertThat(history.recordHistory("acme", "42")).containsExactly("rc:young");
        List<TestRecord<String, SyncHistoryEntry>> out = history.historyRecords();
        assertThat(out).extracting(TestRecord::key).containsExactly("rc:aged");
        assertThat(out.get(0).value()).isNull();
        assertThat(history.storeSize(HistoryStores.BY_AGE)).isEqualTo(1);
        assertThat(history.storeSize(HistoryStores.BY_TENANT)).isEqualTo(1);

        history.decided(Samples.decision("acme", "42", "rc:replayed-old", START.minus(Duration.ofHours(1))).build());
        assertThat(history.stored("rc:replayed-old")).isNull();
    }
}

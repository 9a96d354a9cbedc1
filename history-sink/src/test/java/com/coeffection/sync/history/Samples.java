package com.coeffection.sync.history;

import com.coeffection.sync.schema.Actor;
import com.coeffection.sync.schema.ActorKind;
import com.coeffection.sync.schema.ColumnRefusal;
import com.coeffection.sync.schema.CommandStatus;
import com.coeffection.sync.schema.CommandOutcome;
import com.coeffection.sync.schema.FieldDiff;
import com.coeffection.sync.schema.HistoryStatus;
import com.coeffection.sync.schema.MondayCommandResult;
import com.coeffection.sync.schema.SyncDirection;
import com.coeffection.sync.schema.SyncHistoryEntry;
import com.coeffection.sync.values.FieldValues;

import java.time.Instant;
import java.util.List;

/** History entries and sink outcomes as the processor and the monday sink write them. */
public final class Samples {
    public static final Actor ALICE = Actor.newBuilder().setKind(ActorKind.USER).setId("u-7").setName("Alice Martin")
            .setEmail("alice@acme.test").build();

    private Samples() {
    }

    /** A decision to write a contact's email and stage to monday, waiting for delivery. */
    public static SyncHistoryEntry.Builder decision(String tenant, String recordId, String entryId, Instant at) {
        return SyncHistoryEntry.newBuilder()
                .setEntryId(entryId).setTenantId(tenant).setEntityType("Contact").setRecordId(recordId)
                .setBoardId(100L).setItemId(5001L)
                .setDirection(SyncDirection.COEFFECTION_TO_MONDAY).setStatus(HistoryStatus.PENDING)
                .setFields(List.of(
                        FieldDiff.newBuilder().setField("email").setColumnId("email_col")
                                .setBefore(FieldValues.email("old@acme.test")).setAfter(FieldValues.email("new@acme.test"))
                                .setRule("latest-change-wins").setStatus(HistoryStatus.PENDING).build(),
                        FieldDiff.newBuilder().setField("stage").setColumnId("status")
                                .setBefore(FieldValues.status("Lead")).setAfter(FieldValues.status("Won"))
                                .setRule("latest-change-wins").setStatus(HistoryStatus.PENDING).build()))
                .setRule("latest-change-wins").setTriggeredBy(ALICE).setTriggerEventId("evt-" + entryId)
                .setCommandId(entryId + ":c0").setAttempts(0)
                .setOccurredAt(at).setUpdatedAt(at);
    }

    /** The commands a decision lists as sent (no outcome yet), as the processor writes them. */
    public static List<CommandStatus> sent(String... commandIds) {
        return java.util.Arrays.stream(commandIds)
                .map(id -> CommandStatus.newBuilder().setCommandId(id).setStatus(HistoryStatus.PENDING).build()).toList();
    }

    public static MondayCommandResult.Builder delivered(SyncHistoryEntry entry, int n, Instant at) {
        return MondayCommandResult.newBuilder()
                .setCommandId(entry.getEntryId() + ":c" + n).setTenantId(entry.getTenantId())
                .setEntityType(entry.getEntityType()).setRecordId(entry.getRecordId()).setBoardId(100L)
                .setItemId(5001L).setOutcome(CommandOutcome.DELIVERED).setAttempts(1)
                .setHistoryEntryId(entry.getEntryId()).setRequestId("req-ok-" + n).setCompletedAt(at);
    }

    /** Delivered, except the stage: monday refused that column (its label does not exist on the board). */
    public static MondayCommandResult.Builder deliveredButStatusRefused(SyncHistoryEntry entry, int n, Instant at) {
        return delivered(entry, n, at).setRefusedColumns(List.of(refusal("status", "This status label does not exist")));
    }

    /** monday refused the write for good (a permanent error), with its own message. */
    public static MondayCommandResult.Builder refused(SyncHistoryEntry entry, int n, Instant at) {
        return delivered(entry, n, at).setOutcome(CommandOutcome.DEAD_LETTERED).setAttempts(1)
                .setErrorType("MONDAY_PERMANENT").setDeadLetterId("dlq:sync.monday-commands:0:" + n)
                .setErrorCode("ColumnValueException")
                .setErrorMessage("invalid value, please check our API documentation for the correct data structure for this column")
                .setRequestId("req-refused-" + n);
    }

    public static ColumnRefusal refusal(String column, String message) {
        return ColumnRefusal.newBuilder().setColumnId(column).setField(column).setErrorCode("ColumnValueException")
                .setMessage(message).build();
    }
}

package com.coeffection.sync.drift.compare;

import com.coeffection.sync.schema.Actor;
import com.coeffection.sync.schema.ActorKind;
import com.coeffection.sync.schema.ControlKind;
import com.coeffection.sync.schema.FieldChange;
import com.coeffection.sync.schema.SyncControl;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the drifted fields of one record into requests for the processor: one {@code OBSERVED_MONDAY} with what the
 * item showed and one {@code OBSERVED_COEFFECTION} with what the record showed, each value at its own change time
 * (or the read time when the side gives none). The processor merges each observed value like a live edit from that
 * side at that time, so the conflict rules decide as for any edit, and an edit made after the read (which carries a
 * later time) still wins. The monday observation comes first on the record's key (one partition, so in order).
 *
 * <p>Request ids derive from the run and the record ({@code drift:<runId>:<recordId>:monday|coeffection}): a run
 * resumed after a crash sends the same ids again, and the processor acts once per id.
 */
public final class Observations {
    /** Who the processor and history see as the author of an observation: the drift repair, a system actor. */
    public static final Actor DRIFT = new Actor(ActorKind.SYSTEM, "drift", "Drift repair", null);

    private Observations() {
    }

    /** The requests for one record's drifted fields; empty when nothing drifted. */
    public static List<SyncControl> of(String runId, String tenantId, String entityType, String recordId, long boardId,
                                       long itemId, List<FieldDrift> drifts, Instant readAt) {
        if (drifts.isEmpty()) {
            return List.of();
        }
        List<FieldChange> monday = new ArrayList<>();
        List<FieldChange> coeffection = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        for (FieldDrift d : drifts) {
            fields.add(d.field());
            monday.add(new FieldChange(d.field(), d.monday().value(), d.monday().at()));
            coeffection.add(new FieldChange(d.field(), d.coeffection().value(), d.coeffection().at()));
        }
        return List.of(request(runId, tenantId, entityType, recordId, boardId, itemId, ControlKind.OBSERVED_MONDAY,
                        "monday", fields, monday, readAt),
                request(runId, tenantId, entityType, recordId, boardId, itemId, ControlKind.OBSERVED_COEFFECTION,
                        "coeffection", fields, coeffection, readAt));
    }

    /** The request id of one side's observation of a record in a run. */
    public static String requestId(String runId, String recordId, String side) {
        return "drift:" + runId + ":" + recordId + ":" + side;
    }

    private static SyncControl request(String runId, String tenantId, String entityType, String recordId, long boardId,
                                       long itemId, ControlKind kind, String side, List<String> fields,
                                       List<FieldChange> observed, Instant readAt) {
        return SyncControl.newBuilder().setRequestId(requestId(runId, recordId, side)).setTenantId(tenantId)
                .setEntityType(entityType).setRecordId(recordId).setKind(kind).setSide(null).setEntryId(null)
                .setBoardId(boardId).setItemId(itemId).setFields(fields).setObserved(observed).setObservedAt(readAt)
                .setRequestedBy(DRIFT).setRequestedAt(readAt).build();
    }
}

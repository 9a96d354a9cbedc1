package com.coeffection.sync.ingress.monday;

import com.coeffection.sync.contract.ErrorType;
import com.coeffection.sync.contract.SyncIds;
import com.coeffection.sync.ingress.monday.MondayPeople.Unresolved;
import com.coeffection.sync.schema.Actor;
import com.coeffection.sync.schema.ActorKind;
import com.coeffection.sync.schema.FieldDiff;
import com.coeffection.sync.schema.HistoryStatus;
import com.coeffection.sync.schema.MondayItemEvent;
import com.coeffection.sync.schema.SyncDirection;
import com.coeffection.sync.schema.SyncHistoryEntry;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The history entry that tells support staff a person chosen on monday reached Coeffection without an email: one
 * entry per monday item event ({@code mp:{triggerUuid}}, related to the event's own entry {@code mi:{triggerUuid}}),
 * direction MONDAY_TO_COEFFECTION, each person's column as a FAILED field, the error type
 * {@link ErrorType#UNKNOWN_PERSON} (monday has no such user) or {@link ErrorType#PERSON_UNRESOLVED} (monday could
 * not be asked), and a message naming the monday user id, the column, the item and the board. The value itself went
 * on with the monday user id: the entry says so.
 *
 * <p>The ingress does not know the board mapping, so a field is named by its monday column id.
 */
final class UnresolvedPeopleEntry {
    private UnresolvedPeopleEntry() {
    }

    static SyncHistoryEntry of(MondayItemEvent event, List<Unresolved> people, Instant now) {
        if (people.isEmpty()) {
            throw new IllegalArgumentException("no unresolved person");
        }
        // could not ask: a later change may resolve it (retryable); otherwise monday has no such user
        ErrorType type = people.stream().anyMatch(p -> p.errorType() == ErrorType.PERSON_UNRESOLVED)
                ? ErrorType.PERSON_UNRESOLVED : ErrorType.UNKNOWN_PERSON;
        List<FieldDiff> fields = new ArrayList<>();
        Set<String> columns = new LinkedHashSet<>();
        List<String> named = new ArrayList<>();
        for (Unresolved person : people) {
            String column = person.columnId() == null ? "(unknown column)" : person.columnId();
            if (columns.add(column)) {
                fields.add(FieldDiff.newBuilder().setField(column).setColumnId(person.columnId())
                        .setStatus(HistoryStatus.FAILED).build());
            }
            named.add("monday user " + person.userId() + " in column '" + column + "' (" + person.reason() + ")");
        }
        String message = String.join("; ", named) + ", on item " + event.getItemId() + " of board " + event.getBoardId()
                + ": Coeffection gets this change with the monday user id only and no email, so it cannot tell who"
                + " the person is. " + (type == ErrorType.UNKNOWN_PERSON
                ? "Check that the person is a user of the monday account."
                : "The next change of this column is looked up again.");
        Actor actor = event.getUserId() == null ? Actor.newBuilder().setKind(ActorKind.UNKNOWN).build()
                : Actor.newBuilder().setKind(ActorKind.USER).setId(Long.toString(event.getUserId())).build();
        return SyncHistoryEntry.newBuilder()
                .setEntryId(SyncIds.peopleEntry(event.getTriggerUuid()))
                .setTenantId(event.getTenantId())
                .setBoardId(event.getBoardId())
                .setItemId(event.getItemId())
                .setDirection(SyncDirection.MONDAY_TO_COEFFECTION)
                .setStatus(HistoryStatus.FAILED)
                .setFields(fields)
                .setTriggeredBy(actor)
                .setTriggerEventId(event.getTriggerUuid())
                .setErrorCode(type.name())
                .setErrorMessage(message)
                .setAttempts(1)
                .setRetryable(type.retryable())
                .setRelatedEntryId(SyncIds.itemEventEntry(event.getTriggerUuid()))
                .setOccurredAt(event.getTriggerTime())
                .setUpdatedAt(now)
                .build();
    }
}

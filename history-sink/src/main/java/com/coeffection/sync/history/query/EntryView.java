package com.coeffection.sync.history.query;

import com.coeffection.sync.schema.CommandStatus;
import com.coeffection.sync.schema.FieldDiff;
import com.coeffection.sync.schema.RetryStatus;
import com.coeffection.sync.schema.SyncHistoryEntry;

import java.util.List;

/**
 * A history entry as the API shows it (JSON): what changed (each field before -> after with the rule that decided
 * it), which way, who or what triggered it, its status and, for a failure, monday's own code, message and request
 * id; each command's outcome and each retry.
 *
 * Times are ISO-8601 UTC text.
 *
 * @param cursor the entry's position in the list it was read from; pass it back as {@code cursor} for the next page
 */
public record EntryView(String entryId, String tenantId, String entityType, String recordId, Long boardId, Long itemId,
                        String direction, String status, String rule, ActorView triggeredBy, String triggerEventId,
                        List<FieldView> fields, List<CommandView> commands, List<RetryView> retries,
                        String errorCode, String errorMessage, String requestId, int attempts, boolean retryable,
                        String deadLetterId, String relatedEntryId, String controlRequestId, String occurredAt,
                        String updatedAt, String cursor) {

    public record ActorView(String kind, String id, String name, String email) {
    }

    public record FieldView(String field, String columnId, String before, String after, String rule, String status) {
    }

    public record CommandView(String commandId, String status, String errorType, String errorCode, String errorMessage,
                              String requestId, int attempts, List<RefusedColumnView> refusedColumns,
                              String completedAt) {
    }

    public record RefusedColumnView(String columnId, String field, String errorCode, String message) {
    }

    public record RetryView(String requestId, String retryEntryId, String status, String errorMessage,
                            String updatedAt, String rule) {
    }

    public static EntryView of(SyncHistoryEntry e, String cursor) {
        return new EntryView(e.getEntryId(), e.getTenantId(), e.getEntityType(), e.getRecordId(), e.getBoardId(),
                e.getItemId(), e.getDirection().name(), e.getStatus().name(), e.getRule(),
                e.getTriggeredBy() == null ? null : new ActorView(e.getTriggeredBy().getKind().name(),
                        e.getTriggeredBy().getId(), e.getTriggeredBy().getName(), e.getTriggeredBy().getEmail()),
                e.getTriggerEventId(),
                e.getFields().stream().map(d -> field(d, e.getStatus().name())).toList(),
                e.getCommands().stream().map(EntryView::command).toList(),
                e.getRetries().stream().map(EntryView::retry).toList(),
                e.getErrorCode(), e.getErrorMessage(), e.getRequestId(), e.getAttempts(), e.getRetryable(),
                e.getDeadLetterId(), e.getRelatedEntryId(), e.getControlRequestId(), text(e.getOccurredAt()),
                text(e.getUpdatedAt()), cursor);
    }

    /** A field's own status; "pending" from the decision is not repeated once the entry has an outcome. */
    private static FieldView field(FieldDiff d, String entryStatus) {
        String status = d.getStatus() == null ? null : d.getStatus().name();
        if ("PENDING".equals(status) && !"PENDING".equals(entryStatus)) {
            status = null;
        }
        return new FieldView(d.getField(), d.getColumnId(), FieldText.of(d.getBefore()), FieldText.of(d.getAfter()),
                d.getRule(), status);
    }

    private static CommandView command(CommandStatus c) {
        return new CommandView(c.getCommandId(), c.getStatus().name(), c.getErrorType(), c.getErrorCode(), c.getErrorMessage(),
                c.getRequestId(), c.getAttempts(), c.getRefusedColumns().stream()
                .map(r -> new RefusedColumnView(r.getColumnId(), r.getField(), r.getErrorCode(), r.getMessage())).toList(),
                text(c.getCompletedAt()));
    }

    private static RetryView retry(RetryStatus r) {
        return new RetryView(r.getRequestId(), r.getRetryEntryId(), r.getStatus().name(), r.getErrorMessage(),
                text(r.getUpdatedAt()), r.getRule());
    }

    private static String text(java.time.Instant at) {
        return at == null ? null : at.toString();
    }
}

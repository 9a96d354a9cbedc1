package com.coeffection.sync.history.merge;

import com.coeffection.sync.schema.CommandOutcome;
import com.coeffection.sync.schema.CommandStatus;
import com.coeffection.sync.schema.HistoryStatus;
import com.coeffection.sync.schema.MondayCommandResult;
import com.coeffection.sync.schema.RetryStatus;
import com.coeffection.sync.schema.SyncHistoryEntry;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * How one history entry is built from what the parts report: the processor's decision, the sink's outcome of each
 * command, and the retries asked for. Pure functions; the topology stores the results.
 *
 * <p>Rule (the merged entry keeps the decision): an outcome never changes the entry's fields with their before and
 * after values, its rule, actor or trigger. It adds the command's outcome (status, monday's error code, its own
 * message, its request id, attempts, refused columns) and moves the entry's status on:
 * <ul>
 *   <li>any command failed (dead-lettered) -> FAILED, with that command's code, message and request id;</li>
 *   <li>else any command waits for a reconnect -> RECONNECT_NEEDED;</li>
 *   <li>else every reported command was delivered -> SUCCEEDED;</li>
 *   <li>an entry retried by a person -> RETRIED (the retry's own outcome is in {@code retries}).</li>
 * </ul>
 * A decision that did not send anything to monday (STALE, SKIPPED_ECHO, LOCKED, REVIEW, ...) keeps its status.
 */
public final class EntryMerge {
    /** Statuses of a decision whose commands' outcomes decide the entry's status. */
    private static final Set<HistoryStatus> AWAITING_DELIVERY = Set.of(HistoryStatus.PENDING, HistoryStatus.SUCCEEDED,
            HistoryStatus.FAILED, HistoryStatus.RECONNECT_NEEDED, HistoryStatus.RETRIED);

    private EntryMerge() {
    }

    /**
     * The entry after its decision arrived (again). A decision read a second time (a replay) keeps the outcomes and
     * retries already merged.
     */
    public static SyncHistoryEntry decision(SyncHistoryEntry existing, SyncHistoryEntry decision) {
        SyncHistoryEntry.Builder merged = SyncHistoryEntry.newBuilder(decision);
        if (existing != null) {
            List<CommandStatus> commands = new ArrayList<>(existing.getCommands());
            for (CommandStatus c : decision.getCommands()) {
                upsert(commands, c);
            }
            merged.setCommands(commands);
            merged.setRetries(new ArrayList<>(existing.getRetries()));
            if (existing.getUpdatedAt().isAfter(merged.getUpdatedAt())) {
                merged.setUpdatedAt(existing.getUpdatedAt());
            }
        }
        return settle(merged);
    }

    /** The entry after the sink reported the outcome of one of its commands. */
    public static SyncHistoryEntry outcome(SyncHistoryEntry entry, MondayCommandResult result) {
        SyncHistoryEntry.Builder merged = SyncHistoryEntry.newBuilder(entry);
        List<CommandStatus> commands = new ArrayList<>(entry.getCommands());
        upsert(commands, commandStatus(result));
        merged.setCommands(commands);
        if (result.getItemId() != null && merged.getItemId() == null) {
            merged.setItemId(result.getItemId());
        }
        if (result.getCompletedAt().isAfter(merged.getUpdatedAt())) {
            merged.setUpdatedAt(result.getCompletedAt());
        }
        return settle(merged);
    }

    /**
     * The entry {@code retried} after its retry entry (the processor's {@code ctl:{requestId}} entry, naming it in
     * {@code relatedEntryId}) was written or changed.
     */
    public static SyncHistoryEntry retried(SyncHistoryEntry retried, SyncHistoryEntry retry) {
        SyncHistoryEntry.Builder merged = SyncHistoryEntry.newBuilder(retried);
        String requestId = retry.getControlRequestId() != null ? retry.getControlRequestId()
                : retry.getEntryId().startsWith("ctl:") ? retry.getEntryId().substring(4) : retry.getEntryId();
        List<RetryStatus> retries = new ArrayList<>(retried.getRetries());
        retries.removeIf(r -> r.getRequestId().equals(requestId));
        retries.add(RetryStatus.newBuilder().setRequestId(requestId).setRetryEntryId(retry.getEntryId())
                .setStatus(retry.getStatus()).setErrorMessage(retry.getErrorMessage())
                .setUpdatedAt(retry.getUpdatedAt()).build());
        retries.sort(Comparator.comparing(RetryStatus::getRequestId));
        merged.setRetries(retries);
        if (retry.getUpdatedAt().isAfter(merged.getUpdatedAt())) {
            merged.setUpdatedAt(retry.getUpdatedAt());
        }
        return settle(merged);
    }

    /** One command's outcome, as the entry shows it. */
    public static CommandStatus commandStatus(MondayCommandResult result) {
        return CommandStatus.newBuilder()
                .setCommandId(result.getCommandId())
                .setStatus(status(result.getOutcome()))
                .setErrorCode(result.getErrorCode())
                .setErrorMessage(result.getErrorMessage() != null ? result.getErrorMessage()
                        : result.getRefusedColumns().isEmpty() ? null : result.getRefusedColumns().get(0).getMessage())
                .setRequestId(result.getRequestId())
                .setAttempts(result.getAttempts())
                .setRefusedColumns(new ArrayList<>(result.getRefusedColumns()))
                .setCompletedAt(result.getCompletedAt())
                .build();
    }

    /**
     * A history entry the monday sink wrote under the processor's entry id (older sinks did; the sink now reports
     * outcomes only), read as the outcome it stands for so it never replaces the decision.
     */
    public static MondayCommandResult asOutcome(SyncHistoryEntry sinkEntry) {
        CommandOutcome outcome = switch (sinkEntry.getStatus()) {
            case SUCCEEDED -> CommandOutcome.DELIVERED;
            case FAILED -> CommandOutcome.DEAD_LETTERED;
            case RECONNECT_NEEDED -> CommandOutcome.RECONNECT_NEEDED;
            default -> CommandOutcome.OTHER;
        };
        return MondayCommandResult.newBuilder()
                .setCommandId(sinkEntry.getCommandId() != null ? sinkEntry.getCommandId() : sinkEntry.getEntryId())
                .setTenantId(sinkEntry.getTenantId())
                .setEntityType(sinkEntry.getEntityType() == null ? "" : sinkEntry.getEntityType())
                .setRecordId(sinkEntry.getRecordId() == null ? "" : sinkEntry.getRecordId())
                .setBoardId(sinkEntry.getBoardId() == null ? 0L : sinkEntry.getBoardId())
                .setItemId(sinkEntry.getItemId())
                .setOutcome(outcome)
                .setErrorCode(sinkEntry.getErrorCode())
                .setErrorMessage(sinkEntry.getErrorMessage())
                .setRequestId(sinkEntry.getRequestId())
                .setAttempts(sinkEntry.getAttempts())
                .setHistoryEntryId(sinkEntry.getEntryId())
                .setCompletedAt(sinkEntry.getUpdatedAt())
                .build();
    }

    /** Whether this history event is an entry the monday sink wrote (see {@link #asOutcome}). */
    public static boolean writtenBySink(SyncHistoryEntry entry) {
        return entry.getTriggeredBy() != null && "monday-sink".equals(entry.getTriggeredBy().getId());
    }

    static HistoryStatus status(CommandOutcome outcome) {
        return switch (outcome) {
            case DELIVERED -> HistoryStatus.SUCCEEDED;
            case FAILED, DEAD_LETTERED -> HistoryStatus.FAILED;
            case RECONNECT_NEEDED -> HistoryStatus.RECONNECT_NEEDED;
            default -> HistoryStatus.OTHER;
        };
    }

    private static void upsert(List<CommandStatus> commands, CommandStatus status) {
        for (int i = 0; i < commands.size(); i++) {
            if (commands.get(i).getCommandId().equals(status.getCommandId())) {
                commands.set(i, status);
                return;
            }
        }
        commands.add(status);
        commands.sort(Comparator.comparing(CommandStatus::getCommandId));
    }

    /** Recomputes the entry's status, attempts and failure details from its commands and retries. */
    static SyncHistoryEntry settle(SyncHistoryEntry.Builder entry) {
        if (!AWAITING_DELIVERY.contains(entry.getStatus()) || entry.getCommands().isEmpty()) {
            if (!entry.getRetries().isEmpty() && entry.getStatus() == HistoryStatus.FAILED) {
                entry.setStatus(HistoryStatus.RETRIED);
            }
            return entry.build();
        }
        CommandStatus failed = first(entry.getCommands(), HistoryStatus.FAILED);
        CommandStatus reconnect = first(entry.getCommands(), HistoryStatus.RECONNECT_NEEDED);
        CommandStatus shown = failed != null ? failed : reconnect;
        int attempts = entry.getCommands().stream().mapToInt(CommandStatus::getAttempts).max().orElse(0);
        entry.setAttempts(Math.max(entry.getAttempts(), attempts));
        if (shown != null) {
            entry.setStatus(shown.getStatus());
            entry.setErrorCode(shown.getErrorCode());
            entry.setErrorMessage(shown.getErrorMessage());
            entry.setRequestId(shown.getRequestId());
            entry.setRetryable(true);
        } else if (entry.getCommands().stream().allMatch(c -> c.getStatus() == HistoryStatus.SUCCEEDED)) {
            entry.setStatus(HistoryStatus.SUCCEEDED);
            CommandStatus refused = entry.getCommands().stream().filter(c -> !c.getRefusedColumns().isEmpty())
                    .findFirst().orElse(null);
            if (refused != null) {
                entry.setErrorCode(refused.getRefusedColumns().get(0).getErrorCode());
                entry.setErrorMessage(refused.getRefusedColumns().get(0).getMessage());
            }
            entry.setRequestId(entry.getCommands().get(entry.getCommands().size() - 1).getRequestId());
        }
        if (!entry.getRetries().isEmpty() && entry.getStatus() == HistoryStatus.FAILED) {
            entry.setStatus(HistoryStatus.RETRIED);
        }
        return entry.build();
    }

    private static CommandStatus first(List<CommandStatus> commands, HistoryStatus status) {
        return commands.stream().filter(c -> c.getStatus() == status).findFirst().orElse(null);
    }

    /** When an entry counts as old enough to be removed. */
    public static boolean expired(SyncHistoryEntry entry, Instant cutoff) {
        return entry.getOccurredAt().isBefore(cutoff);
    }
}

package com.coeffection.sync.history.merge;

import com.coeffection.sync.contract.ErrorType;
import com.coeffection.sync.contract.SyncIds;
import com.coeffection.sync.schema.ColumnRefusal;
import com.coeffection.sync.schema.CommandOutcome;
import com.coeffection.sync.schema.FieldDiff;
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
 *   <li>any command failed (dead-lettered) -> FAILED, with that command's error type (monday's own code stays on
 *       the command), message, request id and dead letter;</li>
 *   <li>else any command waits for a reconnect -> RECONNECT_NEEDED;</li>
 *   <li>else every reported command was delivered -> SUCCEEDED; a column monday refused while the rest was
 *       delivered marks its field FAILED and names the refusal (MONDAY_COLUMN_REFUSED, monday's message);</li>
 *   <li>an entry retried by a person (a failed one, or one with a refused column) -> RETRIED (the retry's own
 *       outcome is in {@code retries}).</li>
 * </ul>
 * A decision that did not send anything to monday (STALE, SKIPPED_ECHO, LOCKED, REVIEW, ...) keeps its status.
 *
 * <p>Rule (a review is decided once): a REVIEW entry leaves the review queue when a decision on it was applied:
 * REJECTED when a person rejected the match, SUCCEEDED when the record was linked (a person approved, or the board
 * matcher linked it exactly to an item created later). A decision that could not be applied
 * ({@code match-not-applied}, e.g. a second approval of an item another record took) leaves it waiting.
 *
 * <p>Rule (an entry of several commands is done when all are): the decision lists every monday command it sent in
 * {@code commands} (status PENDING, no outcome yet). The entry stays PENDING while any of them waits for its outcome
 * and becomes SUCCEEDED only when every one was delivered; a failure of any one shows at once. An outcome replaces
 * its command's placeholder, and a placeholder never replaces an outcome (the decision may arrive after, or be read
 * again). A decision that lists none but names its first command ({@code commandId}) waits for that one. A record
 * update for Coeffection listed there ({@code <entry>:u}) is shown but not waited for: nothing reports the outcome
 * of a Coeffection write yet.
 */
public final class EntryMerge {
    /** Statuses of a decision whose commands' outcomes decide the entry's status. */
    private static final Set<HistoryStatus> AWAITING_DELIVERY = Set.of(HistoryStatus.PENDING, HistoryStatus.SUCCEEDED,
            HistoryStatus.FAILED, HistoryStatus.RECONNECT_NEEDED, HistoryStatus.RETRIED);

    private static final String NOT_APPLIED = "match-not-applied";
    private static final String REJECTED_MATCH = "match-rejected";

    private EntryMerge() {
    }

    /**
     * The entry after its decision arrived (again). A decision read a second time (a replay) keeps the outcomes and
     * retries already merged.
     */
    public static SyncHistoryEntry decision(SyncHistoryEntry existing, SyncHistoryEntry decision) {
        SyncHistoryEntry.Builder merged = SyncHistoryEntry.newBuilder(decision);
        List<CommandStatus> commands = new ArrayList<>(existing != null ? existing.getCommands() : List.of());
        for (CommandStatus listed : sent(decision)) {
            addIfUnknown(commands, listed);
        }
        merged.setCommands(commands);
        if (existing != null) {
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
        if (!result.getRefusedColumns().isEmpty()) {
            merged.setFields(markRefused(entry.getFields(), result.getRefusedColumns()));
        }
        if (result.getItemId() != null && merged.getItemId() == null) {
            merged.setItemId(result.getItemId());
        }
        if (result.getCompletedAt().isAfter(merged.getUpdatedAt())) {
            merged.setUpdatedAt(result.getCompletedAt());
        }
        return settle(merged);
    }

    /**
     * Rule (a retry shows what it achieved): a retry whose resend monday accepted except for a column it refused
     * again counts as FAILED, with monday's message, so the next press makes a new retry.
     *
     * <p>The entry {@code retried} after its retry entry (the processor's {@code ctl:{requestId}} entry, naming it in
     * {@code relatedEntryId}) was written or changed.
     */
    public static SyncHistoryEntry retried(SyncHistoryEntry retried, SyncHistoryEntry retry) {
        SyncHistoryEntry.Builder merged = SyncHistoryEntry.newBuilder(retried);
        String requestId = retry.getControlRequestId() != null ? retry.getControlRequestId()
                : retry.getEntryId().startsWith("ctl:") ? retry.getEntryId().substring(4) : retry.getEntryId();
        List<RetryStatus> retries = new ArrayList<>(retried.getRetries());
        retries.removeIf(r -> r.getRequestId().equals(requestId));
        // a resend that was delivered except for a column monday refused again did not do what was asked: it failed
        boolean refusedAgain = retry.getStatus() == HistoryStatus.SUCCEEDED
                && ErrorType.MONDAY_COLUMN_REFUSED.name().equals(retry.getErrorCode());
        retries.add(RetryStatus.newBuilder().setRequestId(requestId).setRetryEntryId(retry.getEntryId())
                .setStatus(refusedAgain ? HistoryStatus.FAILED : retry.getStatus())
                .setErrorMessage(retry.getErrorMessage())
                .setUpdatedAt(retry.getUpdatedAt()).setRule(retry.getRule()).build());
        retries.sort(Comparator.comparing(RetryStatus::getRequestId));
        merged.setRetries(retries);
        if (retry.getUpdatedAt().isAfter(merged.getUpdatedAt())) {
            merged.setUpdatedAt(retry.getUpdatedAt());
        }
        return settle(merged);
    }

    /** A REVIEW entry's status after the decisions on it: the applied one decides (the processor applies one only). */
    private static HistoryStatus reviewDecision(List<RetryStatus> decisions) {
        for (RetryStatus d : decisions) {
            if (d.getRule() == null || d.getRule().equals(NOT_APPLIED) || d.getStatus() == HistoryStatus.REJECTED) {
                continue;
            }
            return d.getRule().equals(REJECTED_MATCH) ? HistoryStatus.REJECTED : HistoryStatus.SUCCEEDED;
        }
        return HistoryStatus.REVIEW;
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
                .setErrorType(result.getErrorType())
                .setDeadLetterId(result.getDeadLetterId())
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

    /** The fields whose column monday refused get status FAILED; their values and rule stay as decided. */
    private static List<FieldDiff> markRefused(List<FieldDiff> fields, List<ColumnRefusal> refused) {
        List<FieldDiff> marked = new ArrayList<>();
        for (FieldDiff d : fields) {
            boolean hit = refused.stream().anyMatch(r -> (r.getColumnId() != null && r.getColumnId().equals(d.getColumnId()))
                    || (r.getField() != null && r.getField().equals(d.getField())));
            marked.add(hit ? FieldDiff.newBuilder(d).setStatus(HistoryStatus.FAILED).build() : d);
        }
        return marked;
    }

    /**
     * The commands the decision sent, as placeholders: those it lists, or else the one it names. Statuses that send
     * nothing (STALE, REVIEW, ...) have none.
     */
    private static List<CommandStatus> sent(SyncHistoryEntry decision) {
        if (!AWAITING_DELIVERY.contains(decision.getStatus())) {
            return List.of();
        }
        List<CommandStatus> listed = new ArrayList<>();
        for (CommandStatus c : decision.getCommands()) {
            listed.add(c.getStatus() == HistoryStatus.PENDING || c.getStatus() == null ? placeholder(c.getCommandId()) : c);
        }
        if (listed.isEmpty() && decision.getCommandId() != null) {
            listed.add(placeholder(decision.getCommandId()));
        }
        return listed;
    }

    private static CommandStatus placeholder(String commandId) {
        return CommandStatus.newBuilder().setCommandId(commandId).setStatus(HistoryStatus.PENDING).build();
    }

    /** A listed command is added unless the entry already has it (an outcome is never replaced by a placeholder). */
    private static void addIfUnknown(List<CommandStatus> commands, CommandStatus listed) {
        boolean known = commands.stream().anyMatch(c -> c.getCommandId().equals(listed.getCommandId()));
        if (!known) {
            commands.add(listed);
            commands.sort(Comparator.comparing(CommandStatus::getCommandId));
        }
    }

    /** Whether the entry waits for this command's outcome (a Coeffection record update is not waited for). */
    private static boolean awaited(CommandStatus c) {
        return c.getStatus() == HistoryStatus.PENDING && !recordUpdate(c);
    }

    /**
     * A record update for Coeffection listed with the commands ({@code <entryId>:u}): nothing reports its outcome, so
     * an entry that sent only updates keeps the decision's status.
     */
    private static boolean recordUpdate(CommandStatus c) {
        return c.getCommandId().endsWith(SyncIds.recordUpdate(""));
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
        if (entry.getStatus() == HistoryStatus.REVIEW) {
            return entry.setStatus(reviewDecision(entry.getRetries())).build();
        }
        boolean sentToMonday = entry.getCommands().stream().anyMatch(c -> !recordUpdate(c));
        if (!AWAITING_DELIVERY.contains(entry.getStatus()) || !sentToMonday) {
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
            // the entry names the error by its type (the contract's names); monday's own code stays on the command
            entry.setErrorCode(shown.getErrorType() != null ? shown.getErrorType() : shown.getErrorCode());
            if (shown.getDeadLetterId() != null) {
                entry.setDeadLetterId(shown.getDeadLetterId());
            }
            entry.setErrorMessage(shown.getErrorMessage());
            entry.setRequestId(shown.getRequestId());
            entry.setRetryable(true);
        } else if (entry.getCommands().stream().anyMatch(EntryMerge::awaited)) {
            // some command has not been reported yet: not done
            entry.setStatus(HistoryStatus.PENDING);
        } else if (entry.getCommands().stream().filter(c -> !recordUpdate(c))
                .allMatch(c -> c.getStatus() == HistoryStatus.SUCCEEDED)) {
            entry.setStatus(HistoryStatus.SUCCEEDED);
            CommandStatus refused = entry.getCommands().stream().filter(c -> !c.getRefusedColumns().isEmpty())
                    .findFirst().orElse(null);
            if (refused != null) {
                // delivered, except the columns monday refused: those fields show FAILED and the entry can be retried
                ColumnRefusal first = refused.getRefusedColumns().get(0);
                entry.setErrorCode(ErrorType.MONDAY_COLUMN_REFUSED.name());
                entry.setErrorMessage(first.getMessage());
                entry.setDeadLetterId(first.getDeadLetterId());
                entry.setRetryable(true);
            }
            entry.getCommands().stream().map(CommandStatus::getRequestId).filter(java.util.Objects::nonNull)
                    .reduce((a, b) -> b).ifPresent(entry::setRequestId);
            if (refused != null && !entry.getRetries().isEmpty()) {
                // a person retried the refused column: the entry shows the retry (its outcome is in retries)
                entry.setStatus(HistoryStatus.RETRIED);
            }
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

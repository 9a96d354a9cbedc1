package com.coeffection.sync.processor.match;

import com.coeffection.sync.matching.ItemFacts;
import com.coeffection.sync.matching.MatchOutcome;
import com.coeffection.sync.matching.MatchRule;
import com.coeffection.sync.matching.NameSimilarity;
import com.coeffection.sync.matching.Normalizer;
import com.coeffection.sync.processor.mapping.MappedBoard;
import com.coeffection.sync.schema.Actor;
import com.coeffection.sync.schema.ActorKind;
import com.coeffection.sync.schema.ControlKind;
import com.coeffection.sync.schema.FieldDiff;
import com.coeffection.sync.schema.FieldMapping;
import com.coeffection.sync.schema.HistoryStatus;
import com.coeffection.sync.schema.SyncControl;
import com.coeffection.sync.schema.SyncDirection;
import com.coeffection.sync.schema.SyncHistoryEntry;
import com.coeffection.sync.values.FieldValues;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The board matcher's words: the REVIEW history entry of a match a person must decide (both sides shown field by
 * field: {@code before} is what the monday item holds, {@code after} what the record holds; every candidate listed
 * in the message), and its answers to the processor on sync.control.
 *
 * <p>Ids, derived from the request: the REVIEW entry is {@code match:{requestId}}, an answer's request id is
 * {@code match:{requestId}} too (its history entry in the processor is then {@code ctl:match:{requestId}}).
 */
final class ReviewEntries {
    static final Actor MATCHER = Actor.newBuilder().setKind(ActorKind.SYSTEM).setId("board-matcher")
            .setName("board matcher").setEmail(null).build();

    /** The rule's name in history: {@code match-exact-email}, {@code match-fuzzy-name}, ... */
    static String ruleName(MatchRule rule) {
        return "match-" + rule.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static String entryId(MatchMessage request) {
        return "match:" + request.requestId();
    }

    SyncHistoryEntry entry(MatchMessage request, MatchOutcome.Review review, List<ItemFacts> candidates,
                           MappedBoard board, long now) {
        ItemFacts best = candidates.isEmpty() ? null : candidates.get(0);
        List<FieldDiff> diffs = new ArrayList<>();
        String nameField = board == null || board.mapping().getItemNameField() == null ? "(item name)"
                : board.mapping().getItemNameField();
        diffs.add(diff(nameField, "name", best == null ? null : best.name(), request.name(), review.rule()));
        diffs.add(diff(field(board, "email", "(email)"), column(board, "email"), best == null ? null : best.email(),
                request.email(), review.rule()));
        diffs.add(diff(field(board, "phone", "(phone)"), column(board, "phone"), best == null ? null : best.phone(),
                request.phone(), review.rule()));
        StringBuilder message = new StringBuilder(review.reason()).append(". Candidates: ");
        String recordName = Normalizer.name(request.name()).orElse("");
        for (int i = 0; i < candidates.size(); i++) {
            ItemFacts c = candidates.get(i);
            double similarity = NameSimilarity.of(recordName, Normalizer.name(c.name()).orElse(""));
            message.append(i == 0 ? "" : "; ").append("item ").append(c.itemId()).append(" '").append(c.name())
                    .append("' (name ").append(Math.round(similarity * 100)).append("% similar");
            if (c.email() != null) {
                message.append(", email ").append(c.email());
            }
            if (c.phone() != null) {
                message.append(", phone ").append(c.phone());
            }
            message.append(", group ").append(c.groupId()).append(')');
        }
        message.append(". Approve links the record to item ").append(best == null ? "-" : best.itemId())
                .append("; reject gives the record an item of its own.");
        Instant at = Instant.ofEpochMilli(now);
        return SyncHistoryEntry.newBuilder()
                .setEntryId(entryId(request))
                .setTenantId(request.tenantId())
                .setEntityType(request.entityType())
                .setRecordId(request.recordId())
                .setBoardId(request.boardId())
                .setItemId(best == null ? null : best.itemId())
                .setDirection(SyncDirection.COEFFECTION_TO_MONDAY)
                .setStatus(HistoryStatus.REVIEW)
                .setFields(diffs)
                .setRule(ruleName(review.rule()))
                .setTriggeredBy(MATCHER)
                .setTriggerEventId(request.requestId())
                .setErrorMessage(message.toString())
                .setOccurredAt(at)
                .setUpdatedAt(at)
                .build();
    }

    private static FieldDiff diff(String field, String columnId, String onMonday, String onRecord, MatchRule rule) {
        return FieldDiff.newBuilder().setField(field).setColumnId(columnId)
                .setBefore(onMonday == null ? null : FieldValues.text(onMonday))
                .setAfter(onRecord == null ? null : FieldValues.text(onRecord))
                .setRule(ruleName(rule)).setStatus(HistoryStatus.REVIEW).build();
    }

    private static String field(MappedBoard board, String columnType, String fallback) {
        return board == null ? fallback : board.fields().stream().filter(f -> columnType.equals(f.getColumnType()))
                .map(FieldMapping::getField).findFirst().orElse(fallback);
    }

    private static String column(MappedBoard board, String columnType) {
        return board == null ? null : board.fields().stream().filter(f -> columnType.equals(f.getColumnType()))
                .map(FieldMapping::getColumnId).findFirst().orElse(null);
    }

    /**
     * MATCH_LINK for a record under review that an item created later matches exactly; it names the REVIEW entry, which
     * it decides.
     */
    static SyncControl linkedAfterReview(MatchMessage request, MatchOutcome.Linked linked, long now) {
        SyncControl answer = answer(request, linked, now);
        return SyncControl.newBuilder(answer).setRequestId(answer.getRequestId() + ":item:" + linked.itemId())
                .setEntryId(entryId(request)).build();
    }

    /** MATCH_LINK (with the item and the rule) or MATCH_NONE for the record of {@code request}. */
    static SyncControl answer(MatchMessage request, MatchOutcome outcome, long now) {
        SyncControl.Builder b = SyncControl.newBuilder()
                .setRequestId("match:" + request.requestId())
                .setTenantId(request.tenantId())
                .setEntityType(request.entityType())
                .setRecordId(request.recordId())
                .setBoardId(request.boardId())
                .setFields(List.of())
                .setRequestedBy(MATCHER)
                .setRequestedAt(Instant.ofEpochMilli(now));
        if (outcome instanceof MatchOutcome.Linked linked) {
            b.setKind(ControlKind.MATCH_LINK).setItemId(linked.itemId()).setMatchRule(linked.rule().name());
        } else {
            b.setKind(ControlKind.MATCH_NONE);
        }
        return b.build();
    }
}

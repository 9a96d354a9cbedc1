package com.coeffection.sync.processor.match;

import com.coeffection.sync.matching.MatchRule;
import com.coeffection.sync.matching.RecordFacts;
import com.coeffection.sync.processor.decide.WritePlan;
import com.coeffection.sync.processor.mapping.MappedBoard;
import com.coeffection.sync.processor.state.RecordState;
import com.coeffection.sync.schema.LinkSource;
import com.coeffection.sync.schema.SyncControl;
import com.coeffection.sync.topics.RecordKeys;
import org.apache.kafka.streams.state.KeyValueStore;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The processor's side of matching: a record of a board matched on connect that has no item yet creates none until
 * the board matcher (or a person) has decided. The first time such a record would create its item, a match request
 * goes to the matcher and the record waits ("awaiting match"); its values are kept and written once it is linked or
 * allowed to create. Its waiting state is kept per record in the store {@value #STORE}, written together with the
 * record's state (buffered until the input is fully handled).
 *
 * <p>A board is matched when the mapping names an existing board (not one created by the sync) and
 * {@code matchOnConnect} is true (the default).
 */
public final class MatchGate {
    public static final String STORE = "match-gate";
    private static final String AWAITING = "AWAITING";
    private static final String CREATE = "CREATE";

    /** Why a record creates no item yet, and the request to send (null when one was sent before). */
    public record Hold(MatchMessage request, String reason) {
        /** The plan with the reason the record waits. */
        public WritePlan explain(WritePlan plan) {
            return new WritePlan(plan.columns(), plan.groupId(), plan.groupField(), plan.toCoeffection(),
                    plan.mondayAction(), plan.itemName(), reason);
        }

        public byte[] requestBytes() {
            return MatchInput.encode(request);
        }
    }

    private final KeyValueStore<String, String> store;
    private final Map<String, String> pending = new LinkedHashMap<>();

    private MatchGate(KeyValueStore<String, String> store) {
        this.store = store;
    }

    /** Matching off: every record creates its item as before. */
    public static MatchGate off() {
        return new MatchGate(null);
    }

    public static MatchGate open(KeyValueStore<String, String> store) {
        return new MatchGate(store);
    }

    /** Whether the board's unlinked records are matched against its existing items before creating any. */
    public static boolean matches(MappedBoard board) {
        return board.boardId() != null && !board.mapping().getAutoCreate() && board.mapping().getMatchOnConnect();
    }

    /**
     * Null when the record may create its item now; otherwise why it waits, with the match request to send the
     * first time.
     */
    public Hold check(RecordState state, MappedBoard board, String requestId) {
        if (store == null || state.linked() || state.pendingCreateCommandId() != null || state.deleted()
                || !matches(board)) {
            return null;
        }
        String key = RecordKeys.recordKey(state.tenantId(), state.entityType(), state.recordId());
        String gate = get(key);
        if (CREATE.equals(gate)) {
            return null;
        }
        String reason = "waits for matching against the existing items of monday board " + board.boardId()
                + " (no item is created until a match is decided)";
        if (AWAITING.equals(gate)) {
            return new Hold(null, reason);
        }
        pending.put(key, AWAITING);
        RecordFacts facts = RecordFactsReader.read(state, board);
        return new Hold(new MatchMessage(MatchMessage.Kind.REQUEST, state.tenantId(), state.entityType(),
                state.recordId(), board.boardId(), facts.name(), facts.email(), facts.phone(), facts.groupId(), null,
                requestId), reason);
    }

    /** What a MATCH_LINK / MATCH_NONE answer or an APPROVE_MATCH / REJECT_MATCH decision does to the record. */
    public MatchStep decide(RecordState state, MappedBoard board, SyncControl request) {
        String key = RecordKeys.recordKey(state.tenantId(), state.entityType(), state.recordId());
        boolean awaiting = store != null && AWAITING.equals(get(key));
        MatchMessage release = new MatchMessage(MatchMessage.Kind.RELEASE, state.tenantId(), state.entityType(),
                state.recordId(), board.boardId() == null ? 0 : board.boardId(), null, null, null, null, null,
                request.getRequestId());
        String kind = request.getKind().name();
        if (state.linked()) {
            return new MatchStep.Ignore("match-not-applied", kind + " not applied: the record is already linked to"
                    + " monday item " + state.itemId(), Optional.of(release));
        }
        if (!awaiting) {
            return new MatchStep.Ignore("match-not-applied", kind + " not applied: the record is not waiting for a"
                    + " match (it was decided before)", Optional.empty());
        }
        switch (request.getKind()) {
            case MATCH_LINK -> {
                pending.put(key, null);
                MatchRule rule = MatchRule.valueOf(request.getMatchRule());
                return new MatchStep.Link(request.getItemId(), source(rule), ReviewEntries.ruleName(rule),
                        "linked to existing monday item " + request.getItemId() + " by " + describe(rule),
                        Optional.empty());
            }
            case MATCH_NONE -> {
                pending.put(key, CREATE);
                return new MatchStep.Create("match-none", "no existing item matches: the record gets an item of its own",
                        Optional.empty());
            }
            case APPROVE_MATCH -> {
                if (request.getItemId() == null) {
                    return new MatchStep.Ignore("match-not-applied", "the approval names no item", Optional.empty());
                }
                pending.put(key, null);
                return new MatchStep.Link(request.getItemId(), LinkSource.MATCH_FUZZY_APPROVED, "match-approved",
                        "match approved: linked to existing monday item " + request.getItemId(),
                        Optional.of(new MatchMessage(MatchMessage.Kind.CLAIM, state.tenantId(), state.entityType(),
                                state.recordId(), board.boardId(), null, null, null, null, request.getItemId(),
                                request.getRequestId())));
            }
            default -> {
                pending.put(key, CREATE);
                return new MatchStep.Create("match-rejected", "match rejected: the record gets an item of its own",
                        Optional.of(release));
            }
        }
    }

    private static LinkSource source(MatchRule rule) {
        return switch (rule) {
            case EXACT_EMAIL -> LinkSource.MATCH_EMAIL;
            case EXACT_PHONE -> LinkSource.MATCH_PHONE;
            case EXACT_NAME_IN_GROUP -> LinkSource.MATCH_NAME;
            case FUZZY_NAME -> LinkSource.MATCH_FUZZY_APPROVED;
        };
    }

    private static String describe(MatchRule rule) {
        return switch (rule) {
            case EXACT_EMAIL -> "exact email";
            case EXACT_PHONE -> "exact phone";
            case EXACT_NAME_IN_GROUP -> "exact name within the group";
            case FUZZY_NAME -> "similar name";
        };
    }

    /** The record keeps waiting after all (a decision that could not be applied). */
    public void keepWaiting(String recordKey) {
        pending.put(recordKey, AWAITING);
    }

    /** The encoded message for the matcher's topic. */
    public static byte[] bytes(MatchMessage message) {
        return MatchInput.encode(message);
    }

    private String get(String key) {
        return pending.containsKey(key) ? pending.get(key) : store.get(key);
    }

    /** Writes what this input decided (with the record's state). */
    public void flush() {
        if (store != null) {
            pending.forEach((k, v) -> {
                if (v == null) {
                    store.delete(k);
                } else {
                    store.put(k, v);
                }
            });
        }
        pending.clear();
    }

    /** Forgets what a failed input decided. */
    public void discard() {
        pending.clear();
    }
}

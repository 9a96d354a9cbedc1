package com.coeffection.sync.processor.routing;

import com.coeffection.sync.contract.ErrorType;
import com.coeffection.sync.contract.SyncIds;
import com.coeffection.sync.processor.ProcessorMetrics;
import com.coeffection.sync.processor.decide.Decisions;
import com.coeffection.sync.processor.decide.FieldEdits;
import com.coeffection.sync.processor.decide.Trigger;
import com.coeffection.sync.processor.decide.WritePlan;
import com.coeffection.sync.processor.decide.WritePlanner;
import com.coeffection.sync.processor.links.ItemIndex;
import com.coeffection.sync.processor.mapping.MappedBoard;
import com.coeffection.sync.processor.mapping.MappingLookup;
import com.coeffection.sync.processor.mapping.MondayValues;
import com.coeffection.sync.processor.match.MatchGate;
import com.coeffection.sync.processor.match.MatchStep;
import com.coeffection.sync.processor.merge.ConflictRules;
import com.coeffection.sync.processor.merge.Edit;
import com.coeffection.sync.processor.merge.FieldState;
import com.coeffection.sync.processor.merge.Origin;
import com.coeffection.sync.processor.merge.Reconciler;
import com.coeffection.sync.processor.merge.Side;
import com.coeffection.sync.processor.merge.SideView;
import com.coeffection.sync.processor.merge.ViewStatus;
import com.coeffection.sync.processor.output.Outputs;
import com.coeffection.sync.processor.stages.StageMap;
import com.coeffection.sync.processor.state.RecordState;
import com.coeffection.sync.schema.FieldChange;
import com.coeffection.sync.schema.FieldValue;
import com.coeffection.sync.schema.HistoryStatus;
import com.coeffection.sync.schema.SyncControl;
import com.coeffection.sync.schema.SyncDirection;
import com.coeffection.sync.schema.SyncHistoryEntry;
import com.coeffection.sync.topics.RecordKeys;
import com.coeffection.sync.values.FieldValues;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Requests on sync.control about one record that are not edits. Each acts once per request id (the record remembers
 * its recent ids). RESEND writes what the record's current resolved state says to the requested side(s), even when
 * that side is believed to show it already; OBSERVED_* feeds what a side was seen to show through the conflict rules
 * like a live edit; the board matcher's answers (MATCH_LINK, MATCH_NONE) and a person's review decisions
 * (APPROVE_MATCH, REJECT_MATCH) link the waiting record to an existing item or let it create its own
 * ({@link MatchGate}). A request about a record the
 * processor does not know is REJECTED in history, naming the record.
 */
final class ControlRequests {
    private static final Logger LOG = LoggerFactory.getLogger(ControlRequests.class);

    private final Effects effects;
    private final MappingLookup lookup;
    private final ItemIndex index;
    private final FieldEdits edits;
    private final ProcessorMetrics metrics;
    private final MatchGate matchGate;

    ControlRequests(Effects effects, MappingLookup lookup, ItemIndex index, FieldEdits edits, ProcessorMetrics metrics,
                    MatchGate matchGate) {
        this.matchGate = matchGate;
        this.effects = effects;
        this.lookup = lookup;
        this.index = index;
        this.edits = edits;
        this.metrics = metrics;
    }

    void handle(Record<String, Input> record, SyncControl request, long nowMs) {
        String recordKey = RecordKeys.recordKey(request.getTenantId(), request.getEntityType(), request.getRecordId());
        SyncDirection direction = request.getSide() != null ? request.getSide()
                : request.getKind() == com.coeffection.sync.schema.ControlKind.OBSERVED_MONDAY
                ? SyncDirection.MONDAY_TO_COEFFECTION
                : request.getKind() == com.coeffection.sync.schema.ControlKind.OBSERVED_COEFFECTION
                ? SyncDirection.COEFFECTION_TO_MONDAY : SyncDirection.TWO_WAY;
        String rule = request.getKind().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        Trigger trigger = new Trigger(SyncIds.controlEntry(request.getRequestId()), request.getRequestedBy(),
                request.getRequestId(), direction, record.timestamp(), rule, request.getEntryId(),
                request.getRequestId());
        RecordState state = effects.stored(recordKey);
        MappedBoard board = lookup.find(request.getTenantId(), request.getEntityType());
        if (state == null || board == null) {
            RecordState unknown = new RecordState(request.getTenantId(), request.getEntityType(), request.getRecordId());
            String why = state == null ? "the processor knows no record " + recordKey
                    + " (no change or monday event of it was ever processed); check the record key"
                    : "no board mapping for " + request.getEntityType() + " of tenant " + request.getTenantId();
            SyncHistoryEntry entry = Outputs.history(trigger, unknown, HistoryStatus.REJECTED, rule, List.of(), null,
                    request.getKind() + " request " + request.getRequestId() + " rejected: " + why);
            entry = SyncHistoryEntry.newBuilder(entry).setErrorCode((state == null ? ErrorType.UNKNOWN_RECORD
                    : ErrorType.UNKNOWN_ENTITY_TYPE).name()).build();
            metrics.decision(rule, HistoryStatus.REJECTED.name());
            effects.emit(new Record<>(entry.getEntryId(), new Emit.History(entry), record.timestamp()));
            return;
        }
        if (!state.rememberRequest(request.getRequestId())) {
            metrics.decision(rule, "DUPLICATE");
            LOG.debug("Control request {} for {} was handled already", request.getRequestId(), recordKey);
            return;
        }
        index.ensureLink(state, recordKey);
        switch (request.getKind()) {
            case RESEND -> resend(record, state, board, trigger, request, nowMs);
            case OBSERVED_COEFFECTION, OBSERVED_MONDAY -> observed(record, state, board, trigger, request, nowMs);
            case MATCH_LINK, MATCH_NONE, APPROVE_MATCH, REJECT_MATCH ->
                    matchDecided(record, state, board, trigger, request, nowMs);
            default -> {
                SyncHistoryEntry entry = Outputs.history(trigger, state, HistoryStatus.NOT_PROPAGATED, rule, List.of(), null,
                        request.getKind() + " requests are not supported by this version of the processor yet;"
                                + " nothing was changed");
                metrics.decision(rule, HistoryStatus.NOT_PROPAGATED.name());
                effects.save(recordKey, state);
                effects.emit(new Record<>(entry.getEntryId(), new Emit.History(entry), record.timestamp()));
            }
        }
    }

    /**
     * A match answer or review decision: linking writes every mapped value of the record to the existing item (the
     * record's values win, as with a link made by hand); creating sends the record's item creation that waited.
     */
    private void matchDecided(Record<String, Input> record, RecordState state, MappedBoard board, Trigger trigger,
                              SyncControl request, long nowMs) {
        String recordKey = RecordKeys.recordKey(state.tenantId(), state.entityType(), state.recordId());
        MatchStep step = matchGate.decide(state, board, request);
        if (step instanceof MatchStep.Link link) {
            String owner = index.recordOf(RecordKeys.itemKey(state.tenantId(), board.boardId(), link.itemId()));
            if (owner != null && !owner.equals(recordKey)) {
                // one item, one record: a second approval of a contested item is refused, the record keeps waiting
                matchGate.keepWaiting(recordKey);
                step = new MatchStep.Ignore("match-not-applied", "monday item " + link.itemId()
                        + " is already linked to record " + owner + "; the record still waits: reject this match to"
                        + " give it an item of its own", java.util.Optional.empty());
            }
        }
        step.toMatcher().filter(m -> matchGate.enabled()).ifPresent(m -> effects.emit(new Record<>(m.boardKey(), new Emit.ToMatcher(MatchGate.bytes(m)),
                record.timestamp())));
        Trigger decided = new Trigger(trigger.entryId(), trigger.actor(), trigger.eventId(),
                SyncDirection.COEFFECTION_TO_MONDAY, trigger.timestamp(), step.rule(), trigger.relatedEntryId(),
                trigger.controlRequestId());
        if (step instanceof MatchStep.Link link) {
            state.link(board.boardId(), link.itemId());
            state.awaitLinkInIndex(link.itemId());
            state.fields().values().forEach(Reconciler::itemMissing);
            effects.emit(Outputs.link(state, board.boardId(), link.itemId(), link.source(), trigger.timestamp()));
            SyncHistoryEntry linked = Outputs.history(new Trigger(SyncIds.linkEntry(decided.entryId()), decided.actor(),
                    decided.eventId(), decided.direction(), decided.timestamp(), step.rule(), decided.relatedEntryId(),
                    decided.controlRequestId()), state, HistoryStatus.SUCCEEDED, step.rule(), List.of(), null,
                    step.message());
            metrics.decision(step.rule(), HistoryStatus.SUCCEEDED.name());
            effects.emit(new Record<>(linked.getEntryId(), new Emit.History(linked), record.timestamp()));
            WritePlan writes = WritePlanner.plan(state, board, state.fields().keySet(), false, decided, nowMs);
            effects.finish(record, state, board, decided, new Decisions(), writes);
            return;
        }
        if (step instanceof MatchStep.Create) {
            WritePlan writes = WritePlanner.plan(state, board, WritePlanner.allMappedFields(state, board), true, decided,
                    nowMs);
            if (!writes.isEmpty()) {
                effects.finish(record, state, board, decided, new Decisions(), new WritePlan(writes.columns(),
                        writes.groupId(), writes.groupField(), writes.toCoeffection(), writes.mondayAction(),
                        writes.itemName(), step.message()));
                return;
            }
        }
        HistoryStatus status = HistoryStatus.NOT_PROPAGATED;
        SyncHistoryEntry entry = Outputs.history(decided, state, status, step.rule(), List.of(), null, step.message());
        metrics.decision(step.rule(), status.name());
        effects.save(recordKey, state);
        effects.emit(new Record<>(entry.getEntryId(), new Emit.History(entry), record.timestamp()));
    }

    /** RESEND: the requested sides are treated as showing nothing known for the requested fields, then reconciled. */
    private void resend(Record<String, Input> record, RecordState state, MappedBoard board, Trigger trigger,
                        SyncControl request, long nowMs) {
        boolean toMonday = request.getSide() != SyncDirection.MONDAY_TO_COEFFECTION;
        boolean toCoeffection = request.getSide() != SyncDirection.COEFFECTION_TO_MONDAY;
        List<String> fields = new ArrayList<>();
        for (String name : request.getFields().isEmpty() ? WritePlanner.allMappedFields(state, board) : request.getFields()) {
            FieldState field = state.existingField(name);
            if (field == null || field.resolved() == null) {
                continue;
            }
            fields.add(name);
            if (toMonday) {
                Reconciler.forget(field, Side.MONDAY);
            }
            if (toCoeffection) {
                Reconciler.forget(field, Side.COEFFECTION);
            }
        }
        WritePlan writes = WritePlanner.plan(state, board, fields, toMonday, trigger, nowMs, toMonday, toCoeffection);
        if (writes.isEmpty()) {
            String message = writes.waitingReason() != null ? writes.waitingReason()
                    : fields.isEmpty() ? "nothing to resend: the record holds no value for "
                    + (request.getFields().isEmpty() ? "any mapped field" : "fields " + request.getFields())
                    : "nothing to resend: no requested field is synced towards the requested side";
            HistoryStatus status = writes.waitingReason() != null ? HistoryStatus.PENDING : HistoryStatus.NOT_PROPAGATED;
            SyncHistoryEntry entry = Outputs.history(trigger, state, status, trigger.rule(), List.of(), null, message);
            metrics.decision(trigger.rule(), status.name());
            effects.save(RecordKeys.recordKey(state.tenantId(), state.entityType(), state.recordId()), state);
            effects.emit(new Record<>(entry.getEntryId(), new Emit.History(entry), record.timestamp()));
            return;
        }
        effects.finish(record, state, board, trigger, new Decisions(), writes);
    }

    /**
     * OBSERVED_*: what a side was seen to show, merged like a live edit from that side at its time. A value equal to
     * what the processor believes that side shows (its confirmed view, or the value it sent there and waits to see) is
     * no new edit: it only confirms the view. A side that merely still shows the last value the processor knows did
     * not move, so its observation (often timed at the read, monday giving no change time for most columns) cannot
     * beat a newer change made on the other side; the fields it confirms are still planned, so a side the processor
     * knows to differ from the resolved value gets it again.
     */
    private void observed(Record<String, Input> record, RecordState state, MappedBoard board, Trigger trigger,
                          SyncControl request, long nowMs) {
        Side side = request.getKind() == com.coeffection.sync.schema.ControlKind.OBSERVED_COEFFECTION
                ? Side.COEFFECTION : Side.MONDAY;
        List<FieldChange> moved = new ArrayList<>();
        List<String> confirmed = new ArrayList<>();
        for (FieldChange observed : request.getObserved()) {
            if (confirmsView(board, state, side, observed)) {
                confirmed.add(observed.getField());
            } else {
                moved.add(observed);
            }
        }
        Decisions decisions = new Decisions();
        if (side == Side.COEFFECTION) {
            edits.coeffectionEdits(board, state, decisions, moved, request.getRequestId(), Origin.OTHERS);
        } else {
            for (FieldChange observed : moved) {
                edits.observedOnMonday(board, state, decisions, observed, request.getRequestId());
            }
        }
        java.util.Set<String> fields = new java.util.LinkedHashSet<>(decisions.touched());
        fields.addAll(confirmed);
        WritePlan writes = WritePlanner.plan(state, board, fields, false, trigger, nowMs);
        if (decisions.isEmpty() && !decisions.hasRejections() && writes.isEmpty()) {
            String message = confirmed.isEmpty() ? "the observation names no mapped field"
                    : (side == Side.MONDAY ? "monday" : "Coeffection") + " shows what the processor believed it shows"
                    + " for " + confirmed + ": the observation only confirms it, nothing to repair";
            metrics.decision(trigger.rule(), HistoryStatus.NOT_PROPAGATED.name());
            SyncHistoryEntry entry = Outputs.history(trigger, state, HistoryStatus.NOT_PROPAGATED, trigger.rule(), List.of(),
                    null, message);
            effects.save(RecordKeys.recordKey(state.tenantId(), state.entityType(), state.recordId()), state);
            effects.emit(new Record<>(entry.getEntryId(), new Emit.History(entry), record.timestamp()));
            return;
        }
        effects.finish(record, state, board, trigger, decisions, writes);
    }

    /**
     * Whether an observed value equals that side's view of the field: confirmed with the same value (nothing to do),
     * pending our write of the same value (the write has landed: the view becomes confirmed, as an echo does), or
     * pending our write while showing what it was confirmed to show before it (read before the write landed: no edit
     * of that side, the write stays pending).
     * Values are compared as the conflict rules would store them (for the stage: the stage on Coeffection's side, the
     * label on monday's).
     */
    private static boolean confirmsView(MappedBoard board, RecordState state, Side side, FieldChange observed) {
        FieldState field = state.existingField(observed.getField());
        if (field == null || (!board.isStageField(observed.getField()) && board.field(observed.getField()).isEmpty())) {
            return false;
        }
        SideView view = field.view(side);
        if (view == null || view.status() == ViewStatus.UNKNOWN) {
            return false;
        }
        FieldValue value = MondayValues.normalize(observed.getValue());
        if (side == Side.COEFFECTION && board.isStageField(observed.getField()) && value != null) {
            String stage = StageMap.stageOf(value);
            value = stage == null ? value : FieldValues.status(stage);
        }
        if (!FieldValues.same(view.value(), value)) {
            // read before our pending write landed: the side still showed what it was last confirmed to show, so it
            // did not move (its reading's time, e.g. a record's later update time, says nothing about this field)
            return view.status() == ViewStatus.PENDING && view.confirmedBefore() != null
                    && FieldValues.same(view.confirmedBefore(), value);
        }
        if (view.status() == ViewStatus.PENDING) {
            ConflictRules.confirm(field, side, Edit.ViewSlot.VALUE, value, WritePlanner.toMicros(observed.getChangedAt()));
        }
        return true;
    }
}

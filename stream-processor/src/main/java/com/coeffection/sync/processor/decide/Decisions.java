package com.coeffection.sync.processor.decide;

import com.coeffection.sync.contract.ErrorType;
import com.coeffection.sync.processor.ProcessorMetrics;
import com.coeffection.sync.processor.merge.Edit;
import com.coeffection.sync.processor.merge.FieldDecision;
import com.coeffection.sync.processor.merge.Side;
import com.coeffection.sync.schema.FieldDiff;
import com.coeffection.sync.schema.FieldValue;
import com.coeffection.sync.schema.HistoryStatus;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The field decisions of one input (each field's edit and what the conflict rules decided), and the parts of it that
 * were rejected as bad. Pure: turns into the history entry's diffs and status.
 */
public final class Decisions {
    private record Decided(String field, String columnId, Edit edit, FieldDecision decision) {
    }

    private final List<Decided> decided = new ArrayList<>();
    private final List<FieldDiff> rejected = new ArrayList<>();
    private final List<String> reasons = new ArrayList<>();
    private ErrorType rejectionType;

    public void add(String field, String columnId, Edit edit, FieldDecision decision) {
        decided.add(new Decided(field, columnId, edit, decision));
    }

    public void reject(String field, String columnId, FieldValue value, ErrorType type, String reason) {
        rejected.add(FieldDiff.newBuilder().setField(field == null ? "(column " + columnId + ")" : field)
                .setColumnId(columnId).setBefore(null).setAfter(value).setRule(null)
                .setStatus(HistoryStatus.REJECTED).build());
        reasons.add(reason);
        rejectionType = rejectionType == null || rejectionType == type ? type : ErrorType.BAD_FIELDS;
    }

    public boolean isEmpty() {
        return decided.isEmpty();
    }

    public Collection<String> touched() {
        Set<String> fields = new LinkedHashSet<>();
        for (Decided d : decided) {
            if (!(d.decision() instanceof FieldDecision.Locked) && !(d.decision() instanceof FieldDecision.Duplicate)) {
                fields.add(d.field());
            }
        }
        return fields;
    }

    public long newestMicros() {
        return decided.stream().mapToLong(d -> d.edit().changedAtMicros()).max().orElse(0L);
    }

    public List<FieldDiff> diffs(WritePlan writes, ProcessorMetrics metrics) {
        List<FieldDiff> diffs = new ArrayList<>();
        for (Decided d : decided) {
            FieldDecision decision = d.decision();
            if (decision instanceof FieldDecision.Duplicate) {
                continue;
            }
            HistoryStatus status;
            if (decision instanceof FieldDecision.Locked) {
                status = HistoryStatus.LOCKED;
            } else if (decision instanceof FieldDecision.Echo) {
                status = HistoryStatus.SKIPPED_ECHO;
            } else if (decision instanceof FieldDecision.Overridden) {
                status = HistoryStatus.OVERRIDDEN;
            } else if (decision instanceof FieldDecision.Stale) {
                status = HistoryStatus.STALE;
            } else {
                Side target = d.edit().side().other();
                boolean written = target == Side.MONDAY
                        ? writes.writesMonday(d.field()) || d.field().equals(writes.groupField())
                        : writes.writesCoeffection(d.field());
                boolean waiting = target == Side.MONDAY && writes.waitingReason() != null;
                status = written || waiting ? HistoryStatus.PENDING : HistoryStatus.SUCCEEDED;
            }
            metrics.decision(decision.rule().historyName(), status.name());
            FieldValue before = decision.before() == null ? null : decision.before().value();
            FieldValue after = decision instanceof FieldDecision.Accepted a
                    ? (a.after() == null ? null : a.after().value())
                    : d.edit().observed();
            diffs.add(FieldDiff.newBuilder().setField(d.field()).setColumnId(d.columnId()).setBefore(before)
                    .setAfter(after).setRule(decision.rule().historyName()).setStatus(status).build());
        }
        return diffs;
    }

    public HistoryStatus entryStatus(List<FieldDiff> diffs) {
        List<HistoryStatus> order = List.of(HistoryStatus.PENDING, HistoryStatus.OVERRIDDEN, HistoryStatus.STALE,
                HistoryStatus.LOCKED, HistoryStatus.SKIPPED_ECHO, HistoryStatus.SUCCEEDED);
        for (HistoryStatus status : order) {
            if (diffs.stream().anyMatch(d -> d.getStatus() == status)) {
                return status;
            }
        }
        return HistoryStatus.OTHER;
    }

    public String entryRule(List<FieldDiff> diffs) {
        Set<String> rules = new LinkedHashSet<>();
        diffs.forEach(d -> rules.add(d.getRule()));
        return String.join(",", rules);
    }

    public boolean hasRejections() {
        return !rejected.isEmpty();
    }

    public ErrorType rejectionType() {
        return rejectionType;
    }

    public String rejectionReason() {
        return String.join("; ", reasons);
    }

    public List<FieldDiff> rejectedDiffs() {
        return rejected;
    }
}

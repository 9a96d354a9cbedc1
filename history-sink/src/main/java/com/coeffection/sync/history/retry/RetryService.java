package com.coeffection.sync.history.retry;

import com.coeffection.sync.history.HistoryMetrics;
import com.coeffection.sync.history.api.Caller;
import com.coeffection.sync.history.query.EntryView;
import com.coeffection.sync.schema.Actor;
import com.coeffection.sync.schema.ActorKind;
import com.coeffection.sync.schema.ControlKind;
import com.coeffection.sync.schema.SyncControl;
import com.coeffection.sync.schema.SyncDirection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Retry of a failed entry and a person's decision on a match under review, as requests to the processor.
 *
 * <p>Rule (a retry is safe to press twice): the request id of a retry is derived from the entry and its retry
 * generation ({@code retry:{entryId}:{n}}, n = the retries of this entry that failed), never from a clock, so a
 * second press asks for the same request: the processor acts once per request id, and once the entry shows the
 * retry, the second press is answered with the first one's outcome without asking again. A retry asks the
 * processor to resend what the record's current resolved state says (RESEND), never the old values of the entry.
 */
public final class RetryService {
    private static final Logger LOG = LoggerFactory.getLogger(RetryService.class);
    /** Entry statuses a person may retry. */
    public static final Set<String> RETRYABLE = Set.of("FAILED", "RETRIED", "RECONNECT_NEEDED");

    private final ControlPublisher publisher;
    private final HistoryMetrics metrics;
    private final Clock clock;
    private final Map<String, Long> requestedHere = new ConcurrentHashMap<>();

    public RetryService(ControlPublisher publisher, HistoryMetrics metrics, Clock clock) {
        this.publisher = publisher;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * What a press of Retry did.
     *
     * @param alreadyRequested true when this retry had been asked for before (the answer is that one's outcome)
     * @param status           the retry's status: PENDING until the processor's retry entry reports otherwise
     */
    public record RetryAnswer(String entryId, String requestId, String retryEntryId, String status,
                              boolean alreadyRequested, String message) {
    }

    /** Thrown when the entry cannot be retried (it did not fail); the message says why. */
    public static final class NotRetryableException extends RuntimeException {
        public NotRetryableException(String message) {
            super(message);
        }
    }

    /** The request id of the next retry of this entry. */
    public static String requestId(EntryView entry) {
        long failedRetries = entry.retries().stream()
                .filter(r -> r.status().equals("FAILED") || r.status().equals("REJECTED")).count();
        return "retry:" + entry.entryId() + ":" + failedRetries;
    }

    public RetryAnswer retry(Caller caller, EntryView entry) {
        if (!RETRYABLE.contains(entry.status()) || entry.recordId() == null) {
            metrics.retry("refused");
            throw new NotRetryableException("Entry " + entry.entryId() + " is " + entry.status()
                    + (entry.recordId() == null ? " and names no record" : "")
                    + ": only a failed delivery can be retried (a rejected input is replayed from its dead letter)");
        }
        String requestId = requestId(entry);
        String retryEntryId = "ctl:" + requestId;
        for (EntryView.RetryView r : entry.retries()) {
            if (r.requestId().equals(requestId)) {
                metrics.retry("already_requested");
                return new RetryAnswer(entry.entryId(), requestId, r.retryEntryId(), r.status(), true,
                        "This retry was already made; its outcome: " + r.status());
            }
        }
        if (requestedHere.containsKey(requestId)) {
            metrics.retry("already_requested");
            return new RetryAnswer(entry.entryId(), requestId, retryEntryId, "PENDING", true,
                    "This retry was already asked for and is on its way");
        }
        SyncDirection side = switch (entry.direction()) {
            case "COEFFECTION_TO_MONDAY" -> SyncDirection.COEFFECTION_TO_MONDAY;
            case "MONDAY_TO_COEFFECTION" -> SyncDirection.MONDAY_TO_COEFFECTION;
            default -> null;
        };
        publisher.publish(SyncControl.newBuilder()
                .setRequestId(requestId).setTenantId(entry.tenantId()).setEntityType(entry.entityType())
                .setRecordId(entry.recordId()).setKind(ControlKind.RESEND).setSide(side)
                .setEntryId(entry.entryId()).setBoardId(entry.boardId()).setItemId(entry.itemId())
                .setFields(entry.fields().stream().map(EntryView.FieldView::field)
                        .filter(f -> !f.startsWith("(")).distinct().toList())
                .setRequestedBy(actor(caller)).setRequestedAt(clock.instant()).build());
        requestedHere.put(requestId, clock.millis());
        metrics.retry("requested");
        LOG.info("Retry {} of entry {} asked for by {} (tenant {}, record {}:{})", requestId, entry.entryId(),
                caller.name(), entry.tenantId(), entry.entityType(), entry.recordId());
        return new RetryAnswer(entry.entryId(), requestId, retryEntryId, "PENDING", false,
                "Retry asked for: the processor resends what the record shows now");
    }

    /** A person's approval or rejection of the match proposed in a REVIEW entry. */
    public RetryAnswer review(Caller caller, EntryView entry, boolean approve) {
        if (!"REVIEW".equals(entry.status()) || entry.recordId() == null) {
            throw new NotRetryableException("Entry " + entry.entryId() + " is " + entry.status()
                    + ": only an entry waiting for review can be approved or rejected");
        }
        String requestId = "review:" + entry.entryId() + ":" + (approve ? "approve" : "reject");
        publisher.publish(SyncControl.newBuilder()
                .setRequestId(requestId).setTenantId(entry.tenantId()).setEntityType(entry.entityType())
                .setRecordId(entry.recordId()).setKind(approve ? ControlKind.APPROVE_MATCH : ControlKind.REJECT_MATCH)
                .setEntryId(entry.entryId()).setBoardId(entry.boardId()).setItemId(entry.itemId())
                .setFields(List.of()).setRequestedBy(actor(caller)).setRequestedAt(clock.instant()).build());
        LOG.info("Review decision {} on entry {} by {} (tenant {})", requestId, entry.entryId(), caller.name(),
                entry.tenantId());
        return new RetryAnswer(entry.entryId(), requestId, "ctl:" + requestId, "PENDING", false,
                approve ? "Match approved" : "Match rejected");
    }

    private static Actor actor(Caller caller) {
        return Actor.newBuilder().setKind(ActorKind.USER).setId(caller.name()).setName("support (" + caller.name() + ")")
                .setEmail(null).build();
    }
}

package com.coeffection.sync.ingress.coeffection;

import com.coeffection.sync.ingress.IngressMetrics;
import com.coeffection.sync.ingress.IngressMetrics.Outcome;
import com.coeffection.sync.ingress.ProblemType;
import com.coeffection.sync.ingress.Tenants;
import com.coeffection.sync.ingress.WebhookJson;
import com.coeffection.sync.ingress.WebhookProblem;
import com.coeffection.sync.ingress.delivery.DeadLetterKeeper;
import com.coeffection.sync.ingress.delivery.DurableWriter;
import com.coeffection.sync.ingress.delivery.RecentDeliveries;
import com.coeffection.sync.ingress.http.RefusalLog;
import com.coeffection.sync.ingress.http.RouteResult;
import com.coeffection.sync.ingress.http.WebhookAnswer;
import com.coeffection.sync.schema.RecordChange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * {@code POST /webhooks/coeffection/{tenant}}: checks the HMAC-SHA256 signature ({@link CoeffectionSignature}),
 * turns Coeffection's webhook payload into a {@link RecordChange} on the record-changes topic (key
 * {@code tenantId:entityType:recordId}, header {@code eventId}), once per event id, and answers 200 only after Kafka
 * acknowledged it. Fields whose value does not fit their mapped type are left out and kept as a dead letter;
 * unusable bodies are kept as dead letters.
 */
public final class CoeffectionWebhookRoute {
    private static final Logger log = LoggerFactory.getLogger(CoeffectionWebhookRoute.class);
    /** The source name on dead letters and record headers. */
    public static final String SOURCE = "coeffection-webhook";

    private final Optional<CoeffectionSignature> signature;
    private final CoeffectionWebhookParser parser;
    private final DurableWriter writer;
    private final RecentDeliveries recent;
    private final DeadLetterKeeper deadLetters;
    private final String recordChangesTopic;
    private final IngressMetrics metrics;
    private final RefusalLog refusals;

    public CoeffectionWebhookRoute(Optional<String> secret, Duration signatureTolerance, BoardMappingCatalog mappings,
                                   DurableWriter writer, RecentDeliveries recent, DeadLetterKeeper deadLetters,
                                   String recordChangesTopic, IngressMetrics metrics, RefusalLog refusals) {
        this.refusals = refusals;
        this.signature = secret.map(s -> new CoeffectionSignature(s, signatureTolerance));
        this.parser = new CoeffectionWebhookParser(mappings::fieldTypes);
        this.writer = writer;
        this.recent = recent;
        this.deadLetters = deadLetters;
        this.recordChangesTopic = recordChangesTopic;
        this.metrics = metrics;
    }

    /**
     * Handles one delivery.
     *
     * @param signatureHeader {@code X-Coeffection-Signature}, or null
     * @param timestampHeader {@code X-Coeffection-Timestamp}, or null
     */
    public CompletableFuture<RouteResult> handle(String tenant, byte[] body, String signatureHeader, String timestampHeader) {
        String route = "/webhooks/coeffection/" + tenant;
        if (signature.isEmpty()) {
            return unauthorized(tenant, "NO_SECRET", "This ingress has no COEFFECTION_WEBHOOK_SECRET configured, so it cannot verify "
                    + "Coeffection webhooks and refuses them");
        }
        CoeffectionSignature.Verdict verdict = signature.get().verify(signatureHeader, timestampHeader, body, Instant.now());
        if (verdict instanceof CoeffectionSignature.Refused refused) {
            return unauthorized(tenant, "SIGNATURE", refused.message());
        }
        Optional<WebhookProblem> badTenant = Tenants.check(tenant);
        if (badTenant.isPresent()) {
            return keep(route, null, null, body, badTenant.get(), Map.of());
        }
        WebhookJson.Parsed parsed = WebhookJson.parse(body);
        if (parsed.problem() != null) {
            return keep(route, tenant, null, body, parsed.problem(), Map.of());
        }
        CoeffectionDelivery delivery = parser.parse(tenant, parsed.node(), body);
        if (delivery instanceof CoeffectionDelivery.Unusable unusable) {
            Map<String, String> context = new LinkedHashMap<>();
            String event = parsed.node().path("event").asText(null);
            if (event != null) {
                context.put("event", event);
            }
            return keep(route, tenant, unusable.recordKey(), body, unusable.problem(), context);
        }
        CoeffectionDelivery.Change change = (CoeffectionDelivery.Change) delivery;
        RecordChange record = change.change();
        if (!change.untyped().isEmpty()) {
            metrics.untypedFields(change.untyped().size());
            log.debug("Left out unmapped fields {} of {} tenant={}: their JSON has no type", change.untyped(),
                    change.key(), tenant);
        }
        Map<String, String> headers = Map.of("eventId", record.getEventId(), "source", SOURCE);
        String deliveryId = "coeffection:" + tenant + ":" + record.getEventId();
        return recent.deliverOnce(deliveryId, () -> {
            CompletableFuture<?> written = writer.write(recordChangesTopic, change.key(), record, headers);
            if (change.mismatched().isEmpty()) {
                return written;
            }
            return CompletableFuture.allOf(written, keepMismatched(route, tenant, change, body));
        }).thenApply(outcome -> {
            boolean written = outcome instanceof RecentDeliveries.Written;
            if (!written) {
                log.info("Answered a repeated Coeffection {} {} without writing again: tenant={} key={} eventId={}",
                        record.getEntityType(), record.getOperation(), tenant, change.key(), record.getEventId());
            } else if (log.isDebugEnabled()) {
                log.debug("Wrote Coeffection {} {} tenant={} key={} eventId={}", record.getEntityType(),
                        record.getOperation(), tenant, change.key(), record.getEventId());
            }
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("status", written ? "accepted" : "duplicate");
            answer.put("eventId", record.getEventId());
            answer.put("key", change.key());
            answer.put("fields", record.getFields().size());
            if (!change.mismatched().isEmpty()) {
                answer.put("fieldsKeptAsDeadLetter", change.mismatched().stream()
                        .map(CoeffectionDelivery.FieldProblem::field).toList());
            }
            if (!change.untyped().isEmpty()) {
                answer.put("fieldsLeftOut", change.untyped());
            }
            return new RouteResult(written ? Outcome.ACCEPTED : Outcome.DUPLICATE, WebhookAnswer.ok(answer));
        });
    }

    private CompletableFuture<String> keepMismatched(String route, String tenant, CoeffectionDelivery.Change change, byte[] body) {
        List<CoeffectionDelivery.FieldProblem> fields = change.mismatched();
        String message = "Field(s) of " + change.key() + " left out of the record change because their value does not fit "
                + "the board mapping: " + fields.stream().map(f -> f.field() + ": " + f.reason())
                .collect(Collectors.joining("; "));
        Map<String, String> context = new LinkedHashMap<>();
        context.put("fields", fields.stream().map(CoeffectionDelivery.FieldProblem::field).collect(Collectors.joining(",")));
        context.put("eventId", change.change().getEventId());
        return deadLetters.keep(SOURCE, recordChangesTopic, route, tenant, change.key(), body,
                new WebhookProblem(ProblemType.FIELD_TYPE_MISMATCH, message), context);
    }

    private CompletableFuture<RouteResult> unauthorized(String tenant, String reason, String message) {
        refusals.refused(new RefusalLog.Cause("coeffection", 401, reason, Tenants.forLog(tenant)), message);
        return CompletableFuture.completedFuture(new RouteResult(Outcome.UNAUTHORIZED,
                WebhookAnswer.error(401, "UNAUTHORIZED", message, Map.of())));
    }

    private CompletableFuture<RouteResult> keep(String route, String tenant, String recordKey, byte[] body,
                                                WebhookProblem problem, Map<String, String> context) {
        return deadLetters.keep(SOURCE, recordChangesTopic, route, tenant, recordKey, body, problem, context)
                .thenApply(id -> RouteResult.kept(problem, id));
    }
}

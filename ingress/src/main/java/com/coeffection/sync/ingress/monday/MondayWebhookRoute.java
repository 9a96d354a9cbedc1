package com.coeffection.sync.ingress.monday;

import com.coeffection.sync.ingress.IngressMetrics;
import com.coeffection.sync.ingress.IngressMetrics.Outcome;
import com.coeffection.sync.ingress.Tenants;
import com.coeffection.sync.ingress.WebhookJson;
import com.coeffection.sync.ingress.WebhookProblem;
import com.coeffection.sync.ingress.delivery.DeadLetterKeeper;
import com.coeffection.sync.ingress.delivery.DurableWriter;
import com.coeffection.sync.ingress.delivery.RecentDeliveries;
import com.coeffection.sync.ingress.http.RefusalLog;
import com.coeffection.sync.ingress.http.RouteResult;
import com.coeffection.sync.ingress.http.WebhookAnswer;
import com.coeffection.sync.schema.MondayItemEvent;
import com.coeffection.sync.schema.SyncHistoryEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /webhooks/monday/{tenant}}: answers the challenge handshake, checks monday's JWT when a signing secret
 * is configured, turns the event into a {@link MondayItemEvent} on the item-events topic (key
 * {@code tenantId:boardId:itemId}, header {@code triggerUuid}), once per {@code triggerUuid}, with the people it
 * names resolved to their emails ({@link MondayPeople}), and answers 200 only after Kafka acknowledged it. A person
 * left without an email gets a history entry on {@code sync.history-events} ({@link UnresolvedPeopleEntry}) while
 * the event goes on. Unusable bodies are kept as dead letters.
 */
public final class MondayWebhookRoute {
    private static final Logger log = LoggerFactory.getLogger(MondayWebhookRoute.class);
    /** The source name on dead letters and record headers. */
    public static final String SOURCE = "monday-webhook";

    private final Optional<MondayJwtVerifier> jwt;
    private final MondayWebhookParser parser = new MondayWebhookParser();
    private final DurableWriter writer;
    private final RecentDeliveries recent;
    private final DeadLetterKeeper deadLetters;
    private final String itemEventsTopic;
    private final RefusalLog refusals;
    private final MondayPeople people;
    private final String historyTopic;

    public MondayWebhookRoute(Optional<String> signingSecret, DurableWriter writer, RecentDeliveries recent,
                              DeadLetterKeeper deadLetters, String itemEventsTopic, RefusalLog refusals) {
        this(signingSecret, writer, recent, deadLetters, itemEventsTopic, refusals, MondayPeople.NONE, null);
    }

    /** @param people resolves the monday user ids of person columns to emails before the event is written */
    public MondayWebhookRoute(Optional<String> signingSecret, DurableWriter writer, RecentDeliveries recent,
                              DeadLetterKeeper deadLetters, String itemEventsTopic, RefusalLog refusals,
                              MondayPeople people) {
        this(signingSecret, writer, recent, deadLetters, itemEventsTopic, refusals, people, null);
    }

    /**
     * @param people       resolves the monday user ids of person columns to emails before the event is written
     * @param historyTopic where a person left without an email is reported ({@code sync.history-events}); null:
     *                     only logged and counted
     */
    public MondayWebhookRoute(Optional<String> signingSecret, DurableWriter writer, RecentDeliveries recent,
                              DeadLetterKeeper deadLetters, String itemEventsTopic, RefusalLog refusals,
                              MondayPeople people, String historyTopic) {
        this.refusals = refusals;
        this.people = people;
        this.historyTopic = historyTopic;
        this.jwt = signingSecret.map(MondayJwtVerifier::new);
        this.writer = writer;
        this.recent = recent;
        this.deadLetters = deadLetters;
        this.itemEventsTopic = itemEventsTopic;
    }

    /**
     * Handles one delivery.
     *
     * @param authorization the {@code Authorization} header, or null
     */
    public CompletableFuture<RouteResult> handle(String tenant, byte[] body, String authorization) {
        String route = "/webhooks/monday/" + tenant;
        Instant now = Instant.now();
        WebhookJson.Parsed parsed = null;
        if (jwt.isPresent()) {
            MondayJwtVerifier.Verdict verdict = jwt.get().verify(authorization);
            if (verdict instanceof MondayJwtVerifier.Refused refused) {
                parsed = WebhookJson.parse(body);
                if (parsed.node() != null && parsed.node().has("challenge") && !parsed.node().has("event")) {
                    log.info("Answered monday's challenge for tenant {} without a valid JWT ({})", Tenants.forLog(tenant), refused.reason());
                } else {
                    refusals.refused(new RefusalLog.Cause("monday", 401, refused.reason().name(), Tenants.forLog(tenant)),
                            refused.message());
                    return CompletableFuture.completedFuture(new RouteResult(Outcome.UNAUTHORIZED,
                            WebhookAnswer.error(401, "UNAUTHORIZED", refused.message(), Map.of("reason", refused.reason().name()))));
                }
            }
        }
        Optional<WebhookProblem> badTenant = Tenants.check(tenant);
        if (badTenant.isPresent()) {
            return keep(route, null, body, badTenant.get(), Map.of());
        }
        if (parsed == null) {
            parsed = WebhookJson.parse(body);
        }
        if (parsed.problem() != null) {
            return keep(route, tenant, body, parsed.problem(), Map.of());
        }
        MondayDelivery delivery = parser.parse(tenant, parsed.node(), new String(body, StandardCharsets.UTF_8), now);
        if (delivery instanceof MondayDelivery.Challenge challenge) {
            return CompletableFuture.completedFuture(new RouteResult(Outcome.CHALLENGE,
                    WebhookAnswer.ok(Map.of("challenge", challenge.challenge()))));
        }
        if (delivery instanceof MondayDelivery.Unusable unusable) {
            Map<String, String> context = new LinkedHashMap<>();
            if (unusable.triggerUuid() != null) {
                context.put("triggerUuid", unusable.triggerUuid());
            }
            if (unusable.boardId() != null) {
                context.put("boardId", unusable.boardId().toString());
            }
            if (unusable.deliveredType() != null) {
                context.put("deliveredType", unusable.deliveredType());
            }
            return keep(route, tenant, body, unusable.problem(), context);
        }
        MondayDelivery.ItemEvent item = (MondayDelivery.ItemEvent) delivery;
        MondayItemEvent event = item.event();
        Map<String, String> headers = Map.of("triggerUuid", event.getTriggerUuid(), "source", SOURCE,
                "deliveredType", event.getDeliveredType());
        String deliveryId = "monday:" + tenant + ":" + event.getTriggerUuid();
        // the event and its history entry are sent together: a send started from the producer's own callback
        // would wait for the topic's metadata on the very thread that fetches it
        return recent.deliverOnce(deliveryId, () -> people.resolve(event)
                        .thenCompose(resolved -> writer.write(itemEventsTopic, item.key(), resolved.event(), headers)
                                .thenCombine(reportUnresolved(resolved), (written, reported) -> written)))
                .thenApply(outcome -> {
                    boolean written = outcome instanceof RecentDeliveries.Written;
                    if (!written) {
                        log.info("Answered a repeated monday {} without writing again: tenant={} board={} item={} triggerUuid={}",
                                event.getDeliveredType(), tenant, event.getBoardId(), event.getItemId(), event.getTriggerUuid());
                    } else if (log.isDebugEnabled()) {
                        log.debug("Wrote monday {} tenant={} board={} item={} triggerUuid={}", event.getDeliveredType(),
                                tenant, event.getBoardId(), event.getItemId(), event.getTriggerUuid());
                    }
                    Map<String, Object> answer = new LinkedHashMap<>();
                    answer.put("status", written ? "accepted" : "duplicate");
                    answer.put("triggerUuid", event.getTriggerUuid());
                    answer.put("key", item.key());
                    answer.put("kind", event.getKind().name());
                    return new RouteResult(written ? Outcome.ACCEPTED : Outcome.DUPLICATE, WebhookAnswer.ok(answer));
                });
    }

    /**
     * A person chosen on monday who stays without an email gets a history entry of its own (the event went on with
     * the monday user id); monday is answered only once both are written. A retried delivery writes the same entry
     * id again, which history keeps once.
     */
    private CompletableFuture<?> reportUnresolved(MondayPeople.Resolved resolved) {
        if (resolved.unresolved().isEmpty() || historyTopic == null) {
            return CompletableFuture.completedFuture(null);
        }
        SyncHistoryEntry entry = UnresolvedPeopleEntry.of(resolved.event(), resolved.unresolved(), Instant.now());
        return writer.write(historyTopic, entry.getEntryId(), entry, Map.of("source", SOURCE));
    }

    private CompletableFuture<RouteResult> keep(String route, String tenant, byte[] body, WebhookProblem problem,
                                                Map<String, String> context) {
        return deadLetters.keep(SOURCE, itemEventsTopic, route, tenant, null, body, problem, context)
                .thenApply(id -> RouteResult.kept(problem, id));
    }
}

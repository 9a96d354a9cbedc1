package com.coeffection.sync.ingress.delivery;

import com.coeffection.sync.ingress.IngressMetrics;
import com.coeffection.sync.ingress.WebhookProblem;
import com.coeffection.sync.schema.DeadLetter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Keeps an unusable webhook body in the dead-letter topic before the sender gets its answer, so that bad input is
 * never lost: the answer (400, or 200 for a kept unknown event) is sent only after Kafka acknowledged the dead
 * letter, and 503 when it could not. The same bad body sent again is kept once.
 */
public final class DeadLetterKeeper {
    private static final Logger log = LoggerFactory.getLogger(DeadLetterKeeper.class);

    private final DurableWriter writer;
    private final RecentDeliveries recent;
    private final String deadLetterTopic;
    private final IngressMetrics metrics;

    public DeadLetterKeeper(DurableWriter writer, RecentDeliveries recent, String deadLetterTopic, IngressMetrics metrics) {
        this.writer = writer;
        this.recent = recent;
        this.deadLetterTopic = deadLetterTopic;
        this.metrics = metrics;
    }

    /**
     * Writes the dead letter; the future gives its id once Kafka acknowledged it (or it was already kept), and
     * fails with {@link KafkaUnavailableException} otherwise.
     *
     * @see DeadLetters#of
     */
    public CompletableFuture<String> keep(String source, String intendedTopic, String route, String tenantId,
                                          String recordKey, byte[] body, WebhookProblem problem,
                                          Map<String, String> context) {
        String key = recordKey != null ? recordKey : tenantId;
        DeadLetter letter = DeadLetters.of(source, intendedTopic, route, tenantId, recordKey, key, body, problem,
                context, Instant.now());
        String id = letter.getDeadLetterId();
        return recent.deliverOnce("dlq:" + id, () -> writer.write(deadLetterTopic, key, letter, DeadLetters.headers(letter)))
                .thenApply(outcome -> {
                    if (outcome instanceof RecentDeliveries.Written) {
                        metrics.deadLettered(problem.type());
                        log.warn("Kept a {} body for tenant {} as dead letter {} ({}): {}", source, tenantId == null ? "(invalid tenant id)" : tenantId, id,
                                problem.type(), problem.message());
                    }
                    return id;
                });
    }
}

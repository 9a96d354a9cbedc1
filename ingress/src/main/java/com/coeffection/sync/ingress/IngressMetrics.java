package com.coeffection.sync.ingress;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ingress's own meters (Prometheus names in brackets):
 * <ul>
 *   <li>{@code ingress_webhooks_total{source, outcome}}: deliveries by source (monday, coeffection) and outcome
 *       (accepted, duplicate, challenge, kept, bad_input, unauthorized, too_large, kafka_unavailable, error)</li>
 *   <li>{@code ingress_webhook_seconds{source}}: time from receiving a delivery to answering it, with a histogram</li>
 *   <li>{@code ingress_dead_letters_total{error_type}}: bodies and fields kept in the dead-letter topic</li>
 *   <li>{@code ingress_untyped_fields_total}: unmapped Coeffection fields left out because their JSON has no type</li>
 *   <li>{@code ingress_dedup_entries}: delivery ids remembered for de-duplication; {@code ingress_kafka_ready}: 1 when
 *       Kafka answered the last readiness check; {@code ingress_in_flight}: deliveries not answered yet</li>
 * </ul>
 * The producer's own metrics ({@code kafka_producer_*}) are bound next to these.
 */
public final class IngressMetrics {
    /** Where a delivery came from. */
    public enum Source { MONDAY, COEFFECTION }

    /** How a delivery was answered. */
    public enum Outcome { ACCEPTED, DUPLICATE, CHALLENGE, KEPT, BAD_INPUT, UNAUTHORIZED, TOO_LARGE, KAFKA_UNAVAILABLE, ERROR }

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<Source, Timer> timers = new ConcurrentHashMap<>();
    private final Counter untypedFields;

    public IngressMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.untypedFields = Counter.builder("ingress.untyped.fields")
                .description("Unmapped Coeffection fields left out of a record change because their JSON has no type")
                .register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** Counts one answered delivery and its time. */
    public void answered(Source source, Outcome outcome, long startNanos) {
        String tagSource = source.name().toLowerCase();
        String tagOutcome = outcome.name().toLowerCase();
        counters.computeIfAbsent(tagSource + '/' + tagOutcome, k -> Counter.builder("ingress.webhooks")
                .description("Webhook deliveries by source and outcome")
                .tag("source", tagSource).tag("outcome", tagOutcome)
                .register(registry)).increment();
        timers.computeIfAbsent(source, s -> Timer.builder("ingress.webhook")
                .description("Time from receiving a webhook delivery to answering it")
                .tag("source", tagSource)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry)).record(Duration.ofNanos(System.nanoTime() - startNanos));
    }

    public void deadLettered(ProblemType type) {
        counters.computeIfAbsent("dlq/" + type.name(), k -> Counter.builder("ingress.dead.letters")
                .description("Webhook bodies and fields kept in the dead-letter topic, by error type")
                .tag("error_type", type.errorType().name())
                .register(registry)).increment();
    }

    public void untypedFields(int count) {
        untypedFields.increment(count);
    }
}

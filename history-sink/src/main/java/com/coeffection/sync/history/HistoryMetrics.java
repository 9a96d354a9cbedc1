package com.coeffection.sync.history;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * history-sink's meters (Prometheus names in brackets):
 * <ul>
 *   <li>{@code sync.history.entries} by {@code tenant}, {@code status} [sync_history_entries]: entries held now</li>
 *   <li>{@code sync.history.review.queue} by {@code tenant} [sync_history_review_queue]: entries waiting for a person</li>
 *   <li>{@code sync.history.dead.letters} by {@code tenant} [sync_history_dead_letters]: dead letters not replayed</li>
 *   <li>{@code sync.history.retries} by {@code result} (requested, already_requested, refused)
 *       [sync_history_retries_total]</li>
 *   <li>{@code sync.history.replays} by {@code result} (replayed, already_replayed, not_replayable)
 *       [sync_history_replays_total]</li>
 *   <li>{@code sync.history.merged} by {@code input} (decision, outcome, retry) and
 *       {@code sync.history.undecodable} by {@code topic}; {@code sync.history.expired}</li>
 * </ul>
 * Gauges are this instance's share (sum over instances in Prometheus).
 */
public final class HistoryMetrics {
    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final MultiGauge entries;
    private final MultiGauge review;
    private final MultiGauge deadLetters;

    public HistoryMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.entries = MultiGauge.builder("sync.history.entries").description("History entries held, by tenant and status")
                .register(registry);
        this.review = MultiGauge.builder("sync.history.review.queue").description("Entries waiting for a person's review")
                .register(registry);
        this.deadLetters = MultiGauge.builder("sync.history.dead.letters")
                .description("Dead letters not replayed yet, by tenant").register(registry);
    }

    public static HistoryMetrics inMemory() {
        return new HistoryMetrics(new SimpleMeterRegistry());
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** Replaces the gauges with these counts: tenant -> status -> entries, tenant -> dead letters. */
    public void gauges(Map<String, Map<String, Long>> entriesByTenantAndStatus, Map<String, Long> deadLettersByTenant) {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        List<MultiGauge.Row<?>> reviewRows = new ArrayList<>();
        entriesByTenantAndStatus.forEach((tenant, byStatus) -> {
            byStatus.forEach((status, n) -> rows.add(MultiGauge.Row.of(Tags.of("tenant", tenant, "status", status), n)));
            reviewRows.add(MultiGauge.Row.of(Tags.of("tenant", tenant), byStatus.getOrDefault("REVIEW", 0L)));
        });
        entries.register(rows, true);
        review.register(reviewRows, true);
        List<MultiGauge.Row<?>> dlRows = new ArrayList<>();
        deadLettersByTenant.forEach((tenant, n) -> dlRows.add(MultiGauge.Row.of(Tags.of("tenant", tenant), n)));
        deadLetters.register(dlRows, true);
    }

    public void merged(String input) {
        counter("sync.history.merged", "input", input).increment();
    }

    public void undecodable(String topic) {
        counter("sync.history.undecodable", "topic", topic).increment();
    }

    public void expired(long n) {
        counter("sync.history.expired").increment(n);
    }

    public void retry(String result) {
        counter("sync.history.retries", "result", result).increment();
    }

    public void replay(String result, long n) {
        counter("sync.history.replays", "result", result).increment(n);
    }

    private Counter counter(String name, String... tags) {
        return counters.computeIfAbsent(name + String.join(",", tags),
                k -> Counter.builder(name).tags(tags).register(registry));
    }
}

package com.coeffection.sync.drift.report;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A run's figures as Micrometer meters (Prometheus names in docs/drift-repair.md): differences by kind (and by field
 * for field drift), requests published, monday budget spent, the run's duration, and the time of the last run that
 * finished, so an alert can say when drift repair stopped running.
 */
public final class DriftMetrics {
    private final MeterRegistry registry;
    private final Map<String, AtomicLong> lastFinished = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> lastDifferences = new ConcurrentHashMap<>();

    public DriftMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void record(DriftReport r) {
        Tags board = Tags.of("tenant", r.tenantId(), "entity", r.entityType(), "dry_run", Boolean.toString(r.dryRun()));
        count(board, "field_drift", null, 0);
        r.fieldDrift().forEach((field, n) -> count(board, "field_drift", field, n));
        count(board, "unlinked_record", null, r.unlinkedRecords());
        count(board, "missing_item", null, r.missingItems());
        count(board, "missing_record", null, r.missingRecords());
        count(board, "unlinked_item", null, r.unlinkedItems());
        r.unreadableFields().forEach((field, n) -> count(board, "unreadable", field, n));
        Counter.builder("sync.drift.published").tags(board).description("Observations and record changes a drift run published")
                .register(registry).increment(r.published());
        Counter.builder("sync.drift.monday.complexity").tags(board).description("monday complexity points spent by drift runs")
                .register(registry).increment(r.mondayComplexity());
        Timer.builder("sync.drift.run.duration").tags(board.and("outcome", r.fenced() ? "fenced" : "finished"))
                .register(registry).record(Duration.ofMillis(r.durationMillis()));
        if (!r.fenced()) {
            String key = r.tenantId() + ":" + r.entityType() + ":" + r.dryRun();
            gauge(lastFinished, key, "sync.drift.last.finished.seconds", board).set(System.currentTimeMillis() / 1000);
            gauge(lastDifferences, key, "sync.drift.last.differences", board).set(r.differences());
        }
    }

    private AtomicLong gauge(Map<String, AtomicLong> gauges, String key, String name, Tags tags) {
        return gauges.computeIfAbsent(key, k -> registry.gauge(name, tags, new AtomicLong()));
    }

    private void count(Tags board, String kind, String field, int n) {
        Tags tags = board.and("kind", kind).and("field", field == null ? "" : field);
        Counter.builder("sync.drift.differences").tags(tags).description("Differences drift runs found, by kind")
                .register(registry).increment(n);
    }
}

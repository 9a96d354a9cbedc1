package com.coeffection.sync.processor;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The processor's own Micrometer meters (Kafka Streams' metrics are bound separately by {@link ProcessorApp}):
 * <ul>
 *   <li>{@code sync.processor.events} by {@code input} (record-change, item-event, result)</li>
 *   <li>{@code sync.processor.decisions} by {@code rule} and {@code status}: one per field decision</li>
 *   <li>{@code sync.processor.dead.letters} by {@code error.type}</li>
 *   <li>{@code sync.processor.monday.commands} by {@code action}; {@code sync.processor.record.updates}</li>
 *   <li>{@code sync.processor.parked.item.events} (gauge): monday events of items whose link is not known yet,
 *       waiting for it</li>
 *   <li>{@code sync.processor.outage.retries} by {@code error.type}: inputs tried again because the registry was
 *       unavailable (they are never dead-lettered for it)</li>
 *   <li>{@code sync.processor.decision.latency} (timer) by {@code direction}: from a change's own time to the
 *       processor forwarding the other side's write</li>
 *   <li>{@code sync.processor.misplaced.inputs} by {@code topic}: inputs their producer put on another partition
 *       than the Java partitioner would (sent once through the repartition topic)</li>
 * </ul>
 */
public final class ProcessorMetrics {
    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Counter> events = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Counter>> decisions = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong parked = new java.util.concurrent.atomic.AtomicLong();
    private final Timer toMonday;
    private final Timer fromMonday;

    public ProcessorMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.toMonday = latencyTimer(registry, com.coeffection.sync.schema.SyncDirection.COEFFECTION_TO_MONDAY);
        this.fromMonday = latencyTimer(registry, com.coeffection.sync.schema.SyncDirection.MONDAY_TO_COEFFECTION);
        io.micrometer.core.instrument.Gauge.builder("sync.processor.parked.item.events", parked, Number::doubleValue)
                .description("monday events waiting for the link of their item").register(registry);
    }

    private static Timer latencyTimer(MeterRegistry registry, com.coeffection.sync.schema.SyncDirection direction) {
        return Timer.builder("sync.processor.decision.latency").tag("direction", direction.name())
                .description("from a change on one side to the processor forwarding the other side's write")
                .publishPercentileHistogram().register(registry);
    }

    /** Changes the number of parked monday events by {@code delta}. */
    public void parked(long delta) {
        parked.addAndGet(delta);
    }

    /** How many monday events wait for their item's link, over all tasks of this instance. */
    public long parkedCount() {
        return parked.get();
    }

    /** Meters kept in memory only (tests, benchmarks). */
    public static ProcessorMetrics inMemory() {
        return new ProcessorMetrics(new SimpleMeterRegistry());
    }

    public MeterRegistry registry() {
        return registry;
    }

    public void event(String input) {
        // once per input: looked up by its one tag value, without building a key
        Counter counter = events.get(input);
        if (counter == null) {
            counter = events.computeIfAbsent(input, i -> counter("sync.processor.events", "input", i));
        }
        counter.increment();
    }

    public void decision(String rule, String status) {
        // once per field decision: looked up by its two tag values, without building a key
        Map<String, Counter> byStatus = decisions.get(rule);
        if (byStatus == null) {
            byStatus = decisions.computeIfAbsent(rule, r -> new ConcurrentHashMap<>());
        }
        Counter counter = byStatus.get(status);
        if (counter == null) {
            counter = byStatus.computeIfAbsent(status, st -> counter("sync.processor.decisions", "rule", rule,
                    "status", st));
        }
        counter.increment();
    }

    public void deadLetter(com.coeffection.sync.contract.ErrorType errorType) {
        counter("sync.processor.dead.letters", "error.type", errorType.name()).increment();
    }

    /** A record-keyed input that arrived on another partition than its key maps to (see RecordPlacement). */
    public void misplaced(String topic) {
        counter("sync.processor.misplaced.inputs", "topic", topic).increment();
    }

    /** One retry of an input because of an outage (not bad input), by error type. */
    public void outageRetry(com.coeffection.sync.contract.ErrorType type) {
        counter("sync.processor.outage.retries", "error.type", type.name()).increment();
    }

    public void command(String action) {
        counter("sync.processor.monday.commands", "action", action).increment();
    }

    public void recordUpdate() {
        counter("sync.processor.record.updates").increment();
    }

    /**
     * {@code sync.processor.decision.latency} by {@code direction}: from the time a change was made on one side (a
     * record change's occurredAt, a monday event's changedAt or trigger time) to the processor forwarding the write
     * it led to on the other side (a monday command, a record update).
     */
    public void decisionLatency(com.coeffection.sync.schema.SyncDirection direction, long millis) {
        Timer timer = direction == com.coeffection.sync.schema.SyncDirection.COEFFECTION_TO_MONDAY ? toMonday
                : fromMonday;
        timer.record(Math.max(0, millis), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    private Counter counter(String name, String... tags) {
        String key = name + String.join(",", tags);
        Counter counter = counters.get(key);
        if (counter == null) {
            counter = counters.computeIfAbsent(key, k -> Counter.builder(name).tags(tags).register(registry));
        }
        return counter;
    }
}

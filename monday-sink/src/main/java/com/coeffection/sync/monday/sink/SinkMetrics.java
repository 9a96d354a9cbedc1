package com.coeffection.sync.monday.sink;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The sink's metrics (Prometheus names in brackets):
 * monday calls by kind and outcome [monday_sink_calls_total], complexity used [monday_sink_complexity_used_total]
 * and left [monday_sink_complexity_left], operations per request [monday_sink_operations_per_request],
 * mutations per request [monday_sink_mutations_per_request], edits coalesced [monday_sink_edits_coalesced_total],
 * retries by error code [monday_sink_retries_total], dead letters by error type [monday_sink_dead_letters_total],
 * time from the change at the source to monday's confirmation [monday_sink_latency_seconds histogram; p50/p95/p99 in-process],
 * commands received and delivered, items created and items found by their Coeffection ID, waiting commands and
 * paused partitions.
 */
final class SinkMetrics {
    private final MeterRegistry registry;
    private final Counter received;
    private final Counter delivered;
    private final Counter coalesced;
    private final Counter complexityUsed;
    private final Counter created;
    private final Counter found;
    private final DistributionSummary mutationsPerRequest;
    private final DistributionSummary operationsPerRequest;
    private final Timer latency;
    private final AtomicLong complexityLeft = new AtomicLong(-1);
    private final AtomicLong pausedPartitions = new AtomicLong();

    public SinkMetrics(MeterRegistry registry, Supplier<Number> waiting) {
        this.registry = registry;
        this.received = Counter.builder("monday.sink.commands.received").description("monday commands read").register(registry);
        this.delivered = Counter.builder("monday.sink.commands.delivered").description("monday commands monday confirmed").register(registry);
        this.coalesced = Counter.builder("monday.sink.edits.coalesced")
                .description("commands merged into a change already waiting (calls saved)").register(registry);
        this.complexityUsed = Counter.builder("monday.sink.complexity.used").description("complexity points monday charged")
                .register(registry);
        this.created = Counter.builder("monday.sink.item.creates").description("items created").register(registry);
        this.found = Counter.builder("monday.sink.items.found")
                .description("items found by their Coeffection ID instead of being created again").register(registry);
        this.mutationsPerRequest = DistributionSummary.builder("monday.sink.mutations.per.request")
                .description("mutations sent in one monday request").register(registry);
        this.operationsPerRequest = DistributionSummary.builder("monday.sink.operations.per.request")
                .description("operations (mutations or lookups) in one monday request").register(registry);
        this.latency = Timer.builder("monday.sink.latency")
                .description("time from the change at the source to monday's confirmation")
                .publishPercentiles(0.5, 0.95, 0.99).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(10))
                .register(registry);
        Gauge.builder("monday.sink.complexity.left", complexityLeft, AtomicLong::get).strongReference(true)
                .description("complexity points left in the budget monday last reported (-1 before the first report)")
                .register(registry);
        Gauge.builder("monday.sink.waiting.commands", waiting, s -> s.get().doubleValue())
                .description("commands read and not yet confirmed by monday").strongReference(true).register(registry);
        Gauge.builder("monday.sink.paused.partitions", pausedPartitions, AtomicLong::get).strongReference(true)
                .description("command partitions paused for back-off or back-pressure").register(registry);
    }

    public void received() {
        received.increment();
    }

    public void delivered(int commands) {
        delivered.increment(commands);
    }

    public void coalesced() {
        coalesced.increment();
    }

    public void call(String kind, String outcome) {
        Counter.builder("monday.sink.calls").description("requests sent to monday").tag("kind", kind).tag("outcome", outcome)
                .register(registry).increment();
    }

    public void request(boolean mutation, int operations) {
        operationsPerRequest.record(operations);
        if (mutation) {
            mutationsPerRequest.record(operations);
        }
    }

    public void complexity(long used, long left) {
        complexityUsed.increment(used);
        complexityLeft.set(left);
    }

    public void retry(String code) {
        Counter.builder("monday.sink.retries").description("retryable failures, by monday's error code")
                .tag("code", code == null ? "unknown" : code).register(registry).increment();
    }

    public void deadLetter(String errorType) {
        Counter.builder("monday.sink.dead.letters").description("commands sent to the dead-letter topic")
                .tag("type", errorType).register(registry).increment();
    }

    /** Columns left out of delivered commands (refused by monday or by the codec); each is a dead letter too. */
    public void columnsRefused(int columns) {
        if (columns > 0) {
            Counter.builder("monday.sink.columns.refused").description("column values refused while the rest was delivered")
                    .register(registry).increment(columns);
        }
    }

    public void created() {
        created.increment();
    }

    public void found() {
        found.increment();
    }

    public void latency(Duration sinceSourceChange) {
        latency.record(sinceSourceChange.isNegative() ? Duration.ZERO : sinceSourceChange);
    }

    /** Partitions this worker gave up in a rebalance ({@code revoked}) or lost without one ({@code lost}). */
    public void partitionsGivenUp(String how, int count) {
        Counter.builder("monday.sink.partitions.given.up").description("command partitions given up in rebalances")
                .tag("how", how).register(registry).increment(count);
    }

    /** How long one monday request took. */
    public void requestTime(String kind, Duration time) {
        Timer.builder("monday.sink.request.duration").description("time of one monday request").tag("kind", kind)
                .register(registry).record(time);
    }

    public void pausedPartitions(int count) {
        pausedPartitions.set(count);
    }
}

package com.coeffection.sync.processor.match;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Metrics of matching: {@code sync.match.decisions{outcome=linked|review|unmatched, rule}} (matches by rule, sent to
 * review, unmatched), {@code sync.match.boards.indexed}, {@code sync.match.items.indexed},
 * {@code sync.match.pages.read}, {@code sync.match.read.failures} and {@code sync.match.values.malformed}
 * (column values that could not be read as documented; the item is indexed by the rest).
 */
final class MatchMetrics {
    private final MeterRegistry registry;

    MatchMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void decision(String outcome, String rule) {
        Counter.builder("sync.match.decisions").tag("outcome", outcome).tag("rule", rule == null ? "none" : rule)
                .description("records matched to existing items, by outcome and rule").register(registry).increment();
    }

    void boardIndexed() {
        registry.counter("sync.match.boards.indexed").increment();
    }

    void itemsIndexed(int n) {
        registry.counter("sync.match.items.indexed").increment(n);
    }

    void pageRead() {
        registry.counter("sync.match.pages.read").increment();
    }

    void readFailed() {
        registry.counter("sync.match.read.failures").increment();
    }

    void malformed(int n) {
        if (n > 0) {
            registry.counter("sync.match.values.malformed").increment(n);
        }
    }
}

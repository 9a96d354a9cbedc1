package com.coeffection.sync.launcher.status;

import com.coeffection.sync.launcher.MetricsServer;
import com.coeffection.sync.launcher.health.Check;
import com.coeffection.sync.launcher.health.Health;
import com.coeffection.sync.testkit.RealInfra;
import com.coeffection.sync.testkit.RealInfraExtension;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code bin/run status} reads the broker and the parts' /metrics and /ready, and shows n/a for what is not published. */
@ExtendWith(RealInfraExtension.class)
class StatusScreenTest {

    @Test
    void theScreenShowsLagPerPartitionLatencyThroughputBudgetDeadLettersAndNaForWhatIsNotPublished(RealInfra infra) throws Exception {
        // given a group 3 records behind on partition 0, a dead-letter topic holding 2 records ...
        String topic = infra.uniqueTopic("status-in", 2);
        String dlq = infra.uniqueTopic("status-dlq", 1);
        try (var producer = new KafkaProducer<String, byte[]>(infra.producerConfig())) {
            for (int i = 0; i < 5; i++) {
                producer.send(new ProducerRecord<>(topic, 0, "k", new byte[]{1})).get();
            }
            producer.send(new ProducerRecord<>(dlq, 0, "k", new byte[]{1})).get();
            producer.send(new ProducerRecord<>(dlq, 0, "k", new byte[]{1})).get();
        }
        String prefix = "status-" + System.nanoTime();
        String group = prefix + "-sink";
        try (var consumer = new KafkaConsumer<String, byte[]>(infra.consumerConfig(group))) {
            consumer.commitSync(Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(2)));
        }
        // ... and a part publishing the sink's latency, a monday budget and a delivery counter
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Timer latency = Timer.builder("monday.sink.latency").publishPercentiles(0.5, 0.95, 0.99).register(meters);
        for (int i = 1; i <= 100; i++) {
            latency.record(Duration.ofMillis(i * 10L));
        }
        Gauge.builder("monday.budget.remaining", () -> 9_000_000).tag("connection", "acme").register(meters);
        Gauge.builder("monday.budget.capacity", () -> 10_000_000).tag("connection", "acme").register(meters);
        Counter delivered = Counter.builder("monday.sink.commands.delivered").register(meters);
        Gauge.builder("sync.history.review.queue", () -> 4).tag("tenant", "acme").register(meters);
        Health health = new Health().ready(new com.coeffection.sync.launcher.health.MondayConnectionCheck("acme",
                t -> java.util.Optional.of(new com.coeffection.sync.monday.sink.retry.ConnectionState.Ready()),
                java.time.Clock.systemUTC())).ready(new Check() {
            @Override
            public String name() {
                return "broker";
            }

            @Override
            public Result check() {
                return Result.up("fine");
            }
        });
        try (MetricsServer server = new MetricsServer("127.0.0.1", 0, meters, health)) {
            List<URI> urls = List.of(URI.create("http://127.0.0.1:" + server.port() + "/metrics"));
            HttpClient http = HttpClient.newHttpClient();

            // when status reads twice, 40 deliveries apart
            StatusSnapshot before = StatusSnapshot.take(infra.admin(), prefix, dlq, urls, http);
            delivered.increment(40);
            StatusSnapshot now = StatusSnapshot.take(infra.admin(), prefix, dlq, urls, http);
            String screen = StatusScreen.render(before, now);

            // then
            assertThat(screen).containsPattern(group + "\\s+" + topic + "\\s+0\\s+3");
            assertThat(screen).contains("total 3");
            assertThat(screen).containsPattern("Coeffection change -> monday confirmed\\s+\\d+ ms / \\d+(\\.\\d+)? s");
            assertThat(screen).containsPattern("monday edit -> Coeffection update\\s+n/a");
            assertThat(screen).contains("budget left, connection acme: 9,000,000 of 10,000,000 (90%)");
            assertThat(screen).containsPattern("monday commands delivered\\s+[1-9]");
            assertThat(screen).contains("Dead letters: 2 record(s)");
            assertThat(screen).contains("Review queue: 4");
            assertThat(screen).contains("tenant acme: UP: ready");
            assertThat(screen).contains("READY");
        }
    }

    @Test
    void aBucketOnlyTimerGivesItsQuantilesFromTheHistogram() {
        PrometheusText text = PrometheusText.parse(String.join("\n",
                "# TYPE ingress_webhook_seconds histogram",
                "ingress_webhook_seconds_bucket{source=\"monday\",le=\"0.001\"} 0",
                "ingress_webhook_seconds_bucket{source=\"monday\",le=\"0.01\"} 50",
                "ingress_webhook_seconds_bucket{source=\"monday\",le=\"0.1\"} 100",
                "ingress_webhook_seconds_bucket{source=\"monday\",le=\"+Inf\"} 100",
                "ingress_webhook_seconds_count{source=\"monday\"} 100"));
        assertThat(text.quantile("ingress_webhook_seconds", 0.5)).hasValueSatisfying(v -> assertThat(v).isBetween(0.009, 0.0101));
        assertThat(text.quantile("ingress_webhook_seconds", 0.99)).hasValueSatisfying(v -> assertThat(v).isBetween(0.09, 0.1));
        assertThat(text.quantile("missing_seconds", 0.5)).isEmpty();
    }

    @Test
    void givenTheProcessorsDecisionTimerWhenStatusRendersThenMondayToCoeffectionShowsThatDirectionOnly() {
        // a scrape of a processor as Micrometer publishes the timer with histogram buckets, both directions
        PrometheusText processor = PrometheusText.parse(String.join("\n",
                "# HELP sync_processor_decision_latency_seconds From a change's own time to the other side's write",
                "# TYPE sync_processor_decision_latency_seconds histogram",
                "sync_processor_decision_latency_seconds_bucket{direction=\"COEFFECTION_TO_MONDAY\",le=\"0.5\"} 100",
                "sync_processor_decision_latency_seconds_bucket{direction=\"COEFFECTION_TO_MONDAY\",le=\"5.0\"} 100",
                "sync_processor_decision_latency_seconds_bucket{direction=\"COEFFECTION_TO_MONDAY\",le=\"+Inf\"} 100",
                "sync_processor_decision_latency_seconds_count{direction=\"COEFFECTION_TO_MONDAY\"} 100",
                "sync_processor_decision_latency_seconds_sum{direction=\"COEFFECTION_TO_MONDAY\"} 10.0",
                "sync_processor_decision_latency_seconds_bucket{direction=\"MONDAY_TO_COEFFECTION\",le=\"0.5\"} 0",
                "sync_processor_decision_latency_seconds_bucket{direction=\"MONDAY_TO_COEFFECTION\",le=\"2.0\"} 50",
                "sync_processor_decision_latency_seconds_bucket{direction=\"MONDAY_TO_COEFFECTION\",le=\"4.0\"} 100",
                "sync_processor_decision_latency_seconds_bucket{direction=\"MONDAY_TO_COEFFECTION\",le=\"+Inf\"} 100",
                "sync_processor_decision_latency_seconds_count{direction=\"MONDAY_TO_COEFFECTION\"} 100",
                "sync_processor_decision_latency_seconds_sum{direction=\"MONDAY_TO_COEFFECTION\"} 200.0"));
        URI url = URI.create("http://127.0.0.1:1/metrics");
        java.time.Instant at = java.time.Instant.parse("2026-12-02T06:00:00Z");
        StatusSnapshot before = new StatusSnapshot(at, List.of(), null, 0, Map.of(url, processor), Map.of(url, "READY"), Map.of());
        StatusSnapshot now = new StatusSnapshot(at.plusSeconds(5), List.of(), null, 0, Map.of(url, processor), Map.of(url, "READY"), Map.of());

        String screen = StatusScreen.render(before, now);

        // p50 in the 0.5-2 s bucket, p99 in the 2-4 s bucket: the MONDAY_TO_COEFFECTION series, not the other one
        assertThat(screen).containsPattern("monday edit -> Coeffection update\\s+2\\.00 s / 3\\.96 s");
    }

    @Test
    void givenTheProcessorsOwnMetersWhenStatusRendersTheirScrapeThenMondayToCoeffectionHasALatency() {
        // the processor's metrics as it publishes them: 1.5 s from monday, 100 ms from Coeffection
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        com.coeffection.sync.processor.ProcessorMetrics processor = new com.coeffection.sync.processor.ProcessorMetrics(meters);
        for (int i = 0; i < 100; i++) {
            processor.decisionLatency(com.coeffection.sync.schema.SyncDirection.MONDAY_TO_COEFFECTION, 1_500);
            processor.decisionLatency(com.coeffection.sync.schema.SyncDirection.COEFFECTION_TO_MONDAY, 100);
        }
        URI url = URI.create("http://127.0.0.1:1/metrics");
        PrometheusText scrape = PrometheusText.parse(meters.scrape());
        java.time.Instant at = java.time.Instant.parse("2026-12-02T06:00:00Z");
        StatusSnapshot before = new StatusSnapshot(at, List.of(), null, 0, Map.of(url, scrape), Map.of(url, "READY"), Map.of());
        StatusSnapshot now = new StatusSnapshot(at.plusSeconds(2), List.of(), null, 0, Map.of(url, scrape), Map.of(url, "READY"), Map.of());

        String screen = StatusScreen.render(before, now);

        // within the histogram bucket that holds 1.5 s, never the 100 ms of the other direction
        assertThat(screen).containsPattern("monday edit -> Coeffection update\\s+1\\.\\d\\d s / 1\\.\\d\\d s");
    }
}

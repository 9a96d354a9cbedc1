package com.coeffection.sync.launcher.status;

import com.coeffection.sync.launcher.ConsumerLagMonitor;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What {@code bin/run status} reads at one moment: consumer lag and dead-letter depth from the broker (Admin API),
 * and from each part its {@code /metrics} and {@code /ready}.
 *
 * @param at         when it was read
 * @param lags       lag per group and partition (empty with {@code lagProblem} when the broker did not answer)
 * @param lagProblem why the lag could not be read, or null
 * @param deadLetters records on the dead-letter topic (log end minus log start), or -1 when unknown
 * @param parts      per part (its metrics URL): the scrape, or null when it did not answer
 * @param readiness  per part: its /ready status line
 */
public record StatusSnapshot(Instant at, List<ConsumerLagMonitor.PartitionLag> lags, String lagProblem, long deadLetters,
                             Map<URI, PrometheusText> parts, Map<URI, String> readiness) {

    /** Reads everything now; a part or a broker that does not answer is reported, never fatal. */
    public static StatusSnapshot take(Admin admin, String groupPrefix, String deadLetterTopic, List<URI> metricsUrls,
                                      HttpClient http) {
        List<ConsumerLagMonitor.PartitionLag> lags = List.of();
        String lagProblem = null;
        long depth = -1;
        try (ConsumerLagMonitor monitor = new ConsumerLagMonitor(admin, new SimpleMeterRegistry(), g -> g.startsWith(groupPrefix))) {
            lags = monitor.refresh();
            depth = depth(admin, deadLetterTopic);
        } catch (Exception e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            lagProblem = cause.getClass().getSimpleName() + ": " + cause.getMessage();
        }
        Map<URI, PrometheusText> parts = new LinkedHashMap<>();
        Map<URI, String> readiness = new LinkedHashMap<>();
        for (URI url : metricsUrls) {
            parts.put(url, fetch(http, url).map(PrometheusText::parse).orElse(null));
            URI ready = url.resolve("/ready");
            readiness.put(url, fetchReady(http, ready));
        }
        return new StatusSnapshot(Instant.now(), lags, lagProblem, depth, parts, readiness);
    }

    private static long depth(Admin admin, String topic) throws Exception {
        var description = admin.describeTopics(List.of(topic)).allTopicNames().get(5, TimeUnit.SECONDS).get(topic);
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        description.partitions().forEach(p -> {
            earliest.put(new TopicPartition(topic, p.partition()), OffsetSpec.earliest());
            latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest());
        });
        long start = admin.listOffsets(earliest).all().get(5, TimeUnit.SECONDS).values().stream().mapToLong(o -> o.offset()).sum();
        long end = admin.listOffsets(latest).all().get(5, TimeUnit.SECONDS).values().stream().mapToLong(o -> o.offset()).sum();
        return end - start;
    }

    private static java.util.Optional<String> fetch(HttpClient http, URI url) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? java.util.Optional.of(response.body()) : java.util.Optional.empty();
        } catch (IOException e) {
            return java.util.Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return java.util.Optional.empty();
        }
    }

    private static String fetchReady(HttpClient http, URI url) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            var body = new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body());
            String failing = body.path("failing").isArray() && body.path("failing").size() > 0
                    ? " failing: " + body.path("failing").toString() : "";
            return (response.statusCode() == 200 ? "READY" : "NOT READY (" + response.statusCode() + ")") + failing;
        } catch (IOException e) {
            return "does not answer";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}

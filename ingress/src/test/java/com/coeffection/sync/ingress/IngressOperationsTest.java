package com.coeffection.sync.ingress;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.coeffection.sync.infra.Ports;
import com.coeffection.sync.ingress.coeffection.CoeffectionSignature;
import com.coeffection.sync.schema.MondayItemEvent;
import com.coeffection.sync.testkit.RealInfra;
import com.coeffection.sync.testkit.RealInfraExtension;
import com.coeffection.sync.topics.SyncTopics;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What operators rely on: {@code /health} follows Kafka, {@code /metrics} serves Prometheus text with the ingress's
 * meters, the secrets decide what is accepted, and no secret or token ever reaches a log line.
 */
@ExtendWith(RealInfraExtension.class)
class IngressOperationsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static RunningIngress ingress;

    @BeforeAll
    static void startIngress(RealInfra infra) {
        ingress = RunningIngress.start(infra, c -> c, RunningIngress.uniqueTopics(infra));
    }

    @AfterAll
    static void stopIngress() {
        ingress.close();
    }

    @Test
    void healthIsUpWhenKafkaAnswers() throws Exception {
        HttpResponse<String> response = ingress.get("/health");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).path("status").asText()).isEqualTo("UP");
        assertThat(JSON.readTree(response.body()).path("brokers").asInt()).isEqualTo(1);
    }

    @Test
    void metricsServePrometheusTextWithDeliveriesByOutcomeAndTheProducersOwnMeters() {
        // given one accepted and one refused delivery
        String trigger = MondayPayloads.newTrigger();
        assertThat(ingress.postMonday("acme", MondayPayloads.createPulse(trigger, 5L, 6L),
                MondayWebhookIngressTest.validJwt()).statusCode()).isEqualTo(200);
        assertThat(ingress.postMonday("acme", MondayPayloads.createPulse(MondayPayloads.newTrigger(), 5L, 7L)).statusCode()).isEqualTo(401);

        // when Prometheus scrapes
        HttpResponse<String> response = ingress.get("/metrics");

        // then both outcomes are counted, with the latency histogram and the Kafka producer's meters
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        assertThat(response.body())
                .containsPattern("ingress_webhooks_total\\{[^}]*outcome=\"accepted\"[^}]*source=\"monday\"[^}]*} [1-9]")
                .containsPattern("ingress_webhooks_total\\{[^}]*outcome=\"unauthorized\"[^}]*source=\"monday\"[^}]*} [1-9]")
                .contains("ingress_webhook_seconds_bucket")
                .contains("ingress_dedup_entries")
                .contains("kafka_producer_");
    }

    @Test
    void healthIsDownAndDeliveriesGet503WhenKafkaCannotBeReached(RealInfra infra) throws Exception {
        // given an ingress whose Kafka address has nothing listening
        String nowhere = "127.0.0.1:" + Ports.freePort();
        IngressConfig config = IngressConfig.defaults(nowhere, infra.schemaRegistryUrl()).withHost("127.0.0.1").withPort(0)
                .withKafkaWriteTimeout(Duration.ofSeconds(2));
        try (IngressServer lonely = new IngressServer(config, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)).start()) {
            HttpClient http = HttpClient.newHttpClient();

            // when it is asked for its health and given a delivery
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + lonely.port() + "/health"))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> delivery = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + lonely.port() + "/webhooks/monday/acme"))
                    .POST(HttpRequest.BodyPublishers.ofString(MondayPayloads.createPulse(MondayPayloads.newTrigger(), 1L, 2L))).build(),
                    HttpResponse.BodyHandlers.ofString());

            // then it is not ready, and the delivery is refused so that monday retries
            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(JSON.readTree(health.body()).path("kafka").asText()).isEqualTo("unreachable");
            assertThat(delivery.statusCode()).isEqualTo(503);
            assertThat(JSON.readTree(delivery.body()).path("error").asText()).isEqualTo("KAFKA_UNAVAILABLE");
        }
    }

    @Test
    void closingAnswersTheDeliveryInFlightAndRefusesNewOnesWith503(RealInfra infra) throws Exception {
        // given an ingress whose item-events topic does not exist, so a delivery waits for Kafka for a while
        SyncTopics topics = RunningIngress.uniqueTopics(infra);
        SyncTopics missingItems = new SyncTopics(topics.recordChanges(), topics.itemEvents() + "-missing",
                topics.boardMappings(), topics.links(), topics.mondayCommands(), topics.mondayResults(),
                topics.recordUpdates(), topics.historyEvents(), topics.history(), topics.deadLetters(), topics.control());
        IngressConfig config = IngressConfig.defaults(infra.bootstrapServers(), infra.schemaRegistryUrl())
                .withHost("127.0.0.1").withPort(0).withTopics(missingItems).withKafkaWriteTimeout(Duration.ofSeconds(9));
        IngressServer server = new IngressServer(config, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)).start();
        HttpClient http = HttpClient.newHttpClient();
        URI monday = URI.create("http://127.0.0.1:" + server.port() + "/webhooks/monday/acme");
        var waiting = http.sendAsync(HttpRequest.newBuilder(monday).POST(HttpRequest.BodyPublishers.ofString(
                MondayPayloads.createPulse(MondayPayloads.newTrigger(), 1L, 2L))).build(), HttpResponse.BodyHandlers.ofString());
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> server.deliveriesInFlight() == 1);

        // when the ingress is closed while that delivery waits
        var closing = java.util.concurrent.CompletableFuture.runAsync(server::close);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> {
            HttpResponse<String> late = http.send(HttpRequest.newBuilder(monday).POST(HttpRequest.BodyPublishers.ofString(
                    MondayPayloads.createPulse(MondayPayloads.newTrigger(), 1L, 3L))).build(), HttpResponse.BodyHandlers.ofString());
            return late.statusCode() == 503 && late.body().contains("shutting down");
        });

        // then the waiting delivery still gets its answer (503: Kafka never took it) before the server stops
        HttpResponse<String> answered = waiting.get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(answered.statusCode()).isEqualTo(503);
        assertThat(answered.body()).contains("KAFKA_UNAVAILABLE");
        closing.get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(server.deliveriesInFlight()).isZero();
    }

    @Test
    void withoutSecretsMondayDeliveriesNeedNoJwtAndCoeffectionDeliveriesAreRefused(RealInfra infra) throws Exception {
        // given an ingress with neither secret configured
        try (RunningIngress open = RunningIngress.start(infra, c -> c.withSecrets(null, null), RunningIngress.uniqueTopics(infra));
             RunningIngress.TopicTail events = open.tail(open.topics.itemEvents())) {
            String trigger = MondayPayloads.newTrigger();

            // when monday posts without a JWT (a webhook made with a personal token) and Coeffection posts signed
            HttpResponse<String> monday = open.postMonday("acme", MondayPayloads.createPulse(trigger, 11L, 12L));
            HttpResponse<String> coeffection = open.postCoeffectionSigned("acme",
                    "{\"event\":\"contact.created\",\"tenantId\":\"acme\",\"timestamp\":\"2024-01-01T00:00:00Z\",\"data\":{\"id\":\"c1\"}}");

            // then monday's is written, and Coeffection's refused: it cannot be verified
            assertThat(monday.statusCode()).isEqualTo(200);
            events.awaitMatching(MondayItemEvent.class, r -> r.value().getTriggerUuid().equals(trigger));
            assertThat(coeffection.statusCode()).isEqualTo(401);
            assertThat(JSON.readTree(coeffection.body()).path("message").asText()).contains("COEFFECTION_WEBHOOK_SECRET");
        }
    }

    @Test
    void noSecretOrTokenEverReachesTheLogs() {
        // given every log line of the ingress is captured
        Logger root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        root.addAppender(captured);
        Logger ingressLogger = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger("com.coeffection.sync.ingress");
        ch.qos.logback.classic.Level before = ingressLogger.getLevel();
        ingressLogger.setLevel(ch.qos.logback.classic.Level.DEBUG);
        try {
            // when valid, forged and expired credentials of both sources arrive
            String valid = MondayWebhookIngressTest.validJwt();
            String forged = JWT.create().withExpiresAt(Instant.now().plusSeconds(60)).sign(Algorithm.HMAC256("forged-secret-value"));
            String expired = JWT.create().withExpiresAt(Instant.now().minusSeconds(60)).sign(Algorithm.HMAC256(RunningIngress.MONDAY_SECRET));
            ingress.postMonday("acme", MondayPayloads.createPulse(MondayPayloads.newTrigger(), 1L, 2L), valid);
            for (int i = 0; i < 20; i++) {
                ingress.postMonday("refusals", MondayPayloads.createPulse(MondayPayloads.newTrigger(), 1L, 2L), forged);
            }
            ingress.postMonday("acme", MondayPayloads.createPulse(MondayPayloads.newTrigger(), 1L, 2L), expired);
            byte[] body = "{\"event\":\"contact.created\",\"tenantId\":\"acme\",\"timestamp\":\"2024-01-01T00:00:00Z\",\"data\":{\"id\":\"c9\"}}"
                    .getBytes(StandardCharsets.UTF_8);
            long now = Instant.now().getEpochSecond();
            String goodSignature = new CoeffectionSignature(RunningIngress.COEFFECTION_SECRET, Duration.ofMinutes(5)).sign(now, body);
            String badSignature = new CoeffectionSignature("forged-secret-value", Duration.ofMinutes(5)).sign(now, body);
            ingress.post("/webhooks/coeffection/acme", body, Map.of(CoeffectionSignature.SIGNATURE_HEADER, goodSignature,
                    CoeffectionSignature.TIMESTAMP_HEADER, Long.toString(now)));
            ingress.post("/webhooks/coeffection/acme", body, Map.of(CoeffectionSignature.SIGNATURE_HEADER, badSignature,
                    CoeffectionSignature.TIMESTAMP_HEADER, Long.toString(now)));

            // then the refusals were logged, but none of the secrets, tokens or signatures
            List<String> lines = captured.list.stream().map(e -> e.getFormattedMessage()
                    + (e.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(e.getThrowableProxy()))).toList();
            assertThat(lines).anyMatch(l -> l.contains("Refused a monday delivery"))
                    .anyMatch(l -> l.contains("Refused a Coeffection delivery"));
            // twenty forged JWTs within a minute: one line for the cause, all of them counted
            assertThat(lines.stream().filter(l -> l.contains("tenant refusals (401 FORGED)"))).hasSize(1);
            assertThat(ingress.meters.get("ingress.refusals").tag("source", "monday").tag("reason", "FORGED")
                    .counter().count()).isGreaterThanOrEqualTo(20);
            List<String> secrets = List.of(RunningIngress.MONDAY_SECRET, RunningIngress.COEFFECTION_SECRET, "forged-secret-value",
                    valid, forged, expired, goodSignature.substring(7), badSignature.substring(7));
            for (String secret : secrets) {
                assertThat(lines).noneMatch(l -> l.contains(secret));
            }
            assertThat(ingress.server.config().toString()).doesNotContain(RunningIngress.MONDAY_SECRET)
                    .doesNotContain(RunningIngress.COEFFECTION_SECRET);
        } finally {
            root.detachAppender(captured);
            ingressLogger.setLevel(before);
        }
    }
}

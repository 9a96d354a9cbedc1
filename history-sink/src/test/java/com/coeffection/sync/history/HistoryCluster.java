package com.coeffection.sync.history;

import com.coeffection.sync.contract.DeadLetterHeaders;
import com.coeffection.sync.history.api.ApiTokens;
import com.coeffection.sync.schema.DeadLetter;
import com.coeffection.sync.schema.MondayCommandResult;
import com.coeffection.sync.schema.SyncHistoryEntry;
import com.coeffection.sync.serde.AvroSerializer;
import com.coeffection.sync.serde.SchemaRegistryClient;
import com.coeffection.sync.testkit.RealInfra;
import com.coeffection.sync.topics.SyncTopics;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import static org.awaitility.Awaitility.await;

/**
 * history-sink instances on the test JVM's real broker and registry, on topics of their own, with tokens for two
 * tenants and an operator; and what the processor and the sink would publish.
 */
final class HistoryCluster implements AutoCloseable {
    static final String ACME_TOKEN = "acme-support-token";
    static final String GLOBEX_TOKEN = "globex-support-token";
    static final String OPERATOR_TOKEN = "operator-token";
    static final ObjectMapper JSON = new ObjectMapper();

    final RealInfra infra;
    final SyncTopics topics;
    final String applicationId = "history-it-" + UUID.randomUUID().toString().substring(0, 8);
    final List<HistoryApp> instances = new ArrayList<>();
    final KafkaProducer<String, byte[]> producer;
    final SchemaRegistryClient registry;
    private final HttpClient http = HttpClient.newHttpClient();

    HistoryCluster(RealInfra infra) {
        this.infra = infra;
        String p = "h" + UUID.randomUUID().toString().substring(0, 6);
        this.topics = new SyncTopics(infra.uniqueTopic(p + "-changes", 4), infra.uniqueTopic(p + "-items", 4),
                infra.uniqueTopic(p + "-mappings", 1), infra.uniqueTopic(p + "-links", 4),
                infra.uniqueTopic(p + "-commands", 4), infra.uniqueTopic(p + "-results", 4),
                infra.uniqueTopic(p + "-updates", 4), infra.uniqueTopic(p + "-history-events", 4),
                p + "-history", infra.uniqueTopic(p + "-dlq", 4), infra.uniqueTopic(p + "-control", 4));
        infra.createTopic(topics.history(), 4, true);
        this.producer = new KafkaProducer<>(infra.producerConfig());
        this.registry = new SchemaRegistryClient(infra.schemaRegistryUrl());
    }

    HistoryConfig config(Duration retention, Duration check) {
        try {
            return new HistoryConfig(infra.bootstrapServers(), infra.schemaRegistryUrl(), topics, applicationId,
                    Files.createTempDirectory("history-instance"), "127.0.0.1", 0, retention, check, 0,
                    ApiTokens.of(Map.of("acme", ACME_TOKEN, "globex", GLOBEX_TOKEN), OPERATOR_TOKEN));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts {@code n} instances and waits until they share the partitions and run. */
    HistoryCluster start(int n) {
        for (int i = 0; i < n; i++) {
            instances.add(new HistoryApp(config(Duration.ofDays(30), Duration.ofMinutes(5)),
                    new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)).start());
        }
        await().atMost(Duration.ofSeconds(90)).until(() -> instances.stream().allMatch(HistoryApp::running)
                && instances.stream().allMatch(a -> owns(a)));
        return this;
    }

    private boolean owns(HistoryApp app) {
        for (int r = 0; r < 40; r++) {
            if (app.ownerPort("acme", "Contact", "r" + r) == app.port()) {
                return true;
            }
        }
        return false;
    }

    HistoryApp instance(int i) {
        return instances.get(i);
    }

    /** A record id of tenant acme whose entries instance {@code i} owns. */
    String recordOwnedBy(int i, int skip) {
        HistoryApp app = instance(i);
        int found = 0;
        for (int r = 0; r < 200; r++) {
            if (app.ownerPort("acme", "Contact", "r" + r) == app.port() && found++ == skip) {
                return "r" + r;
            }
        }
        throw new IllegalStateException("instance " + i + " owns no record");
    }

    void decided(SyncHistoryEntry entry) {
        send(topics.historyEvents(), entry.getEntryId(),
                new AvroSerializer<>(registry, SyncHistoryEntry.class).serialize(topics.historyEvents(), entry));
    }

    void reported(MondayCommandResult result) {
        send(topics.mondayResults(), result.getTenantId() + ":" + result.getEntityType() + ":" + result.getRecordId(),
                new AvroSerializer<>(registry, MondayCommandResult.class).serialize(topics.mondayResults(), result));
    }

    void deadLettered(String key, DeadLetter letter) {
        try {
            producer.send(new ProducerRecord<>(topics.deadLetters(), null, key,
                    new AvroSerializer<>(registry, DeadLetter.class).serialize(topics.deadLetters(), letter),
                    DeadLetterHeaders.kafkaHeaders(letter))).get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    void send(String topic, String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    record Answer(int status, JsonNode body) {
    }

    Answer get(int instance, String path, String token) {
        return answer(exchange(instance, "GET", path, token, null));
    }

    Answer post(int instance, String path, String token, String body) {
        return answer(exchange(instance, "POST", path, token, body));
    }

    private static Answer answer(Exchange e) {
        try {
            return new Answer(e.status(), e.body().isBlank() ? null : JSON.readTree(e.body()));
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** An answer as it came over the wire. */
    record Exchange(int status, String contentType, String body) {
    }

    /** Calls {@code method path} (path with its query) on instance {@code i}; a null body sends none. */
    Exchange exchange(int instance, String method, String path, String token, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(instance(instance).baseUrl() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Exchange(response.statusCode(), response.headers().firstValue("Content-Type").orElse(null),
                    response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        instances.forEach(HistoryApp::close);
        producer.close();
    }
}

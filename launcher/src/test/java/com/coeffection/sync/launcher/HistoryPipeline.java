package com.coeffection.sync.launcher;

import com.coeffection.sync.history.HistoryApp;
import com.coeffection.sync.history.HistoryConfig;
import com.coeffection.sync.monday.standin.MondayStandIn;
import com.coeffection.sync.schema.Actor;
import com.coeffection.sync.schema.ActorKind;
import com.coeffection.sync.schema.BoardMapping;
import com.coeffection.sync.schema.FieldChange;
import com.coeffection.sync.schema.RecordChange;
import com.coeffection.sync.schema.RecordOperation;
import com.coeffection.sync.serde.AvroSerializer;
import com.coeffection.sync.serde.SchemaRegistryClient;
import com.coeffection.sync.testkit.RealInfra;
import com.coeffection.sync.topics.RecordKeys;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The whole pipeline with history-sink for one test, on the shared real broker and registry and the monday stand-in
 * (own topics, groups, ports), and the history API as a support person calls it (operator token).
 */
final class HistoryPipeline implements AutoCloseable {
    static final String TOKEN = "e2e-operator-token";
    private static final ObjectMapper JSON = new ObjectMapper();

    final RealInfra infra;
    final Map<String, String> env;
    final LauncherConfig config;
    final SchemaRegistryClient registry;
    final Pipeline pipeline;
    final HistoryApp history;
    final MondayStandIn monday;
    final long contactBoard;
    private final HttpClient http = HttpClient.newHttpClient();

    HistoryPipeline(RealInfra infra, Path dataDir) {
        this.infra = infra;
        this.env = environment(infra, dataDir);
        this.config = LauncherConfig.from(env);
        this.registry = new SchemaRegistryClient(infra.schemaRegistryUrl());
        this.pipeline = Pipeline.start(config, env, new SimpleMeterRegistry());
        this.history = new HistoryApp(HistoryConfig.fromEnv(env).withPort(0), new SimpleMeterRegistry()).start();
        this.monday = pipeline.standIn().orElseThrow();
        List<BoardMapping> mappings = pipeline.publishMappings(BoardMappingFiles.load(Map.of(), true), config);
        this.contactBoard = mappings.stream().filter(m -> m.getEntityType().equals("Contact")).findFirst()
                .orElseThrow().getBoardId();
    }

    /** A contact created in Coeffection by Sarah. */
    void contactCreated(String eventId, String recordId, Instant at, FieldChange... fields) throws Exception {
        RecordChange change = RecordChange.newBuilder().setEventId(eventId).setTenantId("demo").setEntityType("Contact")
                .setRecordId(recordId).setOperation(RecordOperation.CREATE)
                .setActor(new Actor(ActorKind.USER, "usr_1", "Sarah", null)).setOccurredAt(at)
                .setFields(List.of(fields)).build();
        String topic = config.topics().recordChanges();
        try (var producer = new KafkaProducer<String, byte[]>(infra.producerConfig())) {
            producer.send(new ProducerRecord<>(topic, RecordKeys.recordKey("demo", "Contact", recordId),
                    new AvroSerializer<>(registry, RecordChange.class).serialize(topic, change))).get();
        }
    }

    /** The entry, or null while history-sink does not have it. */
    JsonNode entry(String entryId) throws Exception {
        HttpResponse<String> r = http.send(request("/api/v1/tenants/demo/entries/" + entryId).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
    }

    JsonNode get(String path) throws Exception {
        return JSON.readTree(http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    JsonNode post(String path, String body) throws Exception {
        return JSON.readTree(http.send(request(path).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(history.baseUrl() + path)).header("Authorization", "Bearer " + TOKEN);
    }

    private static Map<String, String> environment(RealInfra infra, Path dataDir) {
        Map<String, String> env = TestTopics.pipelineEnvironment(infra, dataDir, "hist" + System.nanoTime());
        env.put("MONDAY_SINK_MAX_ATTEMPTS", "2");
        env.put("MONDAY_SINK_BACKOFF_BASE_MS", "100");
        env.put("MONDAY_SINK_BACKOFF_MAX_MS", "200");
        env.put("HISTORY_OPERATOR_TOKEN", TOKEN);
        return env;
    }

    @Override
    public void close() {
        history.close();
        pipeline.close();
    }
}

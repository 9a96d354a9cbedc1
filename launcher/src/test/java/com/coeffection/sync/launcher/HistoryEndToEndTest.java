package com.coeffection.sync.launcher;

import com.coeffection.sync.history.HistoryApp;
import com.coeffection.sync.history.HistoryConfig;
import com.coeffection.sync.launcher.history.HistoryCommand;
import com.coeffection.sync.launcher.history.ReplayCommand;
import com.coeffection.sync.monday.standin.MondayStandIn;
import com.coeffection.sync.schema.Actor;
import com.coeffection.sync.schema.ActorKind;
import com.coeffection.sync.schema.BoardMapping;
import com.coeffection.sync.schema.CommandOutcome;
import com.coeffection.sync.schema.FieldChange;
import com.coeffection.sync.schema.MondayCommandResult;
import com.coeffection.sync.schema.RecordChange;
import com.coeffection.sync.schema.RecordOperation;
import com.coeffection.sync.serde.AvroDeserializer;
import com.coeffection.sync.serde.AvroSerializer;
import com.coeffection.sync.serde.SchemaRegistryClient;
import com.coeffection.sync.testkit.RealInfra;
import com.coeffection.sync.testkit.RealInfraExtension;
import com.coeffection.sync.topics.RecordKeys;
import com.coeffection.sync.values.FieldValues;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole pipeline with history-sink, on the real broker and registry with the monday stand-in: a write monday
 * refuses for good is in the record's history with monday's own message (and keeps its before/after and rule) and
 * its dead letter is replayed in bulk; a delivery that failed while monday had the board locked is retried from
 * the API twice and delivered once, and its entry shows the retry succeeded.
 */
@ExtendWith(RealInfraExtension.class)
class HistoryEndToEndTest {
    private static final String TOKEN = "e2e-operator-token";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dataDir;

    @Test
    void aRefusedWriteIsInTheRecordsHistoryItIsRetriedOnceAndItsDeadLetterReplayed(RealInfra infra) throws Exception {
        Map<String, String> env = environment(infra);
        LauncherConfig config = LauncherConfig.from(env);
        SchemaRegistryClient registry = new SchemaRegistryClient(infra.schemaRegistryUrl());
        try (Pipeline pipeline = Pipeline.start(config, env, new SimpleMeterRegistry());
             HistoryApp history = new HistoryApp(HistoryConfig.fromEnv(env).withPort(0), new SimpleMeterRegistry()).start()) {
            MondayStandIn monday = pipeline.standIn().orElseThrow();
            List<BoardMapping> mappings = pipeline.publishMappings(BoardMappingFiles.load(Map.of(), true), config);
            long board = mappings.stream().filter(m -> m.getEntityType().equals("Contact")).findFirst().orElseThrow().getBoardId();
            Instant t0 = Instant.now().minusSeconds(60);

            // a contact whose owner is a monday user monday does not know: monday refuses the write for good
            send(infra, registry, config, change("evt-bad-owner", "cnt_bad", t0,
                    new FieldChange("fullName", FieldValues.text("Grace Hopper"), t0),
                    new FieldChange("owner", FieldValues.person("ghost@example.com", "Ghost", 424242L), t0)));
            JsonNode refused = await().atMost(Duration.ofSeconds(90)).until(
                    () -> entry(history, "rc:evt-bad-owner"), e -> e != null && e.get("status").asText().equals("FAILED"));
            assertThat(refused.get("errorMessage").asText()).contains("does not exist in this account");
            assertThat(refused.get("requestId").isNull()).isFalse();
            JsonNode email = field(refused, "owner");
            assertThat(email.get("after").asText()).isEqualTo("Ghost <ghost@example.com>");
            assertThat(email.get("rule").isNull()).isFalse();
            assertThat(refused.get("rule").isNull()).isFalse();
            assertThat(refused.get("triggeredBy").get("name").asText()).isEqualTo("Sarah");
            JsonNode timeline = get(history, "/api/v1/tenants/demo/records/Contact/cnt_bad/history");
            assertThat(timeline.get("items").get(0).get("errorMessage").asText()).contains("does not exist in this account");

            // its dead letter is replayed in bulk: dry run, replay, the same request again replays nothing
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    get(history, "/api/v1/tenants/demo/dead-letters?errorCode=MONDAY_PERMANENT").get("items").size() >= 1);
            JsonNode dry = post(history, "/api/v1/tenants/demo/dead-letters/replay",
                    "{\"errorCode\":\"MONDAY_PERMANENT\",\"record\":\"demo:Contact:cnt_bad\"}");
            assertThat(dry.get("matched").asInt()).isEqualTo(1);
            String replay = "{\"requestId\":\"e2e-replay\",\"dryRun\":false,\"errorCode\":\"MONDAY_PERMANENT\","
                    + "\"record\":\"demo:Contact:cnt_bad\"}";
            assertThat(post(history, "/api/v1/tenants/demo/dead-letters/replay", replay).get("replayed").asInt()).isEqualTo(1);
            assertThat(post(history, "/api/v1/tenants/demo/dead-letters/replay", replay).get("replayed").asInt()).isZero();

            // a contact written while monday has the board locked: the sink gives up after its attempts
            monday.faults().lockBoard(board);
            send(infra, registry, config, change("evt-locked", "cnt_locked", t0.plusSeconds(1),
                    new FieldChange("fullName", FieldValues.text("Katherine Johnson"), t0.plusSeconds(1))));
            await().atMost(Duration.ofSeconds(90)).until(
                    () -> entry(history, "rc:evt-locked"), e -> e != null && e.get("status").asText().equals("FAILED"));
            monday.faults().unlockBoard(board);

            // Retry pressed twice: one resend, delivered once, shown succeeded
            JsonNode first = post(history, "/api/v1/tenants/demo/entries/rc:evt-locked/retry", "");
            JsonNode second = post(history, "/api/v1/tenants/demo/entries/rc:evt-locked/retry", "");
            assertThat(second.get("requestId").asText()).isEqualTo(first.get("requestId").asText());
            JsonNode retried = await().atMost(Duration.ofSeconds(90)).until(() -> entry(history, "rc:evt-locked"),
                    e -> e != null && e.get("retries").size() == 1
                            && e.get("retries").get(0).get("status").asText().equals("SUCCEEDED"));
            assertThat(retried.get("status").asText()).isEqualTo("RETRIED");
            assertThat(monday.items(board)).extracting(i -> i.name()).containsOnlyOnce("Katherine Johnson");
            JsonNode third = post(history, "/api/v1/tenants/demo/entries/rc:evt-locked/retry", "");
            assertThat(third.get("status").asText()).isEqualTo("SUCCEEDED");
            assertThat(third.get("alreadyRequested").asBoolean()).isTrue();
            var results = new AvroDeserializer<>(registry, MondayCommandResult.class);
            long deliveredRetries = infra.readAll(config.topics().mondayResults(), 100, Duration.ofSeconds(3)).stream()
                    .map(r -> results.deserialize(r.topic(), r.value()))
                    .filter(r -> r.getHistoryEntryId() != null && r.getHistoryEntryId().startsWith("ctl:retry:rc:evt-locked"))
                    .filter(r -> r.getOutcome() == CommandOutcome.DELIVERED).count();
            assertThat(deliveredRetries).isEqualTo(1);

            // the same from the command line, as readable tables
            Map<String, String> cli = Map.of("HISTORY_URL", history.baseUrl(), "HISTORY_TOKEN", TOKEN);
            java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
            int code = new picocli.CommandLine(new HistoryCommand(new java.io.PrintStream(printed, true), cli))
                    .execute("demo:Contact:cnt_locked");
            assertThat(code).isZero();
            assertThat(printed.toString()).contains("TIME (UTC)").contains("RETRIED (retry succeeded)")
                    .contains("Katherine Johnson").contains("rc:evt-locked");
            printed.reset();
            code = new picocli.CommandLine(new ReplayCommand(new java.io.PrintStream(printed, true), cli))
                    .execute("--tenant", "demo", "--error-code", "MONDAY_PERMANENT", "--since", "1h", "--dry-run");
            assertThat(code).isZero();
            assertThat(printed.toString()).contains("Dry run:").contains("MONDAY_PERMANENT");
        }
    }

    private static RecordChange change(String eventId, String recordId, Instant at, FieldChange... fields) {
        return RecordChange.newBuilder().setEventId(eventId).setTenantId("demo").setEntityType("Contact")
                .setRecordId(recordId).setOperation(RecordOperation.CREATE)
                .setActor(new Actor(ActorKind.USER, "usr_1", "Sarah", null)).setOccurredAt(at)
                .setFields(List.of(fields)).build();
    }

    private static JsonNode field(JsonNode entry, String name) {
        for (JsonNode f : entry.get("fields")) {
            if (f.get("field").asText().equals(name)) {
                return f;
            }
        }
        throw new AssertionError("no field " + name + " in " + entry);
    }

    private JsonNode entry(HistoryApp history, String entryId) throws Exception {
        HttpResponse<String> r = http.send(request(history, "/api/v1/tenants/demo/entries/" + entryId).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
    }

    private JsonNode get(HistoryApp history, String path) throws Exception {
        return JSON.readTree(http.send(request(history, path).GET().build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    private JsonNode post(HistoryApp history, String path, String body) throws Exception {
        return JSON.readTree(http.send(request(history, path).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    private static HttpRequest.Builder request(HistoryApp history, String path) {
        return HttpRequest.newBuilder(URI.create(history.baseUrl() + path)).header("Authorization", "Bearer " + TOKEN);
    }

    private Map<String, String> environment(RealInfra infra) {
        String run = "hist" + System.nanoTime();
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", infra.bootstrapServers());
        env.put("SCHEMA_REGISTRY_URL", infra.schemaRegistryUrl());
        env.put("SYNC_DATA_DIR", dataDir.resolve(run).toString());
        env.put("SYNC_TOPIC_PARTITIONS", "2");
        env.put("SYNC_GROUP_PREFIX", run);
        env.put("LOCAL_MONDAY_PORT", "0");
        env.put("INGRESS_PORT", "0");
        env.put("MONDAY_SINK_MAX_ATTEMPTS", "2");
        env.put("MONDAY_SINK_BACKOFF_BASE_MS", "100");
        env.put("MONDAY_SINK_BACKOFF_MAX_MS", "200");
        env.put("HISTORY_OPERATOR_TOKEN", TOKEN);
        env.putAll(TestTopics.prefixed(run));
        env.put("TOPIC_CONTROL", run + ".control");
        return env;
    }

    private static void send(RealInfra infra, SchemaRegistryClient registry, LauncherConfig config, RecordChange change)
            throws Exception {
        String topic = config.topics().recordChanges();
        try (var producer = new KafkaProducer<String, byte[]>(infra.producerConfig())) {
            producer.send(new ProducerRecord<>(topic, RecordKeys.recordKey("demo", "Contact", change.getRecordId()),
                    new AvroSerializer<>(registry, RecordChange.class).serialize(topic, change))).get();
        }
    }
}

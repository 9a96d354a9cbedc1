package com.coeffection.sync.launcher;

import com.coeffection.sync.monday.standin.MondayStandIn;
import com.coeffection.sync.monday.standin.StandInViews;
import com.coeffection.sync.schema.Actor;
import com.coeffection.sync.schema.ActorKind;
import com.coeffection.sync.schema.BoardMapping;
import com.coeffection.sync.schema.FieldChange;
import com.coeffection.sync.schema.RecordChange;
import com.coeffection.sync.schema.RecordOperation;
import com.coeffection.sync.schema.RecordUpdate;
import com.coeffection.sync.schema.SyncHistoryEntry;
import com.coeffection.sync.serde.AvroDeserializer;
import com.coeffection.sync.serde.AvroSerializer;
import com.coeffection.sync.serde.RecordDecoder;
import com.coeffection.sync.serde.SchemaRegistryClient;
import com.coeffection.sync.testkit.RealInfra;
import com.coeffection.sync.testkit.RealInfraExtension;
import com.coeffection.sync.topics.RecordKeys;
import com.coeffection.sync.values.FieldValues;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole product in one process on the real broker and registry, with the monday stand-in: what the embedded
 * default runs. A Coeffection change becomes a monday item on an automatically created board; a person's edit in
 * monday comes back as a record update; the pipeline's own writes are not synced back.
 */
@ExtendWith(RealInfraExtension.class)
class EndToEndSyncTest {
    /** When the contact was edited in Coeffection: well before the person edits it in monday. */
    private static final Instant T0 = Instant.parse("2024-04-15T14:02:00Z");

    @TempDir
    Path dataDir;

    @Test
    void aRecordChangeBecomesAnItemAndAPersonsEditComesBackAsARecordUpdate(RealInfra infra) throws Exception {
        Map<String, String> env = environment(infra, Map.of());
        LauncherConfig config = LauncherConfig.from(env);
        var registry = new SchemaRegistryClient(infra.schemaRegistryUrl());

        try (Pipeline pipeline = Pipeline.start(config, env, new SimpleMeterRegistry())) {
            MondayStandIn monday = pipeline.standIn().orElseThrow();
            List<BoardMapping> mappings = pipeline.publishMappings(BoardMappingFiles.load(Map.of(), true), config);
            long contactBoard = mappings.stream().filter(m -> m.getEntityType().equals("Contact")).findFirst().orElseThrow().getBoardId();

            // given a contact created in Coeffection
            send(infra, registry, config.topics().recordChanges(), RecordKeys.recordKey("demo", "Contact", "cnt_1"),
                    RecordChange.newBuilder().setEventId("evt-1").setTenantId("demo").setEntityType("Contact")
                            .setRecordId("cnt_1").setOperation(RecordOperation.CREATE)
                            .setActor(new Actor(ActorKind.USER, "usr_1", "Sarah", null)).setOccurredAt(T0)
                            .setFields(List.of(
                                    new FieldChange("fullName", FieldValues.text("Ada Lovelace"), T0),
                                    new FieldChange("email", FieldValues.email("ada@example.com"), T0),
                                    new FieldChange("title", FieldValues.text("Countess"), T0)))
                            .build());

            // then it appears on the contact board, with its Coeffection ID
            StandInViews.ItemView item = await().atMost(Duration.ofSeconds(90)).until(
                    () -> monday.items(contactBoard).stream().filter(i -> i.name().equals("Ada Lovelace")).findFirst(),
                    Optional::isPresent).orElseThrow();
            assertThat(item.values().get("coeffection_id").text()).isEqualTo("cnt_1");
            assertThat(item.values().get("email").text()).contains("ada@example.com");
            assertThat(item.values().get("job_title").text()).isEqualTo("Countess");

            // and linked to its record (the sink's result has come back through the processor)
            await().atMost(Duration.ofSeconds(60)).until(
                    () -> infra.readAll(config.topics().links(), 1, Duration.ofSeconds(2)).stream()
                            .anyMatch(r -> r.key().equals(RecordKeys.recordKey("demo", "Contact", "cnt_1")) && r.value() != null));

            // when a person changes the title in monday
            monday.asUser(60_000_002L).changeColumnValues(contactBoard, item.id(), Map.of("job_title", "\"Mathematician\""));

            // then Coeffection is asked to apply it, and only that: our own writes are not echoed back
            var decoder = new RecordDecoder<>(new AvroDeserializer<>(registry, RecordUpdate.class));
            List<RecordUpdate> updates;
            try {
                updates = await().atMost(Duration.ofSeconds(60)).until(
                        () -> infra.readAll(config.topics().recordUpdates(), 1, Duration.ofSeconds(2)).stream().map(decoder::decode).toList(),
                        list -> !list.isEmpty());
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                var history = new RecordDecoder<>(new AvroDeserializer<>(registry, SyncHistoryEntry.class));
                infra.readAll(config.topics().historyEvents(), 100, Duration.ofSeconds(5))
                        .forEach(r -> System.out.println("history: " + history.decode(r)));
                throw e;
            }
            assertThat(updates).hasSize(1);
            RecordUpdate update = updates.get(0);
            assertThat(update.getRecordId()).isEqualTo("cnt_1");
            assertThat(update.getFields()).extracting(FieldChange::getField).containsExactly("title");
            assertThat(update.getFields().get(0).getValue()).isEqualTo(FieldValues.text("Mathematician"));
        }
    }

    @Test
    void aSignedCoeffectionWebhookBecomesAnItemWithTypedValuesInItsStagesGroup(RealInfra infra) throws Exception {
        String secret = "whsec_e2e_test_secret";
        Map<String, String> env = environment(infra, Map.of("COEFFECTION_WEBHOOK_SECRET", secret));
        LauncherConfig config = LauncherConfig.from(env);

        try (Pipeline pipeline = Pipeline.start(config, env, new SimpleMeterRegistry())) {
            MondayStandIn monday = pipeline.standIn().orElseThrow();
            BoardMapping opportunities = pipeline.publishMappings(BoardMappingFiles.load(Map.of(), true), config).stream()
                    .filter(m -> m.getEntityType().equals("Opportunity")).findFirst().orElseThrow();
            String negotiationGroup = opportunities.getStages().stream().filter(st -> st.getStage().equals("Negotiation"))
                    .findFirst().orElseThrow().getGroupId();

            // given Coeffection's webhook for a created opportunity, signed with the shared secret
            String body = "{\"event\":\"opportunity.created\",\"tenantId\":\"demo\",\"timestamp\":\"2024-04-15T14:02:00Z\","
                    + "\"data\":{\"id\":\"opp_1\",\"name\":\"Globex renewal\",\"amount\":125000.50,"
                    + "\"closeDate\":\"2024-06-30\",\"stage\":\"Negotiation\"}}";
            String timestamp = Long.toString(Instant.now().getEpochSecond());
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
            String signature = java.util.HexFormat.of().formatHex(
                    mac.doFinal((timestamp + "." + body).getBytes(java.nio.charset.StandardCharsets.UTF_8)));

            // when it is delivered to the ingress
            var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create("http://127.0.0.1:" + pipeline.ingressPort() + "/webhooks/coeffection/demo"))
                    .header("Content-Type", "application/json").header("X-Coeffection-Timestamp", timestamp)
                    .header("X-Coeffection-Signature", "sha256=" + signature)
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);

            // then the opportunity is an item with exact number, date, stage label, in the stage's group
            StandInViews.ItemView item;
            try {
                item = await().atMost(Duration.ofSeconds(90)).until(
                        () -> monday.items(opportunities.getBoardId()).stream().filter(i -> i.name().equals("Globex renewal")).findFirst(),
                        found -> found.isPresent() && found.get().values().keySet().containsAll(List.of("amount", "close_date", "deal_stage")))
                        .orElseThrow();
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                System.out.println("items: " + monday.items(opportunities.getBoardId()));
                var history = new RecordDecoder<>(new AvroDeserializer<>(new SchemaRegistryClient(infra.schemaRegistryUrl()), SyncHistoryEntry.class));
                infra.readAll(config.topics().historyEvents(), 100, Duration.ofSeconds(5))
                        .forEach(r -> System.out.println("history: " + history.decode(r)));
                throw e;
            }
            assertThat(item.values().get("coeffection_id").text()).isEqualTo("opp_1");
            assertThat(item.values().get("amount").text()).isEqualTo("125000.50");
            assertThat(item.values().get("close_date").text()).isEqualTo("2024-06-30");
            assertThat(item.values().get("deal_stage").text()).isEqualTo("Working on it");
            assertThat(item.groupId()).isEqualTo(negotiationGroup);
        }
    }

    @Test
    void aRestartReusesTheAutoCreatedBoardsWhileMondayStillHasThem(RealInfra infra) {
        Map<String, String> env = environment(infra, Map.of());
        LauncherConfig config = LauncherConfig.from(env);

        try (Pipeline pipeline = Pipeline.start(config, env, new SimpleMeterRegistry())) {
            List<BoardMapping> first = pipeline.publishMappings(BoardMappingFiles.load(Map.of(), true), config);

            // the same mapping file published again, as on the next start, with monday keeping its boards
            List<BoardMapping> again = pipeline.publishMappings(BoardMappingFiles.load(Map.of(), true), config);

            assertThat(again).extracting(BoardMapping::getBoardId).containsExactlyElementsOf(
                    first.stream().map(BoardMapping::getBoardId).toList());
            assertThat(again.get(0).getStages()).isEqualTo(first.get(0).getStages());
            assertThat(pipeline.standIn().orElseThrow().boards()).hasSize(3);
        }

        // a restart on a new stand-in, which has none of those boards: they are created again there
        try (Pipeline restarted = Pipeline.start(config, env, new SimpleMeterRegistry())) {
            List<BoardMapping> recreated = restarted.publishMappings(BoardMappingFiles.load(Map.of(), true), config);

            MondayStandIn monday = restarted.standIn().orElseThrow();
            assertThat(monday.boards()).hasSize(3);
            assertThat(recreated).allSatisfy(m -> assertThat(monday.board(m.getBoardId())).isPresent());
        }
    }

    /** The pipeline's settings for one test: the shared broker and registry, its own topics, groups and ports. */
    private Map<String, String> environment(RealInfra infra, Map<String, String> extra) {
        Map<String, String> env = TestTopics.pipelineEnvironment(infra, dataDir, "e2e" + System.nanoTime());
        env.putAll(extra);
        return env;
    }

    private static void send(RealInfra infra, SchemaRegistryClient registry, String topic, String key, RecordChange change) throws Exception {
        try (var producer = new KafkaProducer<String, byte[]>(infra.producerConfig())) {
            producer.send(new ProducerRecord<>(topic, key, new AvroSerializer<>(registry, RecordChange.class).serialize(topic, change))).get();
        }
    }
}

package com.coeffection.sync.backfill;

import com.coeffection.sync.coeffection.standin.CoeffectionStandIn;
import com.coeffection.sync.coeffection.standin.CoeffectionStandInConfig;
import com.coeffection.sync.coeffection.standin.DemoData;
import com.coeffection.sync.coeffection.standin.Plan;
import com.coeffection.sync.coeffection.standin.RecordStore;
import com.coeffection.sync.contract.DeadLetterHeaders;
import com.coeffection.sync.schema.BoardMapping;
import com.coeffection.sync.schema.DeadLetter;
import com.coeffection.sync.schema.EmailValue;
import com.coeffection.sync.schema.FieldChange;
import com.coeffection.sync.schema.FieldMapping;
import com.coeffection.sync.schema.PersonValue;
import com.coeffection.sync.schema.RecordChange;
import com.coeffection.sync.schema.StatusValue;
import com.coeffection.sync.schema.SyncDirection;
import com.coeffection.sync.serde.AvroDeserializer;
import com.coeffection.sync.serde.SchemaRegistryClient;
import com.coeffection.sync.testkit.MovableClock;
import com.coeffection.sync.testkit.RealInfra;
import com.coeffection.sync.testkit.RealInfraExtension;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Backfill from the Coeffection stand-in's API into a real broker through the real registry. */
@ExtendWith(RealInfraExtension.class)
class BackfillTest {
    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-01T09:00:00.250Z"));
    private RealInfra infra;
    private CoeffectionStandIn coeffection;
    private KafkaProducer<String, byte[]> producer;
    private SchemaRegistryClient registry;
    private ProgressStore progress;
    private String changesTopic;
    private String dlqTopic;

    @BeforeEach
    void setUp(RealInfra infra) {
        this.infra = infra;
        changesTopic = infra.uniqueTopic("changes", 4);
        dlqTopic = infra.uniqueTopic("dlq", 1);
        producer = new KafkaProducer<>(infra.producerConfig(), new StringSerializer(), new ByteArraySerializer());
        registry = new SchemaRegistryClient(infra.schemaRegistryUrl());
        progress = new ProgressStore(infra.bootstrapServers(), infra.uniqueTopic("backfill-progress", 1));
    }

    @AfterEach
    void tearDown() {
        producer.close();
        progress.close();
        if (coeffection != null) {
            coeffection.close();
        }
    }

    private void startCoeffection(Plan plan, int contacts) {
        coeffection = new CoeffectionStandIn(CoeffectionStandInConfig.defaults().withPlan(plan)
                .withDemo(new DemoData.Size(contacts, 0, 0)), clock).start();
    }

    private Backfill backfill(int pageSize, Clock apiClock, CoeffectionApiClient.Sleeper sleeper) {
        CoeffectionApiClient api = new CoeffectionApiClient(coeffection.apiUrl(), coeffection.apiKey(), apiClock, sleeper, 4);
        return new Backfill(new Backfill.Settings(changesTopic, dlqTopic, pageSize, Duration.ofSeconds(5)), api,
                producer, registry, progress, Pacer.NONE, new SimpleMeterRegistry(), Clock.systemUTC());
    }

    @Test
    void sendsEveryRecordOnceWithItsOwnUpdateTimeAndTypedValues() throws Exception {
        startCoeffection(Plan.ENTERPRISE, 230);

        Backfill.Result result = backfill(100, clock, clock::advance).run(contactMapping(7L), p -> { });

        List<RecordChange> changes = read(changesTopic, 230);
        assertThat(result.sent()).isEqualTo(230);
        assertThat(changes).extracting(RecordChange::getRecordId).doesNotHaveDuplicates().hasSize(230);
        RecordChange first = changes.stream().filter(c -> c.getRecordId().equals("cnt_DEMO00000")).findFirst().orElseThrow();
        ObjectNode record = coeffection.records().get("demo", "Contact", "cnt_DEMO00000").orElseThrow();
        Instant updatedAt = Instant.parse(record.path("updatedAt").asText());
        assertThat(first.getFields()).extracting(FieldChange::getChangedAt).containsOnly(updatedAt);
        Map<String, Object> values = new HashMap<>();
        first.getFields().forEach(f -> values.put(f.getField(), f.getValue().getValue()));
        assertThat(values.get("email")).isInstanceOf(EmailValue.class);
        assertThat(values.get("owner")).isInstanceOf(PersonValue.class);
        assertThat(values.get("status")).isInstanceOf(StatusValue.class);
        assertThat(first.getEventId()).isEqualTo("backfill:Contact:cnt_DEMO00000:" + updatedAt.toEpochMilli());
    }

    @Test
    void staysWithinThePlansRateLimitByWaitingAsLongAsCoeffectionSays() throws Exception {
        startCoeffection(Plan.STARTER, 700);
        List<Duration> waits = new ArrayList<>();

        Backfill.Result result = backfill(10, clock, d -> {
            waits.add(d);
            clock.advance(d);
        }).run(contactMapping(7L), p -> { });

        assertThat(result.sent()).isEqualTo(700);
        // 71 pages at 60 requests a minute: the 61st request waited for the next minute, once
        assertThat(waits).hasSize(1);
        assertThat(waits.get(0)).isBetween(Duration.ofSeconds(59), Duration.ofSeconds(60));
        assertThat(read(changesTopic, 700)).extracting(RecordChange::getRecordId).doesNotHaveDuplicates();
    }

    @Test
    void resumesFromItsCheckpointAfterAStopAndIsNotRunAgainOnceFinished() throws Exception {
        startCoeffection(Plan.ENTERPRISE, 500);
        AtomicInteger pages = new AtomicInteger();

        assertThatThrownBy(() -> backfill(50, clock, clock::advance).run(contactMapping(7L), p -> {
            if (pages.incrementAndGet() == 4) {
                throw new IllegalStateException("stopped in the middle");
            }
        })).hasMessageContaining("stopped in the middle");
        Backfill.Result resumed = backfill(50, clock, clock::advance).run(contactMapping(7L), p -> { });
        Backfill.Result again = backfill(50, clock, clock::advance).run(contactMapping(7L), p -> { });

        assertThat(resumed.resumedFrom()).isEqualTo(200);
        assertThat(resumed.sent()).isEqualTo(300);
        assertThat(again.alreadyDone()).isTrue();
        Set<String> ids = new HashSet<>();
        read(changesTopic, 500).forEach(c -> ids.add(c.getRecordId()));
        assertThat(ids).hasSize(500);
    }

    @Test
    void aNewBoardIsBackfilledAgainFromTheStart() throws Exception {
        startCoeffection(Plan.ENTERPRISE, 40);
        backfill(100, clock, clock::advance).run(contactMapping(7L), p -> { });

        Backfill.Result forNewBoard = backfill(100, clock, clock::advance).run(contactMapping(8L), p -> { });

        assertThat(forNewBoard.alreadyDone()).isFalse();
        assertThat(forNewBoard.sent()).isEqualTo(40);
    }

    @Test
    void aValueThatDoesNotFitItsTypeIsADeadLetterOfItsOwnAndTheOtherFieldsGoThrough() throws Exception {
        startCoeffection(Plan.ENTERPRISE, 3);
        ObjectNode bad = JsonNodeFactory.instance.objectNode();
        bad.putObject("email").put("not", "an email");
        coeffection.records().patch("demo", "Contact", "cnt_DEMO00001", bad, RecordStore.Actor.API, null);

        Backfill.Result result = backfill(100, clock, clock::advance).run(contactMapping(7L), p -> { });

        assertThat(result.fieldsRejected()).isEqualTo(1);
        RecordChange change = read(changesTopic, 3).stream().filter(c -> c.getRecordId().equals("cnt_DEMO00001"))
                .findFirst().orElseThrow();
        assertThat(change.getFields()).extracting(FieldChange::getField).contains("fullName", "phone").doesNotContain("email");
        ConsumerRecord<String, byte[]> letter = infra.readAll(dlqTopic, 1, Duration.ofSeconds(30)).get(0);
        DeadLetter decoded = new AvroDeserializer<>(registry, DeadLetter.class).deserialize(dlqTopic, letter.value());
        assertThat(decoded.getErrorType()).isEqualTo("FIELD_TYPE_MISMATCH");
        assertThat(decoded.getReason()).contains("email").contains("cnt_DEMO00001");
        assertThat(DeadLetterHeaders.read(letter.headers(), DeadLetterHeaders.PART)).isEqualTo("backfill");
    }

    @Test
    void aRefusedKeyStopsWithAMessageThatSaysWhatToFix() {
        startCoeffection(Plan.ENTERPRISE, 3);
        CoeffectionApiClient api = new CoeffectionApiClient(coeffection.apiUrl(), "ck_live_revoked");
        Backfill backfill = new Backfill(Backfill.Settings.defaults(changesTopic, dlqTopic), api, producer, registry,
                progress, Pacer.NONE, new SimpleMeterRegistry(), Clock.systemUTC());

        assertThatThrownBy(() -> backfill.run(contactMapping(7L), p -> { }))
                .isInstanceOf(CoeffectionApiException.class).hasMessageContaining("COEFFECTION_API_KEY")
                .hasMessageNotContaining("ck_live_revoked");
    }

    private List<RecordChange> read(String topic, int expected) {
        AvroDeserializer<RecordChange> d = new AvroDeserializer<>(registry, RecordChange.class);
        return infra.readAll(topic, expected, Duration.ofSeconds(60)).stream().map(r -> d.deserialize(topic, r.value())).toList();
    }

    static BoardMapping contactMapping(long boardId) {
        List<FieldMapping> fields = List.of(
                field("fullName", "text", "name", "name"), field("email", "email", "email", "email"),
                field("phone", "phone", "phone", "phone"), field("title", "text", "job_title", "text"),
                field("owner", "person", "owner", "people"));
        return BoardMapping.newBuilder().setTenantId("demo").setEntityType("Contact").setBoardId(boardId)
                .setAutoCreate(true).setBoardName("Coeffection — Contacts").setWorkspaceId(null)
                .setItemNameField("fullName").setFields(fields).setStageField("status")
                .setStatusColumnId("contact_status").setStageDirection(SyncDirection.TWO_WAY).setStages(List.of())
                .setLabelDefaultStages(Map.of()).setMatchOnConnect(false).setArchiveOnDelete(false).setVersion(1L)
                .setUpdatedAt(Instant.now()).build();
    }

    private static FieldMapping field(String field, String type, String column, String columnType) {
        return FieldMapping.newBuilder().setField(field).setFieldType(type).setColumnId(column).setColumnType(columnType)
                .setColumnTitle(null).setDirection(SyncDirection.TWO_WAY).build();
    }
}

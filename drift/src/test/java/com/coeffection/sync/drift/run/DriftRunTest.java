package com.coeffection.sync.drift.run;

import com.coeffection.sync.backfill.CoeffectionApiClient;
import com.coeffection.sync.backfill.ProgressStore;
import com.coeffection.sync.coeffection.standin.CoeffectionStandIn;
import com.coeffection.sync.coeffection.standin.CoeffectionStandInConfig;
import com.coeffection.sync.coeffection.standin.DemoData;
import com.coeffection.sync.coeffection.standin.RecordStore;
import com.coeffection.sync.drift.report.DriftMetrics;
import com.coeffection.sync.drift.report.DriftReport;
import com.coeffection.sync.drift.report.ReportWriter;
import com.coeffection.sync.monday.graphql.MondayClient;
import com.coeffection.sync.monday.graphql.MondayClientConfig;
import com.coeffection.sync.monday.graphql.Operations;
import com.coeffection.sync.monday.standin.MondayStandIn;
import com.coeffection.sync.monday.standin.StandInConfig;
import com.coeffection.sync.schema.BoardMapping;
import com.coeffection.sync.schema.ControlKind;
import com.coeffection.sync.schema.FieldChange;
import com.coeffection.sync.schema.FieldMapping;
import com.coeffection.sync.schema.Link;
import com.coeffection.sync.schema.LinkSource;
import com.coeffection.sync.schema.RecordChange;
import com.coeffection.sync.schema.SyncControl;
import com.coeffection.sync.schema.SyncDirection;
import com.coeffection.sync.serde.AvroDeserializer;
import com.coeffection.sync.serde.AvroSerializer;
import com.coeffection.sync.serde.SchemaRegistryClient;
import com.coeffection.sync.testkit.MovableClock;
import com.coeffection.sync.testkit.RealInfra;
import com.coeffection.sync.testkit.RealInfraExtension;
import com.coeffection.sync.topics.SyncTopics;
import com.coeffection.sync.values.FieldValues;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Drift runs against both stand-ins (monday's GraphQL API and Coeffection's REST API) and the real broker and
 * registry: edits made on monday and in Coeffection while no webhook reaches the pipeline are found field by field
 * and published as observations with each side's own time; a dry run counts the same and publishes nothing; a run
 * resumes after a stop; a second runner of the same board fences the first.
 */
@ExtendWith(RealInfraExtension.class)
class DriftRunTest {
    static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");
    static final String TENANT = "demo";

    final MovableClock clock = new MovableClock(T0);
    RealInfra infra;
    MondayStandIn monday;
    CoeffectionStandIn coeffection;
    MondayClient client;
    SchemaRegistryClient registry;
    KafkaProducer<String, byte[]> producer;
    ProgressStore progress;
    DriftSettings settings;
    BoardMapping mapping;
    long board;
    MondayStandIn.AsUser person;
    final Map<String, Long> itemOf = new LinkedHashMap<>();

    @BeforeEach
    void aBoardAndItsRecordsInSync(RealInfra infra) {
        this.infra = infra;
        monday = MondayStandIn.start(StandInConfig.defaults(), clock);
        coeffection = new CoeffectionStandIn(CoeffectionStandInConfig.defaults().withDemo(new DemoData.Size(0, 0, 0)),
                clock).start();
        client = new MondayClient(MondayClientConfig.of(monday.apiUrl(), monday.token())
                .withAssumedBudget(monday.config().budgetPerWindow()));
        registry = new SchemaRegistryClient(infra.schemaRegistryUrl());
        producer = new KafkaProducer<>(infra.producerConfig(), new StringSerializer(), new ByteArraySerializer());
        String links = infra.uniqueTopic("links", 1);
        SyncTopics topics = new SyncTopics(infra.uniqueTopic("changes", 3), "items", "mappings", links, "commands",
                "results", "updates", "history-events", "history", "dlq", infra.uniqueTopic("control", 3));
        settings = DriftSettings.defaults(topics).withProgressTopic(infra.uniqueTopic("drift-progress", 1))
                .withPages(4, 500).withBudgetShare(0.5);
        progress = new ProgressStore(infra.bootstrapServers(), settings.progressTopic());
        board = client.execute(new Operations.CreateBoard("Contacts", "public", null, null, null)).id();
        client.execute(new Operations.CreateColumn(board, "Email", "email", "email", null, null));
        client.execute(new Operations.CreateColumn(board, "Phone", "phone", "phone", null, null));
        client.execute(new Operations.CreateColumn(board, "Title", "text", "job_title", null, null));
        mapping = mapping(board);
        person = monday.asUser(monday.config().users().get(0).id());
        // ten contacts, each on both sides with the same values, linked
        for (int i = 1; i <= 10; i++) {
            String id = "cnt_" + i;
            ObjectNode r = contact(id, "Person " + i, "person" + i + "@example.com", "+1415555010" + (i % 10), "Engineer");
            coeffection.records().create(TENANT, "Contact", r, RecordStore.Actor.API, true);
            long item = person.createItem(board, "Person " + i, null, Map.of(
                    "email", "{\"email\":\"person" + i + "@example.com\",\"text\":\"person" + i + "@example.com\"}",
                    "phone", "{\"phone\":\"+1415555010" + (i % 10) + "\",\"countryShortName\":\"US\"}",
                    "job_title", "\"Engineer\"")).id();
            itemOf.put(id, item);
            link(links, id, item);
        }
    }

    @AfterEach
    void stop() {
        producer.close();
        progress.close();
        client.close();
        monday.close();
        coeffection.close();
    }

    @Test
    @DisplayName("Given edits on both sides that no webhook brought, when a run reads both, then it publishes each drifted field as an observation of each side at its own time, and counts by kind; a dry run counts the same and publishes nothing")
    void oneRunObservesEveryDifferenceWithItsOwnTime() throws Exception {
        whileNoWebhookReachesThePipeline();
        clock.advance(Duration.ofMinutes(30));
        Instant readAt = clock.instant();

        DriftReport dry = run(true);
        assertThat(committed(settings.topics().control())).isEmpty();
        assertThat(committed(settings.topics().recordChanges())).isEmpty();

        DriftReport real = run(false);

        for (DriftReport r : List.of(dry, real)) {
            assertThat(r.items()).isEqualTo(10);
            assertTheOutagesCounts(r);
        }
        assertThat(dry.dryRun()).isTrue();
        assertThat(dry.published()).isEqualTo(real.published()).isEqualTo(9);
        assertThat(real.mondayCalls()).isEqualTo(1);

        Map<String, List<SyncControl>> byRecord = controls().stream()
                .collect(Collectors.groupingBy(SyncControl::getRecordId, LinkedHashMap::new, Collectors.toList()));
        assertThat(byRecord).containsOnlyKeys("cnt_1", "cnt_2", "cnt_3", "cnt_4");
        byRecord.values().forEach(requests -> assertThat(requests).extracting(SyncControl::getKind)
                .containsExactly(ControlKind.OBSERVED_MONDAY, ControlKind.OBSERVED_COEFFECTION));
        // cnt_1: email changed on monday at T0+10min (its changed_at) against the record's T0
        assertObserved(byRecord.get("cnt_1"), "email", mondayEmail("new1@example.com"), T0.plusSeconds(600),
                FieldValues.email("person1@example.com"), T0);
        // cnt_2: title changed on monday; a text column carries no change time, so the read time
        assertObserved(byRecord.get("cnt_2"), "title", FieldValues.text("Head of Sales"), readAt,
                FieldValues.text("Engineer"), T0);
        // cnt_3: phone changed in Coeffection at T0+20min; monday's phone shows its value since T0
        assertObserved(byRecord.get("cnt_3"), "phone", FieldValues.phone("+14155550103", "US"), T0,
                FieldValues.phone("+14155559999", null), T0.plusSeconds(1200));
        // cnt_4: both sides edited the email: monday at +15min, Coeffection at +25min
        assertObserved(byRecord.get("cnt_4"), "email", mondayEmail("monday4@example.com"), T0.plusSeconds(900),
                FieldValues.email("coeff4@example.com"), T0.plusSeconds(1500));

        // what the conflict rules give (most recent wins per field, per side's time)
        assertThat(winners(byRecord)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "cnt_1/email", mondayEmail("new1@example.com"),
                "cnt_2/title", FieldValues.text("Head of Sales"),
                "cnt_3/phone", FieldValues.phone("+14155559999", null),
                "cnt_4/email", FieldValues.email("coeff4@example.com")));

        // the record with no item goes through the pipeline as a record change (matching decides), not a creation
        List<RecordChange> changes = decode(committed(settings.topics().recordChanges()), RecordChange.class,
                settings.topics().recordChanges());
        assertThat(changes).singleElement().satisfies(c -> {
            assertThat(c.getRecordId()).isEqualTo("cnt_new");
            assertThat(c.getFields()).extracting(FieldChange::getField).contains("fullName", "email");
        });
        assertThat(ReportWriter.read(ReportWriter.json(real))).isEqualTo(real);
    }

    @Test
    @DisplayName("Given the pipeline brought both sides to the values the rules give, when a second run reads them, then it finds no field drift and publishes no observation")
    void aSecondRunAfterTheRepairFindsNothing() throws Exception {
        whileNoWebhookReachesThePipeline();
        clock.advance(Duration.ofMinutes(30));
        run(false);
        Map<String, List<SyncControl>> byRecord = controls().stream()
                .collect(Collectors.groupingBy(SyncControl::getRecordId, LinkedHashMap::new, Collectors.toList()));
        int before = controls().size();
        // the pipeline's writes of the winners (what the processor sends, delivered by the sink and by Coeffection)
        person.changeColumnValues(board, itemOf.get("cnt_3"), Map.of("phone",
                "{\"phone\":\"+14155559999\",\"countryShortName\":\"US\"}"));
        patch("cnt_1", "email", "new1@example.com");
        patch("cnt_2", "title", "Head of Sales");
        person.changeColumnValues(board, itemOf.get("cnt_4"), Map.of("email",
                "{\"email\":\"coeff4@example.com\",\"text\":\"coeff4@example.com\"}"));
        assertThat(winners(byRecord)).hasSize(4);
        clock.advance(Duration.ofMinutes(60));

        DriftReport second = run(false);

        assertThat(second.fieldDrift()).isEmpty();
        assertThat(second.driftedRecords()).isZero();
        assertThat(second.inSync()).isEqualTo(8);
        assertThat(controls()).hasSize(before);
    }

    @Test
    @DisplayName("Given a run stopped after its second page, when it runs again, then it resumes from its checkpoint with the same run id, every drifted record is observed once, and its report counts the whole run")
    void aStoppedRunResumesFromItsCheckpoint() throws Exception {
        whileNoWebhookReachesThePipeline();
        clock.advance(Duration.ofMinutes(30));

        assertThatThrownBy(() -> newRun().run(mapping, false, next -> {
            if (next == 8) {
                throw new IllegalStateException("stopped in the middle");
            }
        })).hasMessageContaining("stopped in the middle");
        clock.advance(Duration.ofMinutes(1));
        DriftReport resumed = run(false);

        assertThat(resumed.resumedFrom()).isEqualTo(8);
        assertThat(resumed.runId()).isEqualTo("Contact-" + board + "-" + T0.plusSeconds(3300).toEpochMilli());
        // the report covers the whole run: the counts up to the checkpoint were kept in it
        assertTheOutagesCounts(resumed);
        assertThat(controls()).extracting(SyncControl::getRequestId).doesNotHaveDuplicates().hasSize(8);
        assertThat(run(false).resumedFrom()).isZero();
    }

    @Test
    @DisplayName("Given a run of a board in progress, when a second runner of the same board starts, then the first is fenced at its next page and stops, and only the second publishes from then on")
    void aSecondRunnerOfTheSameBoardFencesTheFirst() throws Exception {
        whileNoWebhookReachesThePipeline();
        clock.advance(Duration.ofMinutes(30));
        List<Publisher> second = new ArrayList<>();

        DriftReport first = newRun().run(mapping, false, next -> {
            if (next == 4) {
                second.add(DriftRun.fenced(infra.bootstrapServers(), settings).open(mapping));
            }
        });

        assertThat(first.fenced()).isTrue();
        assertThat(first.summary()).contains("another runner took over");
        // only the first page (cnt_1 .. cnt_4, four drifted records) was committed by the first runner
        assertThat(controls()).extracting(SyncControl::getRecordId).containsOnly("cnt_1", "cnt_2", "cnt_3", "cnt_4");
        Publisher taker = second.get(0);
        taker.send(settings.topics().control(), "k", new byte[] {0});
        taker.commitPage();
        assertThat(taker.published()).isEqualTo(1);
        taker.close();
    }

    // ------------------------------------------------------------------ the edits nobody heard of

    /**
     * No webhook is registered on either stand-in, so none of these reaches the pipeline: the situation after an
     * ingress outage longer than monday's retry window.
     */
    private void whileNoWebhookReachesThePipeline() {
        clock.advance(Duration.ofMinutes(10));
        person.changeColumnValues(board, itemOf.get("cnt_1"), Map.of("email",
                "{\"email\":\"new1@example.com\",\"text\":\"new1@example.com\"}"));
        person.changeColumnValues(board, itemOf.get("cnt_2"), Map.of("job_title", "\"Head of Sales\""));
        clock.advance(Duration.ofMinutes(5));
        person.changeColumnValues(board, itemOf.get("cnt_4"), Map.of("email",
                "{\"email\":\"monday4@example.com\",\"text\":\"monday4@example.com\"}"));
        clock.advance(Duration.ofMinutes(5));
        patch("cnt_3", "phone", "+14155559999");
        clock.advance(Duration.ofMinutes(5));
        patch("cnt_4", "email", "coeff4@example.com");
        // a record created while disconnected (no item, no link), an item no record links to,
        // an item linked to a record deleted in Coeffection, and a record whose item was deleted on monday
        coeffection.records().create(TENANT, "Contact", contact("cnt_new", "New Person", "newp@example.com",
                "+14155550200", "Buyer"), RecordStore.Actor.API, true);
        person.createItem(board, "Made on monday", null, Map.of());
        coeffection.records().delete(TENANT, "Contact", "cnt_9", RecordStore.Actor.API);
        person.deleteItem(itemOf.get("cnt_10"));
    }

    /** monday's email value as read: the address and its display text. */
    private static com.coeffection.sync.schema.FieldValue mondayEmail(String address) {
        return new com.coeffection.sync.schema.FieldValue(new com.coeffection.sync.schema.EmailValue(address, address));
    }

    private void patch(String id, String field, String value) {
        ObjectNode fields = JsonNodeFactory.instance.objectNode().put(field, value);
        coeffection.records().patch(TENANT, "Contact", id, fields, RecordStore.Actor.API, null);
    }

    // ------------------------------------------------------------------ helpers

    private DriftRun newRun() {
        CoeffectionApiClient api = new CoeffectionApiClient(coeffection.apiUrl(), coeffection.apiKey(), clock,
                clock::advance, 4);
        return new DriftRun(settings, client, api, registry, infra.bootstrapServers(), progress,
                DriftRun.fenced(infra.bootstrapServers(), settings), new BudgetShare(settings.budgetShare(), clock,
                clock::advance), new DriftMetrics(new SimpleMeterRegistry()), clock);
    }

    private DriftReport run(boolean dryRun) throws InterruptedException {
        return newRun().run(mapping, dryRun);
    }

    /** The counts of a whole run over the edits of {@link #whileNoWebhookReachesThePipeline}. */
    private static void assertTheOutagesCounts(DriftReport r) {
        assertThat(r.records()).isEqualTo(10);
        assertThat(r.compared()).isEqualTo(8);
        assertThat(r.driftedRecords()).isEqualTo(4);
        assertThat(r.inSync()).isEqualTo(4);
        assertThat(r.fieldDrift()).containsExactlyInAnyOrderEntriesOf(Map.of("email", 2, "title", 1, "phone", 1));
        assertThat(r.unlinkedRecords()).isEqualTo(1);
        assertThat(r.missingItems()).isEqualTo(1);
        assertThat(r.unlinkedItems()).isEqualTo(1);
        assertThat(r.missingRecords()).isEqualTo(1);
    }

    private static void assertObserved(List<SyncControl> requests, String field, Object mondayValue, Instant mondayAt,
                                       Object coeffectionValue, Instant coeffectionAt) {
        assertThat(requests.get(0).getObserved()).containsExactly(
                new FieldChange(field, (com.coeffection.sync.schema.FieldValue) mondayValue, mondayAt));
        assertThat(requests.get(1).getObserved()).containsExactly(
                new FieldChange(field, (com.coeffection.sync.schema.FieldValue) coeffectionValue, coeffectionAt));
    }

    /** Per record and field, the newer of the two observations (Coeffection first on a tie): the rules' winner. */
    private static Map<String, Object> winners(Map<String, List<SyncControl>> byRecord) {
        Map<String, Object> winners = new LinkedHashMap<>();
        byRecord.forEach((record, requests) -> {
            FieldChange m = requests.get(0).getObserved().get(0);
            FieldChange c = requests.get(1).getObserved().get(0);
            FieldChange winner = List.of(c, m).stream().max(Comparator.comparing(FieldChange::getChangedAt)).orElseThrow();
            winners.put(record + "/" + m.getField(), m.getChangedAt().isAfter(c.getChangedAt()) ? m.getValue() : c.getValue());
            assertThat(winner).isNotNull();
        });
        return winners;
    }

    private List<SyncControl> controls() {
        return decode(committed(settings.topics().control()), SyncControl.class, settings.topics().control());
    }

    private <T extends org.apache.avro.specific.SpecificRecord> List<T> decode(List<ConsumerRecord<String, byte[]>> records,
                                                                            Class<T> type, String topic) {
        AvroDeserializer<T> d = new AvroDeserializer<>(registry, type);
        return records.stream().filter(r -> r.value().length > 1).map(r -> d.deserialize(topic, r.value())).toList();
    }

    /** Everything committed on a topic, in partition order (read_committed, to the end). */
    private List<ConsumerRecord<String, byte[]>> committed(String topic) {
        List<ConsumerRecord<String, byte[]>> all = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(200)).forEach(all::add);
            }
        }
        return all;
    }

    private void link(String topic, String recordId, long item) {
        Link link = Link.newBuilder().setTenantId(TENANT).setEntityType("Contact").setRecordId(recordId).setBoardId(board)
                .setItemId(item).setSource(LinkSource.ITEM_CREATED).setConfidence(null).setLinkedAt(T0).build();
        try {
            producer.send(new ProducerRecord<>(topic, TENANT + ":Contact:" + recordId,
                    new AvroSerializer<>(registry, Link.class).serialize(topic, link))).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode contact(String id, String name, String email, String phone, String title) {
        return JsonNodeFactory.instance.objectNode().put("id", id).put("fullName", name).put("email", email)
                .put("phone", phone).put("title", title).put("createdAt", T0.toString()).put("updatedAt", T0.toString());
    }

    static BoardMapping mapping(long boardId) {
        List<FieldMapping> fields = List.of(field("fullName", "text", "name", "name"),
                field("email", "email", "email", "email"), field("phone", "phone", "phone", "phone"),
                field("title", "text", "job_title", "text"));
        return BoardMapping.newBuilder().setTenantId(TENANT).setEntityType("Contact").setBoardId(boardId)
                .setAutoCreate(false).setBoardName("Contacts").setWorkspaceId(null).setItemNameField("fullName")
                .setFields(fields).setStageField(null).setStatusColumnId(null).setStageDirection(SyncDirection.TWO_WAY)
                .setStages(List.of()).setLabelDefaultStages(Map.of()).setMatchOnConnect(false).setArchiveOnDelete(false)
                .setVersion(1L).setUpdatedAt(T0).build();
    }

    private static FieldMapping field(String field, String type, String column, String columnType) {
        return FieldMapping.newBuilder().setField(field).setFieldType(type).setColumnId(column).setColumnType(columnType)
                .setColumnTitle(null).setDirection(SyncDirection.TWO_WAY).build();
    }
}

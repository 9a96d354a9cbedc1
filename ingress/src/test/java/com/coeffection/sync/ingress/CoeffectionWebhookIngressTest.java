package com.coeffection.sync.ingress;

import com.coeffection.sync.ingress.RunningIngress.Read;
import com.coeffection.sync.ingress.coeffection.CoeffectionSignature;
import com.coeffection.sync.schema.ActorKind;
import com.coeffection.sync.schema.BoardMapping;
import com.coeffection.sync.schema.BooleanValue;
import com.coeffection.sync.schema.DateTimeValue;
import com.coeffection.sync.schema.DateValue;
import com.coeffection.sync.schema.DeadLetter;
import com.coeffection.sync.schema.EmailValue;
import com.coeffection.sync.schema.FieldChange;
import com.coeffection.sync.schema.FieldMapping;
import com.coeffection.sync.schema.FieldValue;
import com.coeffection.sync.schema.LinkValue;
import com.coeffection.sync.schema.NumberValue;
import com.coeffection.sync.schema.OptionsValue;
import com.coeffection.sync.schema.PersonValue;
import com.coeffection.sync.schema.PhoneValue;
import com.coeffection.sync.schema.RecordChange;
import com.coeffection.sync.schema.RecordOperation;
import com.coeffection.sync.schema.StatusValue;
import com.coeffection.sync.schema.SyncDirection;
import com.coeffection.sync.schema.TextValue;
import com.coeffection.sync.serde.AvroSerializer;
import com.coeffection.sync.serde.SchemaRegistryClient;
import com.coeffection.sync.testkit.RealInfra;
import com.coeffection.sync.testkit.RealInfraExtension;
import com.coeffection.sync.topics.RecordKeys;
import com.coeffection.sync.topics.SyncTopics;
import com.coeffection.sync.values.FieldValues;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Coeffection route, through real HTTP requests against a running ingress writing to a real broker: signature
 * checks, event names, field typing with and without a board mapping, bad input, resent bodies.
 */
@ExtendWith(RealInfraExtension.class)
class CoeffectionWebhookIngressTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TYPED_TENANT = "typed-tenant";

    private static RunningIngress ingress;
    private static RunningIngress.TopicTail changes;
    private static RunningIngress.TopicTail deadLetters;

    @BeforeAll
    static void startIngress(RealInfra infra) throws Exception {
        SyncTopics topics = RunningIngress.uniqueTopics(infra);
        publishContactMapping(infra, topics.boardMappings());
        ingress = RunningIngress.start(infra, c -> c, topics);
        changes = ingress.tail(topics.recordChanges());
        deadLetters = ingress.tail(topics.deadLetters());
    }

    @AfterAll
    static void stopIngress() {
        ingress.close();
    }

    /** The board mapping of TYPED_TENANT's contacts, on the compacted mappings topic before the ingress starts. */
    private static void publishContactMapping(RealInfra infra, String topic) throws Exception {
        publishContactMapping(infra, topic, TYPED_TENANT, Map.ofEntries(Map.entry("closeDate", "date"), Map.entry("amount", "currency"),
                Map.entry("stage", "stage"), Map.entry("tags", "multiselect"), Map.entry("website", "url"),
                Map.entry("email", "email"), Map.entry("phone", "phone"), Map.entry("owner", "person"),
                Map.entry("vip", "checkbox"), Map.entry("lastContactAt", "datetime"), Map.entry("firstName", "text")));
    }

    private static void publishContactMapping(RealInfra infra, String topic, String tenant, Map<String, String> types) throws Exception {
        List<FieldMapping> fields = types.entrySet().stream().map(e -> FieldMapping.newBuilder()
                .setField(e.getKey()).setFieldType(e.getValue()).setColumnId("col_" + e.getKey()).setColumnType("text")
                .setDirection(SyncDirection.TWO_WAY).build()).toList();
        BoardMapping mapping = BoardMapping.newBuilder().setTenantId(tenant).setEntityType("Contact")
                .setBoardId(777L).setFields(fields).build();
        AvroSerializer<BoardMapping> serializer = new AvroSerializer<>(new SchemaRegistryClient(infra.schemaRegistryUrl()), BoardMapping.class);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(infra.producerConfig())) {
            producer.send(new ProducerRecord<>(topic, RecordKeys.mappingKey(tenant, "Contact"),
                    serializer.serialize(topic, mapping))).get();
        }
    }

    private static String payload(String event, String tenant, String timestamp, String dataJson) {
        return "{\"event\":\"" + event + "\",\"tenantId\":\"" + tenant + "\",\"timestamp\":\"" + timestamp
                + "\",\"data\":" + dataJson + "}";
    }

    private static String newRecordId() {
        return "cnt_" + UUID.randomUUID().toString().replace("-", "").substring(0, 14).toUpperCase();
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    private static Read<RecordChange> awaitChange(String eventId) {
        List<Read<RecordChange>> found = changes.awaitMatching(RecordChange.class, r -> r.value().getEventId().equals(eventId));
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    private static Read<DeadLetter> awaitDeadLetter(String id) {
        return deadLetters.awaitMatching(DeadLetter.class, r -> r.value().getDeadLetterId().equals(id)).get(0);
    }

    private static Map<String, FieldChange> byField(RecordChange change) {
        return change.getFields().stream().collect(Collectors.toMap(FieldChange::getField, Function.identity()));
    }

    private static Object valueOf(Map<String, FieldChange> fields, String field) {
        FieldValue value = fields.get(field).getValue();
        return value == null ? null : value.getValue();
    }

    @Test
    void aSignedContactCreatedBecomesARecordChangeKeyedByRecord() throws Exception {
        // given Coeffection's documented contact.created payload for a new record
        String recordId = newRecordId();
        String body = payload("contact.created", "ten_01HX9ZK2TENANT", "2024-04-15T10:30:00Z",
                "{\"id\":\"" + recordId + "\",\"firstName\":\"John\",\"lastName\":\"Doe\",\"email\":\"john.doe@example.com\"}");

        // when it is posted, signed
        HttpResponse<String> response = ingress.postCoeffectionSigned("ten_01HX9ZK2TENANT", body);

        // then it is acknowledged, and the change is in Kafka under the record key
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode answer = json(response);
        assertThat(answer.path("status").asText()).isEqualTo("accepted");
        Read<RecordChange> read = awaitChange(answer.path("eventId").asText());
        assertThat(read.key()).isEqualTo("ten_01HX9ZK2TENANT:Contact:" + recordId);
        assertThat(read.headers()).containsEntry("eventId", read.value().getEventId());
        RecordChange change = read.value();
        assertThat(change.getTenantId()).isEqualTo("ten_01HX9ZK2TENANT");
        assertThat(change.getEntityType()).isEqualTo("Contact");
        assertThat(change.getRecordId()).isEqualTo(recordId);
        assertThat(change.getOperation()).isEqualTo(RecordOperation.CREATE);
        assertThat(change.getOccurredAt()).isEqualTo(Instant.parse("2024-04-15T10:30:00Z"));
        assertThat(change.getActor().getKind()).isEqualTo(ActorKind.UNKNOWN);
        assertThat(change.getCausationId()).isNull();
        // every data member but the id is a field, each changed at the webhook's timestamp
        assertThat(change.getFields()).extracting(FieldChange::getField).containsExactly("firstName", "lastName", "email");
        assertThat(change.getFields()).allSatisfy(f -> assertThat(f.getChangedAt()).isEqualTo(Instant.parse("2024-04-15T10:30:00Z")));
        assertThat(FieldValues.same(byField(change).get("email").getValue(), FieldValues.text("john.doe@example.com"))).isTrue();
    }

    @Test
    void withoutAMappingFieldsAreTypedConservativelyFromJson() throws Exception {
        String recordId = newRecordId();
        String body = payload("lead.updated", "plain", "2024-05-01T08:00:00Z", "{\"id\":\"" + recordId + "\","
                + "\"company\":\"Globex\",\"score\":1234.50,\"seats\":12,\"hot\":true,\"tags\":[\"inbound\",\"emea\"],"
                + "\"closeDate\":\"2024-06-15\",\"notes\":null,\"address\":{\"city\":\"Springfield\"}}");

        HttpResponse<String> response = ingress.postCoeffectionSigned("plain", body);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode answer = json(response);
        RecordChange change = awaitChange(answer.path("eventId").asText()).value();
        assertThat(change.getEntityType()).isEqualTo("Lead");
        assertThat(change.getOperation()).isEqualTo(RecordOperation.UPDATE);
        Map<String, FieldChange> fields = byField(change);
        assertThat(valueOf(fields, "company")).isEqualTo(new TextValue("Globex"));
        // numbers stay exact: 1234.50 keeps its scale
        BigDecimal score = FieldValues.decimal((NumberValue) valueOf(fields, "score"));
        assertThat(score).isEqualTo(new BigDecimal("1234.50"));
        assertThat(score.scale()).isEqualTo(2);
        assertThat(FieldValues.decimal((NumberValue) valueOf(fields, "seats"))).isEqualTo(new BigDecimal("12"));
        assertThat(valueOf(fields, "hot")).isEqualTo(new BooleanValue(true));
        assertThat(valueOf(fields, "tags")).isEqualTo(new OptionsValue(List.of("inbound", "emea")));
        // a date-looking string stays text without a mapping that says date
        assertThat(valueOf(fields, "closeDate")).isEqualTo(new TextValue("2024-06-15"));
        // null clears the field
        assertThat(fields.get("notes").getValue()).isNull();
        // an object cannot be typed without a mapping: left out, and said so in the answer
        assertThat(fields).doesNotContainKey("address");
        assertThat(answer.path("fieldsLeftOut").toString()).isEqualTo("[\"address\"]");
    }

    @Test
    void withABoardMappingFieldsGetTheirMappedTypes() throws Exception {
        String recordId = newRecordId();
        String body = payload("contact.updated", TYPED_TENANT, "2024-05-01T08:00:00Z", "{\"id\":\"" + recordId + "\","
                + "\"firstName\":\"Ann\",\"closeDate\":\"2024-06-15\",\"amount\":\"1999.90\",\"stage\":\"Qualified\","
                + "\"tags\":[\"vip\"],\"website\":\"https://globex.example\",\"email\":\"ann@globex.example\","
                + "\"phone\":\"+14155550100\",\"owner\":\"rep@acme.example\",\"vip\":true,"
                + "\"lastContactAt\":\"2024-04-15T10:30:00+02:00\",\"unmapped\":\"2024-06-15\"}");

        HttpResponse<String> response = ingress.postCoeffectionSigned(TYPED_TENANT, body);

        assertThat(response.statusCode()).isEqualTo(200);
        Map<String, FieldChange> fields = byField(awaitChange(json(response).path("eventId").asText()).value());
        assertThat(valueOf(fields, "firstName")).isEqualTo(new TextValue("Ann"));
        assertThat(valueOf(fields, "closeDate")).isEqualTo(new DateValue(LocalDate.of(2024, 6, 15)));
        assertThat(FieldValues.decimal((NumberValue) valueOf(fields, "amount"))).isEqualTo(new BigDecimal("1999.90"));
        assertThat(valueOf(fields, "stage")).isEqualTo(new StatusValue("Qualified", null));
        assertThat(valueOf(fields, "tags")).isEqualTo(new OptionsValue(List.of("vip")));
        assertThat(valueOf(fields, "website")).isEqualTo(new LinkValue("https://globex.example", null));
        assertThat(valueOf(fields, "email")).isEqualTo(new EmailValue("ann@globex.example", null));
        assertThat(valueOf(fields, "phone")).isEqualTo(new PhoneValue("+14155550100", null));
        assertThat(valueOf(fields, "owner")).isEqualTo(new PersonValue("rep@acme.example", null, null, false));
        assertThat(valueOf(fields, "vip")).isEqualTo(new BooleanValue(true));
        assertThat(valueOf(fields, "lastContactAt")).isEqualTo(new DateTimeValue(Instant.parse("2024-04-15T08:30:00Z")));
        assertThat(valueOf(fields, "unmapped")).isEqualTo(new TextValue("2024-06-15"));
    }

    @Test
    void aFullRecordUpdateCarriesOnlyTheFieldsItsChangeSetAndNeverTheRecordsMetadata() throws Exception {
        String recordId = newRecordId();
        String body = "{\"event\":\"contact.updated\",\"tenantId\":\"plain\",\"timestamp\":\"2024-05-03T08:00:00Z\","
                + "\"changedFields\":[\"company\"],\"data\":{\"id\":\"" + recordId + "\",\"company\":\"Initech\","
                + "\"firstName\":\"Old value\",\"createdAt\":\"2024-01-01T00:00:00Z\",\"updatedAt\":\"2024-05-03T08:00:00Z\"}}";

        HttpResponse<String> response = ingress.postCoeffectionSigned("plain", body);

        assertThat(response.statusCode()).isEqualTo(200);
        Map<String, FieldChange> fields = byField(awaitChange(json(response).path("eventId").asText()).value());
        assertThat(fields.keySet()).containsExactly("company");
    }

    @Test
    void aValueThatDoesNotFitItsMappedTypeIsKeptAsADeadLetterWhileTheOtherFieldsGoThrough() throws Exception {
        // given a mapped currency field holding words
        String recordId = newRecordId();
        String body = payload("contact.updated", TYPED_TENANT, "2024-05-02T08:00:00Z",
                "{\"id\":\"" + recordId + "\",\"firstName\":\"Bea\",\"amount\":\"lots\"}");

        // when it is posted
        HttpResponse<String> response = ingress.postCoeffectionSigned(TYPED_TENANT, body);

        // then the delivery is accepted, the good field goes through, and the bad one is kept with its reason
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode answer = json(response);
        assertThat(answer.path("fieldsKeptAsDeadLetter").toString()).isEqualTo("[\"amount\"]");
        Map<String, FieldChange> fields = byField(awaitChange(answer.path("eventId").asText()).value());
        assertThat(fields).containsOnlyKeys("firstName");
        String key = TYPED_TENANT + ":Contact:" + recordId;
        DeadLetter kept = deadLetters.awaitMatching(DeadLetter.class, r -> key.equals(r.value().getRecordKey())).get(0).value();
        assertThat(kept.getErrorType()).isEqualTo("FIELD_TYPE_MISMATCH");
        assertThat(kept.getReason()).contains("amount").contains("currency");
        assertThat(kept.getContext()).containsEntry("fields", "amount");
        assertThat(StandardCharsets.UTF_8.decode(kept.getValue()).toString()).isEqualTo(body);
    }

    @Test
    void aMappingPublishedWhileTheIngressRunsIsUsedForTheNextWebhooks() throws Exception {
        // given a tenant without a mapping: a word in 'amount' is plain text
        String tenant = "late-" + UUID.randomUUID().toString().substring(0, 8);
        Function<String, HttpResponse<String>> post = recordId -> ingress.postCoeffectionSigned(tenant,
                payload("contact.updated", tenant, "2024-05-08T08:00:00Z", "{\"id\":\"" + recordId + "\",\"amount\":\"lots\"}"));
        assertThat(post.apply(newRecordId()).body()).doesNotContain("fieldsKeptAsDeadLetter");

        // when its mapping says 'amount' is a currency
        publishContactMapping(ingress.infra, ingress.topics.boardMappings(), tenant, Map.of("amount", "currency"));

        // then the running ingress soon types by it: the word no longer fits and is kept as a dead letter
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> post.apply(newRecordId()).body().contains("fieldsKeptAsDeadLetter"));
    }

    @Test
    void entityTypeAndOperationComeFromTheEventName() throws Exception {
        String opportunity = newRecordId();
        String vendor = newRecordId();

        HttpResponse<String> deleted = ingress.postCoeffectionSigned("acme",
                payload("opportunity.deleted", "acme", "2024-05-03T08:00:00Z", "{\"id\":\"" + opportunity + "\"}"));
        HttpResponse<String> custom = ingress.postCoeffectionSigned("acme",
                payload("vendor.created", "acme", "2024-05-03T08:00:00Z", "{\"id\":\"" + vendor + "\",\"name\":\"Initech\"}"));

        Read<RecordChange> deletion = awaitChange(json(deleted).path("eventId").asText());
        assertThat(deletion.key()).isEqualTo("acme:Opportunity:" + opportunity);
        assertThat(deletion.value().getOperation()).isEqualTo(RecordOperation.DELETE);
        Read<RecordChange> creation = awaitChange(json(custom).path("eventId").asText());
        assertThat(creation.key()).isEqualTo("acme:Vendor:" + vendor);
        assertThat(creation.value().getOperation()).isEqualTo(RecordOperation.CREATE);
    }

    @Test
    void anActorAndCausationIdInThePayloadAreKept() throws Exception {
        String recordId = newRecordId();
        String body = "{\"event\":\"contact.updated\",\"tenantId\":\"acme\",\"timestamp\":\"2024-05-04T08:00:00Z\","
                + "\"eventId\":\"evt-" + recordId + "\",\"causationId\":\"upd-42\","
                + "\"actor\":{\"kind\":\"integration\",\"id\":\"sync-bot\"},\"data\":{\"id\":\"" + recordId + "\",\"title\":\"CTO\"}}";

        HttpResponse<String> response = ingress.postCoeffectionSigned("acme", body);

        assertThat(json(response).path("eventId").asText()).isEqualTo("evt-" + recordId);
        RecordChange change = awaitChange("evt-" + recordId).value();
        assertThat(change.getCausationId()).isEqualTo("upd-42");
        assertThat(change.getActor().getKind()).isEqualTo(ActorKind.INTEGRATION);
        assertThat(change.getActor().getId()).isEqualTo("sync-bot");
    }

    @Test
    void aResentBodyIsAnsweredAsDuplicateWithoutWritingAgain() throws Exception {
        String recordId = newRecordId();
        String body = payload("contact.updated", "acme", "2024-05-05T08:00:00Z", "{\"id\":\"" + recordId + "\",\"title\":\"CEO\"}");
        HttpResponse<String> first = ingress.postCoeffectionSigned("acme", body);
        String eventId = json(first).path("eventId").asText();
        awaitChange(eventId);

        HttpResponse<String> again = ingress.postCoeffectionSigned("acme", body);

        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(json(again).path("status").asText()).isEqualTo("duplicate");
        assertThat(json(again).path("eventId").asText()).isEqualTo(eventId);
        HttpResponse<String> marker = ingress.postCoeffectionSigned("acme",
                payload("contact.updated", "acme", "2024-05-05T08:00:01Z", "{\"id\":\"" + recordId + "\",\"title\":\"CFO\"}"));
        awaitChange(json(marker).path("eventId").asText());
        assertThat(changes.read(RecordChange.class).stream().filter(r -> r.value().getEventId().equals(eventId))).hasSize(1);
    }

    @Test
    void aForgedSignatureIsRefusedWith401() throws Exception {
        byte[] body = payload("contact.created", "acme", "2024-05-06T08:00:00Z", "{\"id\":\"" + newRecordId() + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        long now = Instant.now().getEpochSecond();
        String forged = new CoeffectionSignature("a-guessed-secret", Duration.ofMinutes(5)).sign(now, body);

        HttpResponse<String> response = ingress.post("/webhooks/coeffection/acme", body, Map.of(
                CoeffectionSignature.SIGNATURE_HEADER, forged, CoeffectionSignature.TIMESTAMP_HEADER, Long.toString(now)));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(json(response).path("message").asText()).contains("does not match");
        assertThat(response.body()).doesNotContain(forged.substring(7));
    }

    @Test
    void aBodyAlteredAfterSigningIsRefusedWith401() throws Exception {
        byte[] signed = payload("contact.created", "acme", "2024-05-06T08:00:00Z", "{\"id\":\"cnt_A\"}").getBytes(StandardCharsets.UTF_8);
        byte[] altered = payload("contact.created", "acme", "2024-05-06T08:00:00Z", "{\"id\":\"cnt_B\"}").getBytes(StandardCharsets.UTF_8);
        long now = Instant.now().getEpochSecond();
        String signature = new CoeffectionSignature(RunningIngress.COEFFECTION_SECRET, Duration.ofMinutes(5)).sign(now, signed);

        HttpResponse<String> response = ingress.post("/webhooks/coeffection/acme", altered, Map.of(
                CoeffectionSignature.SIGNATURE_HEADER, signature, CoeffectionSignature.TIMESTAMP_HEADER, Long.toString(now)));

        assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    void aMissingSignatureIsRefusedWith401() throws Exception {
        HttpResponse<String> response = ingress.post("/webhooks/coeffection/acme",
                payload("contact.created", "acme", "2024-05-06T08:00:00Z", "{\"id\":\"cnt_C\"}").getBytes(StandardCharsets.UTF_8), Map.of());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(json(response).path("message").asText()).contains(CoeffectionSignature.SIGNATURE_HEADER);
    }

    @Test
    void aCorrectlySignedButOldDeliveryIsRefusedAsAReplay() throws Exception {
        byte[] body = payload("contact.created", "acme", "2024-05-06T08:00:00Z", "{\"id\":\"cnt_D\"}").getBytes(StandardCharsets.UTF_8);
        long tenMinutesAgo = Instant.now().minusSeconds(600).getEpochSecond();
        String signature = new CoeffectionSignature(RunningIngress.COEFFECTION_SECRET, Duration.ofMinutes(5)).sign(tenMinutesAgo, body);

        HttpResponse<String> response = ingress.post("/webhooks/coeffection/acme", body, Map.of(
                CoeffectionSignature.SIGNATURE_HEADER, signature, CoeffectionSignature.TIMESTAMP_HEADER, Long.toString(tenMinutesAgo)));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(json(response).path("message").asText()).contains("stale or replayed");
    }

    @Test
    void anUnknownEventTypeIsAcceptedAndKept() throws Exception {
        String body = payload("invoice.paid", "acme", "2024-05-07T08:00:00Z", "{\"id\":\"inv_" + UUID.randomUUID() + "\",\"total\":99}");

        HttpResponse<String> response = ingress.postCoeffectionSigned("acme", body);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode answer = json(response);
        assertThat(answer.path("status").asText()).isEqualTo("kept");
        assertThat(answer.path("problem").asText()).isEqualTo("UNKNOWN_EVENT_TYPE");
        DeadLetter kept = awaitDeadLetter(answer.path("deadLetterId").asText()).value();
        assertThat(kept.getContext()).containsEntry("event", "invoice.paid");
        assertThat(StandardCharsets.UTF_8.decode(kept.getValue()).toString()).isEqualTo(body);
    }

    @Test
    void aPayloadForAnotherTenantThanTheUrlGets400AndIsKept() throws Exception {
        String body = payload("contact.created", "someone-else", "2024-05-07T08:00:00Z", "{\"id\":\"cnt_E\"}");

        HttpResponse<String> response = ingress.postCoeffectionSigned("acme", body);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).path("error").asText()).isEqualTo("TENANT_MISMATCH");
        assertThat(awaitDeadLetter(json(response).path("deadLetterId").asText()).value().getErrorType()).isEqualTo("TENANT_MISMATCH");
    }

    @Test
    void aPayloadWithoutRecordIdGets400SayingSo() throws Exception {
        HttpResponse<String> response = ingress.postCoeffectionSigned("acme",
                payload("contact.created", "acme", "2024-05-07T08:00:00Z", "{\"firstName\":\"Nobody " + UUID.randomUUID() + "\"}"));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).path("message").asText()).contains("data.id");
        awaitDeadLetter(json(response).path("deadLetterId").asText());
    }

    @Test
    void malformedJsonGets400AndIsKept() throws Exception {
        String broken = "{\"event\":\"contact.created\",\"tenantId\":\"acme\" \"oops\"" + UUID.randomUUID();

        HttpResponse<String> response = ingress.postCoeffectionSigned("acme", broken);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).path("error").asText()).isEqualTo("MALFORMED_JSON");
        DeadLetter kept = awaitDeadLetter(json(response).path("deadLetterId").asText()).value();
        assertThat(StandardCharsets.UTF_8.decode(kept.getValue()).toString()).isEqualTo(broken);
        assertThat(kept.getSourceTopic()).isEqualTo(ingress.topics.recordChanges());
    }
}

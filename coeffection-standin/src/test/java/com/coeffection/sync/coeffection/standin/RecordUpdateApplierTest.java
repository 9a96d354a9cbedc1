package com.coeffection.sync.coeffection.standin;

import com.coeffection.sync.schema.Actor;
import com.coeffection.sync.schema.ActorKind;
import com.coeffection.sync.schema.FieldChange;
import com.coeffection.sync.schema.RecordUpdate;
import com.coeffection.sync.schema.RecordUpdateOperation;
import com.coeffection.sync.serde.AvroSerializer;
import com.coeffection.sync.serde.SchemaRegistryClient;
import com.coeffection.sync.testkit.RealInfra;
import com.coeffection.sync.testkit.RealInfraExtension;
import com.coeffection.sync.values.FieldValues;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The stand-in applies the sync's record updates from a real broker through the real registry, as the Coeffection
 * service would, and sends the webhook that a real Coeffection sends for the change, carrying the update's id.
 */
@ExtendWith(RealInfraExtension.class)
class RecordUpdateApplierTest {
    private WebhookReceiver receiver;
    private CoeffectionStandIn standIn;
    private KafkaProducer<String, byte[]> producer;
    private AvroSerializer<RecordUpdate> serializer;
    private String topic;

    @BeforeEach
    void start(RealInfra infra) throws Exception {
        topic = infra.uniqueTopic("record-updates", 2);
        receiver = new WebhookReceiver();
        standIn = new CoeffectionStandIn(CoeffectionStandInConfig.defaults().withDemo(new DemoData.Size(3, 0, 3))
                .withWebhook(receiver.url(), "s").withKafka(infra.bootstrapServers(), infra.schemaRegistryUrl(), topic))
                .start();
        producer = new KafkaProducer<>(infra.producerConfig(), new StringSerializer(), new ByteArraySerializer());
        serializer = new AvroSerializer<>(new SchemaRegistryClient(infra.schemaRegistryUrl()), RecordUpdate.class);
    }

    @AfterEach
    void stop() {
        producer.close();
        standIn.close();
        receiver.close();
    }

    @Test
    void appliesAnUpdateAndSendsTheEchoWebhookWithItsId() {
        String id = standIn.records().list("demo", "Opportunity", 0, 1, r -> true).records().get(0).path("id").asText();

        send(update("upd-1", "Opportunity", id, List.of(
                new FieldChange("amount", FieldValues.number(new BigDecimal("1234.50")), Instant.now()),
                new FieldChange("closeDate", FieldValues.date(LocalDate.parse("2027-01-31")), Instant.now()),
                new FieldChange("stage", FieldValues.status("Negotiation"), Instant.now()))));

        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.accepted.size() == 1);
        var record = standIn.records().get("demo", "Opportunity", id).orElseThrow();
        assertThat(record.path("amount").decimalValue()).isEqualByComparingTo("1234.50");
        assertThat(record.path("closeDate").asText()).isEqualTo("2027-01-31");
        var webhook = receiver.accepted.get(0).body();
        assertThat(webhook.path("event").asText()).isEqualTo("opportunity.updated");
        assertThat(webhook.path("causationId").asText()).isEqualTo("upd-1");
        assertThat(webhook.path("actor").path("kind").asText()).isEqualTo("INTEGRATION");
    }

    @Test
    void anUnreadableUpdateOrOneForAnUnknownRecordIsCountedAndTheNextIsStillApplied() {
        String id = standIn.records().list("demo", "Contact", 0, 1, r -> true).records().get(0).path("id").asText();
        String key = "demo:Contact:" + id;

        producer.send(new ProducerRecord<>(topic, key, "not avro".getBytes()));
        send(update("upd-missing", "Contact", "cnt_MISSING", List.of(
                new FieldChange("title", FieldValues.text("x"), Instant.now()))));
        send(update("upd-2", "Contact", id, List.of(new FieldChange("title", FieldValues.text("Chief of Staff"), Instant.now()))));

        await().atMost(Duration.ofSeconds(30)).until(() ->
                standIn.records().get("demo", "Contact", id).orElseThrow().path("title").asText().equals("Chief of Staff"));
        await().atMost(Duration.ofSeconds(10)).until(() -> standIn.state().get("recordUpdates").toString().contains("refused=2"));
    }

    @Test
    void aCreateMakesOneRecordNamingTheItemAndSendsTheCreatedWebhookWithItsId() {
        int before = standIn.records().count("demo", "Contact");
        RecordUpdate create = RecordUpdate.newBuilder(update("upd-create", "Contact", "monday-item-2", List.of(
                        new FieldChange("fullName", FieldValues.text("Walter Skinner"), Instant.now()),
                        new FieldChange("title", FieldValues.text("Assistant Director"), Instant.now()))))
                .setOperation(RecordUpdateOperation.CREATE).build();

        send(create);
        send(create); // delivered twice

        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.accepted.size() >= 1);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                .until(() -> standIn.state().get("recordUpdates").toString().contains("unchanged=1"));
        assertThat(standIn.records().count("demo", "Contact")).isEqualTo(before + 1);
        assertThat(receiver.accepted).hasSize(1);
        var webhook = receiver.accepted.get(0).body();
        assertThat(webhook.path("event").asText()).isEqualTo("contact.created");
        assertThat(webhook.path("causationId").asText()).isEqualTo("upd-create");
        assertThat(webhook.path("data").path("id").asText()).startsWith("cnt_").isNotEqualTo("monday-item-2");
        assertThat(webhook.path("data").path("mondayItemId").asLong()).isEqualTo(2L);
        assertThat(webhook.path("data").path("fullName").asText()).isEqualTo("Walter Skinner");
    }

    private void send(RecordUpdate update) {
        String key = update.getTenantId() + ":" + update.getEntityType() + ":" + update.getRecordId();
        producer.send(new ProducerRecord<>(topic, key, serializer.serialize(topic, update)));
        producer.flush();
    }

    private static RecordUpdate update(String id, String entityType, String recordId, List<FieldChange> fields) {
        return RecordUpdate.newBuilder().setUpdateId(id).setTenantId("demo").setEntityType(entityType)
                .setRecordId(recordId).setFields(fields).setBoardId(1L).setItemId(2L)
                .setTriggeredBy(new Actor(ActorKind.USER, "monday:60000002", "Ana Admin", null))
                .setCreatedAt(Instant.now()).build();
    }
}

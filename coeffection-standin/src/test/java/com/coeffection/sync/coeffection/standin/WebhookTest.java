package com.coeffection.sync.coeffection.standin;

import com.coeffection.sync.ingress.coeffection.CoeffectionSignature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Outbound webhooks: signed as the ingress verifies them, the full record, in order per record, retried. */
class WebhookTest {
    private static final String SECRET = "whsec-test";
    private WebhookReceiver receiver;
    private CoeffectionStandIn standIn;

    @BeforeEach
    void start() throws Exception {
        receiver = new WebhookReceiver();
        standIn = new CoeffectionStandIn(CoeffectionStandInConfig.defaults().withDemo(new DemoData.Size(5, 0, 0))
                .withWebhook(receiver.url(), SECRET)).start();
    }

    @AfterEach
    void stop() {
        standIn.close();
        receiver.close();
    }

    @Test
    void anEditSendsASignedUpdatedWebhookWithTheFullRecordAndWhatChanged() {
        String id = firstContactId();

        standIn.records().patch("demo", "Contact", id, fields("title", "CFO"), CoeffectionStandIn.PAGE_USER, null);

        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.accepted.size() == 1);
        WebhookReceiver.Delivery delivery = receiver.accepted.get(0);
        assertThat(new CoeffectionSignature(SECRET, Duration.ofMinutes(5)).verify(
                delivery.header("X-Coeffection-Signature"), delivery.header("X-Coeffection-Timestamp"), delivery.raw(),
                Instant.now())).isInstanceOf(CoeffectionSignature.Valid.class);
        assertThat(delivery.body().path("event").asText()).isEqualTo("contact.updated");
        assertThat(delivery.body().path("tenantId").asText()).isEqualTo("demo");
        assertThat(delivery.body().path("data").path("id").asText()).isEqualTo(id);
        assertThat(delivery.body().path("data").path("title").asText()).isEqualTo("CFO");
        assertThat(delivery.body().path("data").path("email").asText()).contains("@");
        assertThat(delivery.body().path("changedFields").toString()).isEqualTo("[\"title\"]");
        assertThat(delivery.body().path("actor").path("email").asText()).isEqualTo("dana@coeffection.example");
        assertThat(receiver.accepted).hasSize(1);
    }

    @Test
    void theDemoDataAndAnEditThatChangesNothingSendNoWebhook() {
        String id = firstContactId();
        String title = standIn.records().get("demo", "Contact", id).orElseThrow().path("title").asText();

        assertThat(standIn.records().patch("demo", "Contact", id, fields("title", title), CoeffectionStandIn.PAGE_USER, null)).isEmpty();
        standIn.records().patch("demo", "Contact", id, fields("title", "marker"), CoeffectionStandIn.PAGE_USER, null);

        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.accepted.size() == 1);
        assertThat(receiver.accepted.get(0).body().path("data").path("title").asText()).isEqualTo("marker");
    }

    @Test
    void aRefusedWebhookIsRetriedAndARecordsWebhooksKeepTheirOrder() {
        String id = firstContactId();
        receiver.refuseNext.set(2);

        for (int i = 1; i <= 5; i++) {
            standIn.records().patch("demo", "Contact", id, fields("title", "v" + i), CoeffectionStandIn.PAGE_USER, null);
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> receiver.accepted.size() == 5);
        assertThat(receiver.refused.get()).isEqualTo(2);
        assertThat(receiver.accepted).extracting(d -> d.body().path("data").path("title").asText())
                .containsExactly("v1", "v2", "v3", "v4", "v5");
        assertThat(standIn.webhooks().counts()).containsEntry("delivered", 5L).containsEntry("failed", 0L);
    }

    @Test
    void aCreatedAndADeletedRecordSendTheirEvents() {
        RecordStore.Change created = standIn.records().create("demo", "Opportunity", fields("name", "Globex pilot"),
                RecordStore.Actor.API, false);
        standIn.records().delete("demo", "Opportunity", created.recordId(), RecordStore.Actor.API);

        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.accepted.size() == 2);
        assertThat(receiver.accepted).extracting(d -> d.body().path("event").asText())
                .containsExactly("opportunity.created", "opportunity.deleted");
        assertThat(receiver.accepted.get(0).body().path("data").path("name").asText()).isEqualTo("Globex pilot");
    }

    private String firstContactId() {
        return standIn.records().list("demo", "Contact", 0, 1, r -> true).records().get(0).path("id").asText();
    }

    private static ObjectNode fields(String name, String value) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put(name, value);
        return node;
    }
}

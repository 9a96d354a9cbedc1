package com.coeffection.sync.monday.standin;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.SignatureVerificationException;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Webhooks as monday sends them: handshake, delivered types and fields, echoes, JWT signature, retries. */
class StandInWebhookTest {
    private static final String SECRET = "app-signing-secret";
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private <T extends AutoCloseable> T keep(T closeable) {
        open.add(closeable);
        return closeable;
    }

    @Test
    void creatingAWebhookPerformsTheChallengeHandshake() throws Exception {
        // given a receiver that echoes the challenge
        MondayStandIn monday = keep(MondayStandIn.start(StandInConfig.defaults()));
        StandInApi client = keep(new StandInApi(monday));
        WebhookReceiver receiver = keep(new WebhookReceiver());
        long board = client.createBoard("Hooks");

        // when the connector registers a webhook
        long hook = client.createWebhook(board, receiver.url(), "create_item").path("data").path("create_webhook").path("id").asLong();

        // then monday sent one challenge before answering, and the webhook exists
        assertThat(receiver.challenges()).hasSize(1);
        assertThat(monday.webhooks()).singleElement().satisfies(w -> {
            assertThat(w.id()).isEqualTo(hook);
            assertThat(w.url()).isEqualTo(receiver.url());
        });
    }

    @Test
    void aWebhookWhoseEndpointDoesNotEchoTheChallengeIsRefused() throws Exception {
        MondayStandIn monday = keep(MondayStandIn.start(StandInConfig.defaults()));
        StandInApi client = keep(new StandInApi(monday));
        WebhookReceiver receiver = keep(new WebhookReceiver());
        receiver.answerChallengeWrongly();
        long board = client.createBoard("Hooks");

        JsonNode answer = client.createWebhook(board, receiver.url(), "create_item");

        assertThat(answer.path("errors").get(0).path("message").asText()).contains("challenge");
        assertThat(monday.webhooks()).isEmpty();
    }

    @Test
    void deliveriesAreSignedWithTheSigningSecretAndCarryMondaysClaims() throws Exception {
        // given an app signing secret
        MondayStandIn monday = keep(MondayStandIn.start(StandInConfig.defaults().withSigningSecret(SECRET)));
        StandInApi client = keep(new StandInApi(monday));
        WebhookReceiver receiver = keep(new WebhookReceiver());
        long board = client.createBoard("Hooks");
        client.createWebhook(board, receiver.url(), "create_item");

        // when an item is created
        client.createItem(board, "Signed", Map.of());

        // then the delivery's Authorization is a JWT that verifies with the secret, with monday's claims
        WebhookReceiver.Received delivery = await().atMost(Duration.ofSeconds(10))
                .until(receiver::received, r -> !r.isEmpty()).get(0);
        DecodedJWT jwt = JWT.require(Algorithm.HMAC256(SECRET)).withAudience(receiver.url()).build()
                .verify(delivery.authorization());
        assertThat(jwt.getClaim("accountId").asLong()).isEqualTo(monday.config().accountId());
        assertThat(jwt.getClaim("userId").asLong()).isEqualTo(monday.integrationUserId());
        assertThat(jwt.getClaim("shortLivedToken").asString()).isNotBlank();
        assertThat(jwt.getExpiresAt()).isAfter(jwt.getIssuedAt());
        assertThatThrownBy(() -> JWT.require(Algorithm.HMAC256("another secret")).build().verify(delivery.authorization()))
                .isInstanceOf(SignatureVerificationException.class);
    }

    @Test
    void withoutASigningSecretDeliveriesCarryNoAuthorization() throws Exception {
        MondayStandIn monday = keep(MondayStandIn.start(StandInConfig.defaults()));
        StandInApi client = keep(new StandInApi(monday));
        WebhookReceiver receiver = keep(new WebhookReceiver());
        long board = client.createBoard("Hooks");
        client.createWebhook(board, receiver.url(), "create_item");

        client.createItem(board, "Unsigned", Map.of());

        assertThat(await().atMost(Duration.ofSeconds(10)).until(receiver::received, r -> !r.isEmpty()).get(0).authorization())
                .isNull();
    }

    @Test
    void theIntegrationsOwnChangesComeBackAsEchoesAndAPersonsChangesCarryTheirUserId() throws Exception {
        // given webhooks for item creation and column changes
        MondayStandIn monday = keep(MondayStandIn.start(StandInConfig.defaults()));
        StandInApi client = keep(new StandInApi(monday));
        WebhookReceiver receiver = keep(new WebhookReceiver());
        long board = client.createBoard("Hooks");
        client.createColumn(board, "Stage", "status", "stage");
        client.createWebhook(board, receiver.url(), "create_item");
        client.createWebhook(board, receiver.url(), "change_column_value");

        // when the integration creates an item with a status, and then Ben changes the status in monday
        long item = client.createItem(board, "Acme", Map.of("stage", Map.of("label", "Working on it")));
        monday.asUser(60_000_003L).changeColumnValues(board, item, Map.of("stage", "{\"label\":\"Done\"}"));

        // then monday delivered create_pulse by the integration's user (an echo) and update_column_value by Ben
        List<WebhookReceiver.Received> received = await().atMost(Duration.ofSeconds(10))
                .until(receiver::received, r -> r.size() >= 2);
        JsonNode created = received.get(0).event();
        assertThat(created.path("type").asText()).isEqualTo("create_pulse");
        assertThat(created.path("userId").asLong()).isEqualTo(monday.integrationUserId());
        assertThat(created.path("pulseId").asLong()).isEqualTo(item);
        assertThat(created.path("pulseName").asText()).isEqualTo("Acme");
        assertThat(created.path("groupId").asText()).isEqualTo("topics");
        assertThat(created.has("groupName") && created.has("groupColor") && created.has("isTopGroup")).isTrue();
        assertThat(created.path("columnValues").path("stage").path("label").path("text").asText()).isEqualTo("Working on it");
        assertThat(created.path("triggerUuid").asText()).isNotBlank();
        assertThat(created.path("boardId").asLong()).isEqualTo(board);
        JsonNode changed = received.get(1).event();
        assertThat(changed.path("type").asText()).isEqualTo("update_column_value");
        assertThat(changed.path("userId").asLong()).isEqualTo(60_000_003L);
        assertThat(changed.path("columnId").asText()).isEqualTo("stage");
        assertThat(changed.path("columnType").asText()).isEqualTo("color");
        assertThat(changed.path("columnTitle").asText()).isEqualTo("Stage");
        assertThat(changed.path("value").path("label").path("text").asText()).isEqualTo("Done");
        assertThat(changed.path("value").path("label").path("index").asInt()).isEqualTo(1);
        assertThat(changed.path("previousValue").path("label").path("text").asText()).isEqualTo("Working on it");
        assertThat(changed.path("changedAt").isNumber()).isTrue();
        assertThat(monday.item(item)).get().satisfies(i -> assertThat(i.lastChangedBy()).isEqualTo(60_000_003L));
    }

    @Test
    void aDeliveryThatDoesNotGet200IsRetriedAsARetry() throws Exception {
        // given deliveries are retried every 100 ms and the receiver refuses the first two attempts
        MondayStandIn monday = keep(MondayStandIn.start(StandInConfig.defaults()
                .withWebhookRetries(Duration.ofMillis(100), Duration.ofSeconds(30))));
        StandInApi client = keep(new StandInApi(monday));
        WebhookReceiver receiver = keep(new WebhookReceiver());
        long board = client.createBoard("Hooks");
        client.createWebhook(board, receiver.url(), "change_name");
        long item = client.createItem(board, "Before", Map.of());
        receiver.refuseNext(2);

        // when the item is renamed
        client.changeColumnValues(board, item, Map.of("name", "After"));

        // then the same event arrives three times, the later ones marked as retries of the first
        List<WebhookReceiver.Received> received = await().atMost(Duration.ofSeconds(10))
                .until(receiver::received, r -> r.size() >= 3);
        assertThat(received).extracting(r -> r.event().path("type").asText()).containsOnly("update_name");
        assertThat(received).extracting(r -> r.event().path("isRetry").asBoolean()).containsExactly(false, true, true);
        String first = received.get(0).event().path("triggerUuid").asText();
        assertThat(received.get(2).event().path("originalTriggerUuid").asText()).isEqualTo(first);
        assertThat(received.get(0).event().path("value").path("name").asText()).isEqualTo("After");
        assertThat(received.get(0).event().path("previousValue").path("name").asText()).isEqualTo("Before");
        await().atMost(Duration.ofSeconds(5)).until(() -> monday.webhookDeliveries().get(0).delivered());
        assertThat(monday.webhookDeliveries().get(0).attempts()).isEqualTo(3);
    }

    @Test
    void deletingAnItemDeliversDeletePulse() throws Exception {
        MondayStandIn monday = keep(MondayStandIn.start(StandInConfig.defaults()));
        StandInApi client = keep(new StandInApi(monday));
        WebhookReceiver receiver = keep(new WebhookReceiver());
        long board = client.createBoard("Hooks");
        client.createWebhook(board, receiver.url(), "item_deleted");
        long item = client.createItem(board, "Gone", Map.of());

        client.deleteItem(item);

        JsonNode event = await().atMost(Duration.ofSeconds(10)).until(receiver::received, r -> !r.isEmpty()).get(0).event();
        assertThat(event.path("type").asText()).isEqualTo("delete_pulse");
        assertThat(event.path("itemId").asLong()).isEqualTo(item);
        assertThat(event.path("itemName").asText()).isEqualTo("Gone");
    }
}

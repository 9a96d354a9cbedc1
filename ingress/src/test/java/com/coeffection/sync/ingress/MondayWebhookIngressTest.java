package com.coeffection.sync.ingress;

import com.coeffection.sync.contract.DeadLetterHeaders;
import com.coeffection.sync.contract.ErrorType;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.coeffection.sync.ingress.RunningIngress.Read;
import com.coeffection.sync.schema.DeadLetter;
import com.coeffection.sync.schema.MondayEventKind;
import com.coeffection.sync.schema.MondayItemEvent;
import com.coeffection.sync.testkit.RealInfra;
import com.coeffection.sync.testkit.RealInfraExtension;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The monday route, through real HTTP requests against a running ingress writing to a real broker: every delivered
 * type, the JWT check, replayed deliveries, and bad input.
 */
@ExtendWith(RealInfraExtension.class)
class MondayWebhookIngressTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicLong ITEM_IDS = new AtomicLong(9_100_000_000L);
    private static final long BOARD = 1_893_000_111L;

    private static RunningIngress ingress;
    private static RunningIngress.TopicTail itemEvents;
    private static RunningIngress.TopicTail deadLetters;

    @BeforeAll
    static void startIngress(RealInfra infra) {
        ingress = RunningIngress.start(infra, c -> c, RunningIngress.uniqueTopics(infra));
        itemEvents = ingress.tail(ingress.topics.itemEvents());
        deadLetters = ingress.tail(ingress.topics.deadLetters());
    }

    @AfterAll
    static void stopIngress() {
        ingress.close();
    }

    static String validJwt() {
        Instant now = Instant.now();
        return JWT.create().withClaim("accountId", 555_001).withClaim("userId", 4401)
                .withAudience("https://ingress.example/webhooks/monday/acme").withIssuedAt(now)
                .withExpiresAt(now.plusSeconds(60)).withClaim("shortLivedToken", "not-a-real-token")
                .sign(Algorithm.HMAC256(RunningIngress.MONDAY_SECRET));
    }

    private static HttpResponse<String> deliver(String tenant, String body) {
        return ingress.postMonday(tenant, body, validJwt());
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    private static Read<MondayItemEvent> awaitEvent(String triggerUuid) {
        List<Read<MondayItemEvent>> found = itemEvents.awaitMatching(MondayItemEvent.class,
                r -> r.value().getTriggerUuid().equals(triggerUuid));
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    static Stream<Arguments> deliveredTypes() {
        return Stream.of(
                Arguments.of("create_pulse", MondayEventKind.CREATE_ITEM, (Fn) MondayPayloads::createPulse),
                Arguments.of("update_column_value", MondayEventKind.UPDATE_COLUMN_VALUE, (Fn) MondayPayloads::statusChange),
                Arguments.of("update_name", MondayEventKind.UPDATE_NAME, (Fn) MondayPayloads::nameChange),
                Arguments.of("delete_pulse", MondayEventKind.DELETE_ITEM, (Fn) MondayPayloads::deletePulse),
                Arguments.of("move_pulse_into_group", MondayEventKind.MOVE_TO_GROUP, (Fn) MondayPayloads::moveToGroup),
                Arguments.of("archive_pulse", MondayEventKind.ARCHIVE_ITEM, (Fn) MondayPayloads::archivePulse),
                Arguments.of("restore_pulse", MondayEventKind.RESTORE_ITEM, (Fn) MondayPayloads::restorePulse),
                Arguments.of("create_update", MondayEventKind.OTHER, (Fn) MondayPayloads::createUpdate));
    }

    /** Builds a body from trigger, board and item. */
    interface Fn {
        String body(String trigger, long board, long item);
    }

    @ParameterizedTest(name = "{0} becomes {1}")
    @MethodSource("deliveredTypes")
    void everyDeliveredTypeBecomesAnItemEventKeyedByItem(String type, MondayEventKind kind, Fn payload) throws Exception {
        // given a delivery of this type for an item
        String trigger = MondayPayloads.newTrigger();
        long item = ITEM_IDS.incrementAndGet();
        String body = payload.body(trigger, BOARD, item);

        // when monday posts it
        HttpResponse<String> response = deliver("acme", body);

        // then it is acknowledged, and the event is in Kafka under the item key, with triggerUuid in value and header
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).path("status").asText()).isEqualTo("accepted");
        Read<MondayItemEvent> read = awaitEvent(trigger);
        assertThat(read.key()).isEqualTo("acme:" + BOARD + ":" + item);
        assertThat(read.headers()).containsEntry("triggerUuid", trigger).containsEntry("deliveredType", type);
        MondayItemEvent event = read.value();
        assertThat(event.getKind()).isEqualTo(kind);
        assertThat(event.getDeliveredType()).isEqualTo(type);
        assertThat(event.getTenantId()).isEqualTo("acme");
        assertThat(event.getBoardId()).isEqualTo(BOARD);
        assertThat(event.getItemId()).isEqualTo(item);
        assertThat(event.getUserId()).isEqualTo(4401L);
        assertThat(event.getSubscriptionId()).isEqualTo(7301L);
        assertThat(event.getTriggerTime()).isEqualTo(Instant.parse("2026-11-22T06:30:15.123Z"));
        assertThat(event.getRawEvent()).isEqualTo(body);
    }

    @Test
    void aColumnChangeKeepsMondaysValueDocumentsAndItsChangeTimeToTheMicrosecond() {
        // given a status column change
        String trigger = MondayPayloads.newTrigger();
        long item = ITEM_IDS.incrementAndGet();

        // when it is delivered
        assertThat(deliver("acme", MondayPayloads.statusChange(trigger, BOARD, item)).statusCode()).isEqualTo(200);

        // then the column, its value documents unchanged and changedAt with microseconds are kept
        MondayItemEvent event = awaitEvent(trigger).value();
        assertThat(event.getColumnId()).isEqualTo("status");
        assertThat(event.getColumnType()).isEqualTo("color");
        assertThat(event.getValue()).contains("\"text\":\"Done\"").contains("\"post_id\":null");
        assertThat(event.getPreviousValue()).contains("\"text\":\"Working on it\"");
        assertThat(event.getChangedAt()).isEqualTo(Instant.ofEpochSecond(1763793015L, 123_456_000L));
        assertThat(event.getGroupId()).isEqualTo("topics");
    }

    @Test
    void aCreatedItemKeepsItsNameGroupAndColumnValues() {
        String trigger = MondayPayloads.newTrigger();
        long item = ITEM_IDS.incrementAndGet();

        assertThat(deliver("acme", MondayPayloads.createPulse(trigger, BOARD, item)).statusCode()).isEqualTo(200);

        MondayItemEvent event = awaitEvent(trigger).value();
        assertThat(event.getItemName()).isEqualTo("Sarah Chen");
        assertThat(event.getGroupId()).isEqualTo("topics");
        assertThat(event.getColumnValues()).containsEntry("email", "{\"email\":\"s.chen@globex.com\",\"text\":\"s.chen@globex.com\"}")
                .containsEntry("numbers", "{\"value\":42}");
    }

    @Test
    void aMoveBetweenGroupsNamesTheNewAndThePreviousGroup() {
        String trigger = MondayPayloads.newTrigger();
        long item = ITEM_IDS.incrementAndGet();

        assertThat(deliver("acme", MondayPayloads.moveToGroup(trigger, BOARD, item)).statusCode()).isEqualTo(200);

        MondayItemEvent event = awaitEvent(trigger).value();
        assertThat(event.getGroupId()).isEqualTo("closed_won");
        assertThat(event.getPreviousGroupId()).isEqualTo("topics");
    }

    @Test
    void aRenameCarriesTheNewName() {
        String trigger = MondayPayloads.newTrigger();
        long item = ITEM_IDS.incrementAndGet();

        assertThat(deliver("acme", MondayPayloads.nameChange(trigger, BOARD, item)).statusCode()).isEqualTo(200);

        MondayItemEvent event = awaitEvent(trigger).value();
        assertThat(event.getItemName()).isEqualTo("Sarah Chen-Park");
        assertThat(event.getValue()).isEqualTo("{\"name\":\"Sarah Chen-Park\"}");
    }

    @Test
    void theChallengeHandshakeIsEchoed() throws Exception {
        // when monday creates the webhook and sends its challenge
        HttpResponse<String> response = ingress.postMonday("acme", "{\"challenge\":\"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P\"}");

        // then the same challenge comes back as JSON with 200
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).path("challenge").asText()).isEqualTo("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P");
    }

    @Test
    void aReplayedDeliveryIsAnsweredWithoutWritingAgain() throws Exception {
        // given a delivery that was acknowledged
        String trigger = MondayPayloads.newTrigger();
        long item = ITEM_IDS.incrementAndGet();
        String body = MondayPayloads.statusChange(trigger, BOARD, item);
        assertThat(deliver("acme", body).statusCode()).isEqualTo(200);
        awaitEvent(trigger);

        // when monday sends it again (a retry), twice
        HttpResponse<String> again = deliver("acme", body.replace("\"isRetry\":false", "\"isRetry\":true"));
        HttpResponse<String> third = deliver("acme", body);

        // then both answers are 200 "duplicate" ...
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(json(again).path("status").asText()).isEqualTo("duplicate");
        assertThat(json(third).path("status").asText()).isEqualTo("duplicate");
        // ... and once a later delivery is in the (one-partition) topic, the replayed one is still there only once
        String marker = MondayPayloads.newTrigger();
        assertThat(deliver("acme", MondayPayloads.nameChange(marker, BOARD, item)).statusCode()).isEqualTo(200);
        awaitEvent(marker);
        assertThat(itemEvents.read(MondayItemEvent.class).stream()
                .filter(r -> r.value().getTriggerUuid().equals(trigger))).hasSize(1);
    }

    @Test
    void copiesOfOneDeliveryArrivingAtOnceAreWrittenOnce() throws Exception {
        // given ten copies of one delivery sent at the same moment
        String trigger = MondayPayloads.newTrigger();
        long item = ITEM_IDS.incrementAndGet();
        String body = MondayPayloads.statusChange(trigger, BOARD, item);
        String jwt = validJwt();
        List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> copies = java.util.stream.IntStream.range(0, 10)
                .mapToObj(i -> ingress.http.sendAsync(java.net.http.HttpRequest.newBuilder(ingress.uri("/webhooks/monday/acme"))
                        .header("Authorization", jwt).POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                        HttpResponse.BodyHandlers.ofString()))
                .toList();

        // when they are all answered
        List<JsonNode> answers = new java.util.ArrayList<>();
        for (var copy : copies) {
            HttpResponse<String> response = copy.get();
            assertThat(response.statusCode()).isEqualTo(200);
            answers.add(json(response));
        }

        // then exactly one was written, the others were told "duplicate", and Kafka holds it once
        assertThat(answers).filteredOn(a -> a.path("status").asText().equals("accepted")).hasSize(1);
        assertThat(answers).filteredOn(a -> a.path("status").asText().equals("duplicate")).hasSize(9);
        String marker = MondayPayloads.newTrigger();
        assertThat(deliver("acme", MondayPayloads.nameChange(marker, BOARD, item)).statusCode()).isEqualTo(200);
        awaitEvent(marker);
        assertThat(itemEvents.read(MondayItemEvent.class).stream()
                .filter(r -> r.value().getTriggerUuid().equals(trigger))).hasSize(1);
    }

    @Test
    void aForgedJwtIsRefusedWith401AndNothingIsWritten() throws Exception {
        // given a token signed with another secret
        String forged = JWT.create().withClaim("accountId", 555_001)
                .withExpiresAt(Instant.now().plusSeconds(60)).sign(Algorithm.HMAC256("not-the-app-signing-secret"));
        String trigger = MondayPayloads.newTrigger();

        // when it comes with a delivery
        HttpResponse<String> response = ingress.postMonday("acme", MondayPayloads.createPulse(trigger, BOARD, ITEM_IDS.incrementAndGet()), forged);

        // then 401, and the response does not echo the token
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(json(response).path("reason").asText()).isEqualTo("FORGED");
        assertThat(response.body()).doesNotContain(forged);
        assertNotWritten(trigger);
    }

    @Test
    void anExpiredJwtIsRefusedWith401() throws Exception {
        String expired = JWT.create().withClaim("accountId", 555_001)
                .withIssuedAt(Instant.now().minusSeconds(600))
                .withExpiresAt(Instant.now().minusSeconds(300)).sign(Algorithm.HMAC256(RunningIngress.MONDAY_SECRET));
        String trigger = MondayPayloads.newTrigger();

        HttpResponse<String> response = ingress.postMonday("acme", MondayPayloads.createPulse(trigger, BOARD, ITEM_IDS.incrementAndGet()), expired);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(json(response).path("reason").asText()).isEqualTo("EXPIRED");
        assertNotWritten(trigger);
    }

    @Test
    void aDeliveryWithoutJwtIsRefusedWhenASigningSecretIsConfigured() throws Exception {
        String trigger = MondayPayloads.newTrigger();

        HttpResponse<String> response = ingress.postMonday("acme", MondayPayloads.createPulse(trigger, BOARD, ITEM_IDS.incrementAndGet()));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(json(response).path("reason").asText()).isEqualTo("MISSING");
        assertNotWritten(trigger);
    }

    @Test
    void aBearerPrefixedJwtIsAccepted() {
        String trigger = MondayPayloads.newTrigger();

        HttpResponse<String> response = ingress.postMonday("acme",
                MondayPayloads.createPulse(trigger, BOARD, ITEM_IDS.incrementAndGet()), "Bearer " + validJwt());

        assertThat(response.statusCode()).isEqualTo(200);
        awaitEvent(trigger);
    }

    @Test
    void malformedJsonGets400SayingWhatIsWrongAndIsKeptAsADeadLetter() throws Exception {
        // given a body cut off in the middle
        String broken = "{\"event\": {\"type\": \"create_pulse\", \"boardId\": 12";

        // when it is delivered
        HttpResponse<String> response = deliver("acme", broken);

        // then 400 names the problem and where it is ...
        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode answer = json(response);
        assertThat(answer.path("error").asText()).isEqualTo("MALFORMED_JSON");
        assertThat(answer.path("message").asText()).contains("not valid JSON").contains("line 1");
        // ... and the raw body is kept unchanged in the dead-letter topic with the reason
        String id = answer.path("deadLetterId").asText();
        Read<DeadLetter> kept = awaitDeadLetter(id);
        assertThat(StandardCharsets.UTF_8.decode(kept.value().getValue()).toString()).isEqualTo(broken);
        assertThat(kept.value().getErrorType()).isEqualTo("MALFORMED_JSON");
        assertThat(kept.value().getReason()).contains("not valid JSON");
        assertThat(kept.value().getTenantId()).isEqualTo("acme");
        assertThat(kept.value().getSourceTopic()).isEqualTo(ingress.topics.itemEvents());
        assertThat(kept.value().getContext()).containsEntry("replayTo", "POST /webhooks/monday/acme");
        assertThat(kept.headers()).containsEntry(DeadLetterHeaders.ERROR_TYPE, ErrorType.MALFORMED_JSON.name())
                .containsEntry(DeadLetterHeaders.PART, "ingress").containsEntry(DeadLetterHeaders.TENANT, "acme")
                .containsEntry(DeadLetterHeaders.SOURCE_TOPIC, ingress.topics.itemEvents())
                .containsKey(DeadLetterHeaders.REASON).containsKey(DeadLetterHeaders.ID);
        assertThat(kept.value().getContext()).containsEntry(DeadLetterHeaders.CONTEXT_PART, "ingress");
    }

    @Test
    void theSameMalformedBodyRetriedIsKeptOnce() throws Exception {
        String broken = "{\"event\": [1, 2, " + System.nanoTime();

        HttpResponse<String> first = deliver("acme", broken);
        HttpResponse<String> second = deliver("acme", broken);

        assertThat(first.statusCode()).isEqualTo(400);
        assertThat(second.statusCode()).isEqualTo(400);
        String id = json(first).path("deadLetterId").asText();
        assertThat(json(second).path("deadLetterId").asText()).isEqualTo(id);
        // a later dead letter proves the topic was read past any second copy
        HttpResponse<String> marker = deliver("acme", "not json " + System.nanoTime());
        awaitDeadLetter(json(marker).path("deadLetterId").asText());
        assertThat(deadLetters.read(DeadLetter.class).stream().filter(r -> r.value().getDeadLetterId().equals(id))).hasSize(1);
    }

    @Test
    void anEventWithoutTriggerUuidGets400AndIsKept() throws Exception {
        String body = MondayPayloads.createPulse("x", BOARD, ITEM_IDS.incrementAndGet()).replace("\"triggerUuid\":\"x\"", "\"other\":1");

        HttpResponse<String> response = deliver("acme", body);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).path("error").asText()).isEqualTo("INVALID_PAYLOAD");
        assertThat(json(response).path("message").asText()).contains("triggerUuid");
        assertThat(awaitDeadLetter(json(response).path("deadLetterId").asText()).value().getErrorType()).isEqualTo("INVALID_PAYLOAD");
    }

    @Test
    void aBoardEventWithoutAnItemIsAcceptedAndKept() throws Exception {
        // given an event type about a group, not an item
        String trigger = MondayPayloads.newTrigger();

        // when it is delivered
        HttpResponse<String> response = deliver("acme", MondayPayloads.createGroup(trigger, BOARD));

        // then it is accepted (monday must not retry it) and kept, not dropped
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode answer = json(response);
        assertThat(answer.path("status").asText()).isEqualTo("kept");
        assertThat(answer.path("problem").asText()).isEqualTo("NOT_AN_ITEM_EVENT");
        Read<DeadLetter> kept = awaitDeadLetter(answer.path("deadLetterId").asText());
        assertThat(kept.value().getContext()).containsEntry("triggerUuid", trigger).containsEntry("deliveredType", "create_group");
    }

    @Test
    void aBodyOverTheSizeLimitGets413() throws Exception {
        // given a body over the default limit of 1 MiB
        String padding = "x".repeat((int) IngressConfig.DEFAULT_MAX_BODY_BYTES);
        String body = "{\"event\":{\"type\":\"create_pulse\",\"pad\":\"" + padding + "\"}}";

        // when it is delivered
        HttpResponse<String> response = deliver("acme", body);

        // then 413 names the limit
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(json(response).path("error").asText()).isEqualTo("BODY_TOO_LARGE");
        assertThat(json(response).path("message").asText()).contains(Long.toString(IngressConfig.DEFAULT_MAX_BODY_BYTES));
        // and the refusal is counted by its cause
        assertThat(ingress.meters.get("ingress.refusals").tag("status", "413").tag("reason", "BODY_TOO_LARGE")
                .counter().count()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aTenantIdThatWouldBreakTheKeysIsRefused() throws Exception {
        HttpResponse<String> response = deliver("ac:me", MondayPayloads.createPulse(MondayPayloads.newTrigger(), BOARD, 1));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).path("error").asText()).isEqualTo("INVALID_TENANT");
    }

    private static Read<DeadLetter> awaitDeadLetter(String id) {
        List<Read<DeadLetter>> found = deadLetters.awaitMatching(DeadLetter.class, r -> r.value().getDeadLetterId().equals(id));
        return found.get(0);
    }

    /** Nothing with this trigger reached the topic: checked after a later delivery is seen there. */
    private static void assertNotWritten(String trigger) {
        String marker = MondayPayloads.newTrigger();
        assertThat(deliver("acme", MondayPayloads.createPulse(marker, BOARD, ITEM_IDS.incrementAndGet())).statusCode()).isEqualTo(200);
        awaitEvent(marker);
        assertThat(itemEvents.read(MondayItemEvent.class).stream().filter(r -> r.value().getTriggerUuid().equals(trigger))).isEmpty();
    }
}

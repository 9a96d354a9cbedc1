package com.coeffection.sync.history;

import com.coeffection.sync.contract.DeadLetterHeaders;
import com.coeffection.sync.history.deadletters.Replayer;
import com.coeffection.sync.schema.ControlKind;
import com.coeffection.sync.schema.DeadLetter;
import com.coeffection.sync.schema.SyncControl;
import com.coeffection.sync.schema.SyncHistoryEntry;
import com.coeffection.sync.serde.AvroDeserializer;
import com.coeffection.sync.testkit.RealInfra;
import com.coeffection.sync.testkit.RealInfraExtension;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static com.coeffection.sync.history.HistoryCluster.ACME_TOKEN;
import static com.coeffection.sync.history.HistoryCluster.OPERATOR_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Retry of a failed entry (safe to press twice) and bulk replay of dead letters (dry run first, at most once per
 * request id, replayed ones marked), on two instances and the real broker. The processor's side of a retry is
 * played by writing what it writes: its {@code ctl:{requestId}} entry and the sink's outcome of its command.
 */
@ExtendWith(RealInfraExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RetryAndReplayIntegrationTest {
    private static final Instant T0 = Instant.now().minus(Duration.ofHours(2));
    private HistoryCluster cluster;
    private String replayTarget;

    @BeforeAll
    void start(RealInfra infra) {
        cluster = new HistoryCluster(infra).start(2);
        replayTarget = infra.uniqueTopic("replay-target", 4);
    }

    @AfterAll
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void pressingRetryTwiceAsksOnceAndTheEntryShowsTheRetrysOutcome() {
        String record = cluster.recordOwnedBy(1, 1);
        SyncHistoryEntry failed = Samples.decision("acme", record, "rc:retry-me", T0).build();
        cluster.decided(failed);
        cluster.reported(Samples.refused(failed, 0, T0.plusSeconds(1)).build());
        await().atMost(Duration.ofSeconds(30)).until(() -> "FAILED".equals(status(0, "rc:retry-me")));

        HistoryCluster.Answer first = cluster.post(0, "/api/v1/tenants/acme/entries/rc:retry-me/retry", ACME_TOKEN, "");
        HistoryCluster.Answer second = cluster.post(0, "/api/v1/tenants/acme/entries/rc:retry-me/retry", ACME_TOKEN, "");

        assertThat(first.status()).isEqualTo(202);
        assertThat(first.body().get("requestId").asText()).isEqualTo("retry:rc:retry-me:0");
        assertThat(first.body().get("alreadyRequested").asBoolean()).isFalse();
        assertThat(second.body().get("requestId").asText()).isEqualTo("retry:rc:retry-me:0");
        assertThat(second.body().get("alreadyRequested").asBoolean()).isTrue();
        List<SyncControl> requests = controls(1);
        assertThat(requests).hasSize(1);
        SyncControl resend = requests.get(0);
        assertThat(resend.getKind()).isEqualTo(ControlKind.RESEND);
        assertThat(resend.getEntryId()).isEqualTo("rc:retry-me");
        assertThat(resend.getRecordId()).isEqualTo(record);
        assertThat(resend.getFields()).containsExactly("email", "stage");

        // what the processor and the sink then write
        SyncHistoryEntry retry = Samples.decision("acme", record, "ctl:retry:rc:retry-me:0", T0.plusSeconds(600))
                .setRelatedEntryId("rc:retry-me").setControlRequestId("retry:rc:retry-me:0").build();
        cluster.decided(retry);
        cluster.reported(Samples.delivered(retry, 0, T0.plusSeconds(601)).build());

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode entry = cluster.get(1, "/api/v1/tenants/acme/entries/rc:retry-me", ACME_TOKEN).body();
            assertThat(entry.get("status").asText()).isEqualTo("RETRIED");
            assertThat(entry.get("retries").get(0).get("status").asText()).isEqualTo("SUCCEEDED");
            assertThat(entry.get("fields").get(0).get("before").asText()).isEqualTo("old@acme.test");
        });
        HistoryCluster.Answer third = cluster.post(1, "/api/v1/tenants/acme/entries/rc:retry-me/retry", ACME_TOKEN, "");
        assertThat(third.body().get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(third.body().get("alreadyRequested").asBoolean()).isTrue();
        assertThat(controls(1)).hasSize(1);
    }

    @Test
    void anEntryThatDidNotFailCannotBeRetried() {
        String record = cluster.recordOwnedBy(0, 2);
        SyncHistoryEntry fine = Samples.decision("acme", record, "rc:all-good", T0).build();
        cluster.decided(fine);
        cluster.reported(Samples.delivered(fine, 0, T0.plusSeconds(1)).build());
        await().atMost(Duration.ofSeconds(30)).until(() -> "SUCCEEDED".equals(status(1, "rc:all-good")));

        HistoryCluster.Answer answer = cluster.post(1, "/api/v1/tenants/acme/entries/rc:all-good/retry", ACME_TOKEN, "");
        assertThat(answer.status()).isEqualTo(409);
        assertThat(answer.body().get("message").asText()).contains("SUCCEEDED");
    }

    @Test
    void aBulkReplayIsDryRunFirstThenReplaysEachDeadLetterOncePerRequestIdAndMarksIt() {
        for (int i = 0; i < 6; i++) {
            String type = i < 4 ? "MONDAY_PERMANENT" : "WRONG_VALUE_TYPE";
            cluster.deadLettered("acme:Contact:dl" + i, letter("dlq:x:" + i, "acme:Contact:dl" + i, type,
                    T0.plusSeconds(i), ("original-bytes-" + i).getBytes(StandardCharsets.UTF_8)));
        }
        cluster.deadLettered("globex:Contact:g", letter("dlq:x:g", "globex:Contact:g", "MONDAY_PERMANENT", T0,
                "globex".getBytes(StandardCharsets.UTF_8)));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                cluster.get(1, "/api/v1/tenants/acme/dead-letters?limit=100", ACME_TOKEN).body().get("items").size() == 6);

        HistoryCluster.Answer dry = cluster.post(0, "/api/v1/tenants/acme/dead-letters/replay", ACME_TOKEN,
                "{\"errorCode\":\"MONDAY_PERMANENT\",\"since\":\"" + T0.minusSeconds(1) + "\"}");
        assertThat(dry.body().get("dryRun").asBoolean()).isTrue();
        assertThat(dry.body().get("matched").asInt()).isEqualTo(4);
        assertThat(dry.body().get("byErrorType").get("MONDAY_PERMANENT").asInt()).isEqualTo(4);
        assertThat(dry.body().get("replayed").asInt()).isZero();

        String replay = "{\"requestId\":\"replay-1\",\"dryRun\":false,\"errorCode\":\"MONDAY_PERMANENT\"}";
        HistoryCluster.Answer done = cluster.post(0, "/api/v1/tenants/acme/dead-letters/replay", ACME_TOKEN, replay);
        assertThat(done.body().get("replayed").asInt()).isEqualTo(4);
        HistoryCluster.Answer again = cluster.post(1, "/api/v1/tenants/acme/dead-letters/replay", ACME_TOKEN, replay);
        assertThat(again.body().get("replayed").asInt()).isZero();
        assertThat(again.body().get("alreadyReplayed").asInt()).isEqualTo(4);

        List<ConsumerRecord<String, byte[]>> replayed = cluster.infra.readAll(replayTarget, 5, Duration.ofSeconds(10));
        assertThat(replayed).hasSize(4);
        assertThat(replayed).extracting(r -> r.key() + "=" + new String(r.value(), StandardCharsets.UTF_8))
                .containsExactlyInAnyOrder("acme:Contact:dl0=original-bytes-0", "acme:Contact:dl1=original-bytes-1",
                        "acme:Contact:dl2=original-bytes-2", "acme:Contact:dl3=original-bytes-3");
        assertThat(DeadLetterHeaders.read(replayed.get(0).headers(), Replayer.HEADER_REPLAY_REQUEST)).isEqualTo("replay-1");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode letters = cluster.get(0, "/api/v1/tenants/acme/dead-letters?errorCode=MONDAY_PERMANENT",
                    ACME_TOKEN).body().get("items");
            assertThat(letters).hasSize(4);
            letters.forEach(l -> assertThat(l.get("replays").toString()).contains("replay-1"));
        });
        assertThat(cluster.get(0, "/api/v1/tenants/globex/dead-letters", OPERATOR_TOKEN).body().get("items"))
                .hasSize(1);
    }

    @Test
    void aReplayWithoutARequestIdOrFilterIsRefused() {
        HistoryCluster.Answer noId = cluster.post(0, "/api/v1/tenants/acme/dead-letters/replay", ACME_TOKEN,
                "{\"dryRun\":false,\"errorCode\":\"X\"}");
        assertThat(noId.status()).isEqualTo(400);
        assertThat(noId.body().get("message").asText()).startsWith("requestId is required");
        HistoryCluster.Answer noFilter = cluster.post(0, "/api/v1/tenants/acme/dead-letters/replay", ACME_TOKEN,
                "{\"dryRun\":false,\"requestId\":\"r\"}");
        assertThat(noFilter.status()).isEqualTo(400);
    }

    private DeadLetter letter(String id, String recordKey, String type, Instant at, byte[] value) {
        return DeadLetter.newBuilder().setDeadLetterId(id).setSourceTopic(replayTarget).setSourcePartition(0)
                .setSourceOffset(0L).setKey(ByteBuffer.wrap(recordKey.getBytes(StandardCharsets.UTF_8)))
                .setValue(ByteBuffer.wrap(value)).setErrorType(type).setReason("monday refused it")
                .setTenantId(recordKey.substring(0, recordKey.indexOf(':'))).setRecordKey(recordKey).setAttempts(1)
                .setContext(Map.of(DeadLetterHeaders.CONTEXT_PART, "sink", DeadLetterHeaders.CONTEXT_ERROR_CODE,
                        "ColumnValueException"))
                .setOccurredAt(at).build();
    }

    private String status(int instance, String entryId) {
        HistoryCluster.Answer a = cluster.get(instance, "/api/v1/tenants/acme/entries/" + entryId, ACME_TOKEN);
        return a.status() == 200 ? a.body().get("status").asText() : null;
    }

    private List<SyncControl> controls(int expected) {
        var deserializer = new AvroDeserializer<>(cluster.registry, SyncControl.class);
        return cluster.infra.readAll(cluster.topics.control(), expected + 1, Duration.ofSeconds(3)).stream()
                .map(r -> deserializer.deserialize(r.topic(), r.value())).toList();
    }
}

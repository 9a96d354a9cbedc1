package com.coeffection.sync.connections;

import com.coeffection.sync.schema.Actor;
import com.coeffection.sync.schema.ActorKind;
import com.coeffection.sync.schema.HistoryStatus;
import com.coeffection.sync.schema.SyncDirection;
import com.coeffection.sync.schema.SyncHistoryEntry;
import com.coeffection.sync.serde.AvroSerializer;
import com.coeffection.sync.serde.SchemaRegistryClient;
import com.coeffection.sync.testkit.RealInfra;
import com.coeffection.sync.testkit.RealInfraExtension;
import com.coeffection.sync.topics.SyncTopics;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The integration page's recent errors come from the sync history: failures of the last 24 hours are shown after the
 * server starts (not only those it saw itself), each naming its history entry, and an entry retried with success
 * leaves the list.
 */
@ExtendWith(RealInfraExtension.class)
class RecentErrorsFromHistoryTest {
    @Test
    @DisplayName("Given failed history entries from 1 hour and 30 hours ago, when the server starts, then the recent one is a recent error naming its entry and the old one is not; after a successful retry it is gone")
    void recentErrorsFromTheHistory(RealInfra infra, @TempDir Path dir) throws Exception {
        SyncTopics topics = ConnectionsHarness.topics(infra);
        Instant now = Instant.now();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(infra.producerConfig(), new StringSerializer(),
                new ByteArraySerializer())) {
            send(producer, topics, entry("hist-old", HistoryStatus.FAILED, now.minus(Duration.ofHours(30))));
            send(producer, topics, entry("hist-recent", HistoryStatus.FAILED, now.minus(Duration.ofHours(1))));
            send(producer, topics, entry("hist-other-tenant", HistoryStatus.REJECTED, now.minus(Duration.ofHours(1)))
                    .setTenantId("globex").build());
        }

        try (ConnectionsHarness harness = new ConnectionsHarness(infra, dir, null, topics)) {
            ConnectionsHarness.Browser admin = harness.browser();
            assertThat(admin.signIn("acme", ConnectionsHarness.ACME_TOKEN).status()).isEqualTo(200);

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                JsonNode errors = admin.get(harness.api("/tenants/acme/monday")).json().get("recentErrors");
                assertThat(errors).hasSize(1);
                assertThat(errors.get(0).get("historyEntryId").asText()).isEqualTo("hist-recent");
                assertThat(errors.get(0).get("errorCode").asText()).isEqualTo("ColumnValueException");
                assertThat(errors.get(0).get("message").asText()).isEqualTo("monday refused the phone");
                assertThat(errors.get(0).get("record").asText()).isEqualTo("Contact:cnt_1");
                assertThat(errors.get(0).get("at").asText()).startsWith(now.minus(Duration.ofHours(1)).toString().substring(0, 13));
            });

            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(infra.producerConfig(), new StringSerializer(),
                    new ByteArraySerializer())) {
                send(producer, topics, entry("hist-recent", HistoryStatus.SUCCEEDED, Instant.now()));
            }
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(admin.get(harness.api("/tenants/acme/monday")).json().get("recentErrors")).isEmpty());
        }
    }

    private static void send(KafkaProducer<String, byte[]> producer, SyncTopics topics, SyncHistoryEntry.Builder entry)
            throws Exception {
        send(producer, topics, entry.build());
    }

    private static void send(KafkaProducer<String, byte[]> producer, SyncTopics topics, SyncHistoryEntry entry)
            throws Exception {
        byte[] value = new AvroSerializer<>(new SchemaRegistryClient(RealInfra.shared().schemaRegistryUrl()),
                SyncHistoryEntry.class).serialize(topics.history(), entry);
        // the record carries the time of the entry (what the lookback of the status goes by)
        producer.send(new ProducerRecord<>(topics.history(), null, entry.getUpdatedAt().toEpochMilli(), entry.getEntryId(),
                value)).get();
    }

    private static SyncHistoryEntry.Builder entry(String id, HistoryStatus status, Instant at) {
        boolean failed = status != HistoryStatus.SUCCEEDED;
        return SyncHistoryEntry.newBuilder().setEntryId(id).setTenantId("acme").setEntityType("Contact")
                .setRecordId("cnt_1").setBoardId(42L).setItemId(7L).setDirection(SyncDirection.COEFFECTION_TO_MONDAY)
                .setStatus(status).setTriggeredBy(Actor.newBuilder().setKind(ActorKind.USER).build())
                .setErrorCode(failed ? "ColumnValueException" : null).setErrorMessage(failed ? "monday refused the phone" : null)
                .setOccurredAt(at).setUpdatedAt(at);
    }
}

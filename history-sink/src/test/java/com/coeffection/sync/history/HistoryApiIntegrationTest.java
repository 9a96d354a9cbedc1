package com.coeffection.sync.history;

import com.coeffection.sync.schema.SyncHistoryEntry;
import com.coeffection.sync.testkit.RealInfra;
import com.coeffection.sync.testkit.RealInfraExtension;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static com.coeffection.sync.history.HistoryCluster.ACME_TOKEN;
import static com.coeffection.sync.history.HistoryCluster.GLOBEX_TOKEN;
import static com.coeffection.sync.history.HistoryCluster.OPERATOR_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two history-sink instances in one JVM on the real broker: each answers for records the other owns, tenant-wide
 * lists and counts cover both, tokens keep tenants apart, bad requests get 400 and unknown records 404.
 */
@ExtendWith(RealInfraExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HistoryApiIntegrationTest {
    private static final Instant T0 = Instant.now().minus(Duration.ofHours(1));
    private HistoryCluster cluster;
    private String ownedByFirst;
    private String ownedBySecond;

    @BeforeAll
    void start(RealInfra infra) {
        cluster = new HistoryCluster(infra).start(2);
        ownedByFirst = cluster.recordOwnedBy(0, 0);
        ownedBySecond = cluster.recordOwnedBy(1, 0);
        for (String record : List.of(ownedByFirst, ownedBySecond)) {
            SyncHistoryEntry older = Samples.decision("acme", record, "rc:" + record + "-1", T0).build();
            SyncHistoryEntry newer = Samples.decision("acme", record, "rc:" + record + "-2", T0.plusSeconds(60)).build();
            cluster.decided(older);
            cluster.decided(newer);
            cluster.reported(Samples.delivered(older, 0, T0.plusSeconds(1)).build());
            cluster.reported(Samples.refused(newer, 0, T0.plusSeconds(61)).build());
        }
        cluster.decided(Samples.decision("globex", "g1", "rc:globex-1", T0).build());
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            HistoryCluster.Answer a = cluster.get(0, "/api/v1/tenants/acme/entries?status=FAILED", OPERATOR_TOKEN);
            // globex's entry too (it may sit on another partition, read a little later)
            HistoryCluster.Answer g = cluster.get(0, "/api/v1/tenants/globex/entries", OPERATOR_TOKEN);
            return a.status() == 200 && a.body().get("items").size() == 2
                    && g.status() == 200 && g.body().get("items").size() == 1;
        });
    }

    @AfterAll
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void eachInstanceAnswersForARecordTheOtherOwnsNewestFirstWithMondaysMessage() {
        assertThat(cluster.instance(0).ownerPort("acme", "Contact", ownedBySecond)).isEqualTo(cluster.instance(1).port());
        for (int[] askOwner : new int[][]{{0, 1}, {1, 0}}) {
            String record = askOwner[1] == 1 ? ownedBySecond : ownedByFirst;
            HistoryCluster.Answer a = cluster.get(askOwner[0], "/api/v1/tenants/acme/records/Contact/" + record
                    + "/history", ACME_TOKEN);
            assertThat(a.status()).isEqualTo(200);
            JsonNode items = a.body().get("items");
            assertThat(items).hasSize(2);
            assertThat(items.get(0).get("entryId").asText()).isEqualTo("rc:" + record + "-2");
            assertThat(items.get(0).get("status").asText()).isEqualTo("FAILED");
            assertThat(items.get(0).get("errorMessage").asText()).startsWith("invalid value, please check our API");
            assertThat(items.get(0).get("fields").get(0).get("before").asText()).isEqualTo("old@acme.test");
            assertThat(items.get(0).get("fields").get(0).get("after").asText()).isEqualTo("new@acme.test");
            assertThat(items.get(0).get("rule").asText()).isEqualTo("latest-change-wins");
            assertThat(items.get(0).get("triggeredBy").get("name").asText()).isEqualTo("Alice Martin");
            assertThat(items.get(1).get("status").asText()).isEqualTo("SUCCEEDED");
        }
    }

    @Test
    void aRecordsHistoryIsPagedByCursor() {
        String path = "/api/v1/tenants/acme/records/Contact/" + ownedBySecond + "/history?limit=1";
        HistoryCluster.Answer first = cluster.get(0, path, ACME_TOKEN);
        assertThat(first.body().get("items")).hasSize(1);
        String cursor = first.body().get("next").asText();
        HistoryCluster.Answer second = cluster.get(0, path + "&cursor=" + java.net.URLEncoder.encode(cursor,
                StandardCharsets.UTF_8), ACME_TOKEN);
        assertThat(second.body().get("items").get(0).get("entryId").asText()).isEqualTo("rc:" + ownedBySecond + "-1");
        assertThat(second.body().get("next").isNull()).isTrue();
    }

    @Test
    void aFilteredListAndTheCountsCoverBothInstances() {
        for (int i = 0; i < 2; i++) {
            HistoryCluster.Answer failed = cluster.get(i, "/api/v1/tenants/acme/entries?status=FAILED&errorCode="
                    + "ColumnValueException&direction=COEFFECTION_TO_MONDAY&since=1d", ACME_TOKEN);
            List<String> ids = new ArrayList<>();
            failed.body().get("items").forEach(e -> ids.add(e.get("entryId").asText()));
            assertThat(ids).containsExactlyInAnyOrder("rc:" + ownedByFirst + "-2", "rc:" + ownedBySecond + "-2");
            HistoryCluster.Answer counts = cluster.get(i, "/api/v1/tenants/acme/counts", ACME_TOKEN);
            assertThat(counts.body().get("FAILED").asLong()).isEqualTo(2);
            assertThat(counts.body().get("SUCCEEDED").asLong()).isEqualTo(2);
        }
        HistoryCluster.Answer later = cluster.get(0, "/api/v1/tenants/acme/entries?until=" + T0.minusSeconds(1),
                ACME_TOKEN);
        assertThat(later.body().get("items")).isEmpty();
    }

    @Test
    void aRecordIsFoundByItsIdOrAnEmailItHolds() {
        HistoryCluster.Answer byId = cluster.get(0, "/api/v1/tenants/acme/records?q=" + ownedBySecond, ACME_TOKEN);
        assertThat(byId.body()).hasSize(1);
        assertThat(byId.body().get(0).get("recordId").asText()).isEqualTo(ownedBySecond);
        HistoryCluster.Answer byEmail = cluster.get(1, "/api/v1/tenants/acme/records?q=NEW@acme.test", ACME_TOKEN);
        assertThat(byEmail.body()).hasSize(2);
    }

    @Test
    void aTenantsTokenNeverReadsAnotherTenantsEntries() {
        HistoryCluster.Answer other = cluster.get(0, "/api/v1/tenants/acme/records/Contact/" + ownedByFirst
                + "/history", GLOBEX_TOKEN);
        assertThat(other.status()).isEqualTo(403);
        assertThat(other.body().get("error").asText()).isEqualTo("FORBIDDEN");
        assertThat(other.body().get("message").asText()).contains("globex").contains("acme");
        assertThat(cluster.get(1, "/api/v1/tenants/acme/entries", GLOBEX_TOKEN).status()).isEqualTo(403);
        HistoryCluster.Answer sneaky = cluster.get(1, "/api/v1/tenants/globex/entries/rc:" + ownedByFirst + "-2",
                GLOBEX_TOKEN);
        assertThat(sneaky.status()).isEqualTo(404);
        HistoryCluster.Answer own = cluster.get(1, "/api/v1/tenants/globex/entries", GLOBEX_TOKEN);
        assertThat(own.body().get("items")).extracting(e -> e.get("tenantId").asText()).containsOnly("globex");
        assertThat(cluster.get(0, "/api/v1/tenants/globex/entries", OPERATOR_TOKEN).status()).isEqualTo(200);
    }

    @Test
    void withoutAValidTokenTheAnswerIs401WithAClearBody() {
        HistoryCluster.Answer none = cluster.get(0, "/api/v1/tenants/acme/entries", null);
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.body().get("message").asText()).contains("Authorization: Bearer");
        HistoryCluster.Answer wrong = cluster.get(0, "/api/v1/tenants/acme/entries", "guess");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.body().toString()).doesNotContain(ACME_TOKEN).doesNotContain("guess");
    }

    @Test
    void aMalformedRequestGets400NamingWhatIsWrongAndAnUnknownRecord404() {
        HistoryCluster.Answer limit = cluster.get(0, "/api/v1/tenants/acme/entries?limit=lots", ACME_TOKEN);
        assertThat(limit.status()).isEqualTo(400);
        assertThat(limit.body().get("message").asText()).startsWith("limit must be");
        HistoryCluster.Answer status = cluster.get(0, "/api/v1/tenants/acme/entries?status=BROKEN", ACME_TOKEN);
        assertThat(status.status()).isEqualTo(400);
        assertThat(status.body().get("message").asText()).contains("status").contains("BROKEN");
        HistoryCluster.Answer since = cluster.get(0, "/api/v1/tenants/acme/entries?since=yesterday", ACME_TOKEN);
        assertThat(since.body().get("message").asText()).startsWith("since must be");
        HistoryCluster.Answer unknown = cluster.get(1, "/api/v1/tenants/acme/records/Contact/nobody/history", ACME_TOKEN);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body().get("error").asText()).isEqualTo("UNKNOWN_RECORD");
        assertThat(cluster.get(0, "/api/v1/tenants/acme/entries/rc:none", ACME_TOKEN).status()).isEqualTo(404);
        HistoryCluster.Answer body = cluster.post(0, "/api/v1/tenants/acme/dead-letters/replay", ACME_TOKEN, "[1,");
        assertThat(body.status()).isEqualTo(400);
    }

    @Test
    void eachInstanceReportsItsShareOfEntriesByStatus() {
        await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> {
            long failed = 0;
            for (HistoryApp app : cluster.instances) {
                String text = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(app.baseUrl() + "/metrics")).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString()).body();
                for (String line : text.split("\n")) {
                    if (line.startsWith("sync_history_entries{") && line.contains("status=\"FAILED\"")
                            && line.contains("tenant=\"acme\"")) {
                        failed += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                    }
                }
            }
            assertThat(failed).isEqualTo(2);
        });
    }

    @Test
    void theCompactedHistoryTopicHoldsTheMergedEntryKeyedByEntryId() {
        var records = cluster.infra.readAll(cluster.topics.history(), 5, Duration.ofSeconds(20));
        var deserializer = new com.coeffection.sync.serde.AvroDeserializer<>(cluster.registry, SyncHistoryEntry.class);
        SyncHistoryEntry latest = null;
        for (var r : records) {
            if (r.key().equals("rc:" + ownedByFirst + "-2")) {
                latest = deserializer.deserialize(r.topic(), r.value());
            }
        }
        assertThat(latest).isNotNull();
        assertThat(latest.getStatus().name()).isEqualTo("FAILED");
        assertThat(latest.getFields()).hasSize(2);
    }
}

package com.coeffection.sync.launcher;

import com.coeffection.sync.launcher.history.HistoryCommand;
import com.coeffection.sync.launcher.history.ReplayCommand;
import com.coeffection.sync.schema.CommandOutcome;
import com.coeffection.sync.schema.FieldChange;
import com.coeffection.sync.schema.MondayCommandResult;
import com.coeffection.sync.serde.AvroDeserializer;
import com.coeffection.sync.testkit.RealInfra;
import com.coeffection.sync.testkit.RealInfraExtension;
import com.coeffection.sync.values.FieldValues;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.coeffection.sync.monday.standin.StandInConfig;
import com.coeffection.sync.monday.standin.StandInViews.ItemView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole pipeline with history-sink, on the real broker and registry with the monday stand-in, the real processor
 * and the real monday sink.
 * <ul>
 *   <li>A permanent refusal fixed on monday: a contact's owner is a person who is not a user of the monday account,
 *       so that column is refused (the rest is delivered) and the entry shows why; an admin adds the person to the
 *       account; Retry pressed twice asks for one resend, which is delivered once; the entry shows the retry
 *       succeeded and the item names the owner once.</li>
 *   <li>A write monday refuses with its own message (an owner id the account does not have) keeps its before/after
 *       and rule, and its dead letter is replayed in bulk (dry run first, once per request id); the command line
 *       shows the same as tables.</li>
 * </ul>
 */
@ExtendWith(RealInfraExtension.class)
class HistoryEndToEndTest {
    @TempDir
    Path dataDir;

    @Test
    void aRefusalFixedOnMondayIsRetriedTwiceAndDeliveredOnceAndMondaysOwnRefusalIsReplayedInBulk(RealInfra infra)
            throws Exception {
        try (HistoryPipeline sync = new HistoryPipeline(infra, dataDir)) {
            Instant t0 = Instant.now().minusSeconds(60);

            // the owner is a person the monday account does not have: that column is refused for good
            sync.contactCreated("evt-new-owner", "cnt_new_owner", t0,
                    new FieldChange("fullName", FieldValues.text("Mary Jackson"), t0),
                    new FieldChange("owner", FieldValues.person("nia.new@customer.example", "Nia New", null), t0));
            JsonNode refused = await().atMost(Duration.ofSeconds(90)).until(() -> sync.entry("rc:evt-new-owner"),
                    e -> e != null && e.get("errorMessage").isTextual());
            assertThat(refused.get("errorCode").asText()).isEqualTo("MONDAY_COLUMN_REFUSED");
            assertThat(refused.get("errorMessage").asText()).contains("no monday user has the email nia.new@customer.example");
            assertThat(refused.get("retryable").asBoolean()).isTrue();
            assertThat(field(refused, "owner").get("status").asText()).isEqualTo("FAILED");
            assertThat(field(refused, "owner").get("after").asText()).isEqualTo("Nia New <nia.new@customer.example>");
            assertThat(refused.get("rule").isNull()).isFalse();
            assertThat(refused.get("triggeredBy").get("name").asText()).isEqualTo("Sarah");
            ItemView before = onlyItem(sync, "Mary Jackson");
            assertThat(before.values()).doesNotContainKey("owner");

            // the fix is made on monday: an admin adds the person to the account
            StandInConfig.User nia = sync.monday.addUser("Nia New", "nia.new@customer.example");

            // Retry pressed twice: the same request, asked for once
            JsonNode first = sync.post("/api/v1/tenants/demo/entries/rc:evt-new-owner/retry", "");
            JsonNode second = sync.post("/api/v1/tenants/demo/entries/rc:evt-new-owner/retry", "");
            assertThat(first.get("alreadyRequested").asBoolean()).isFalse();
            assertThat(second.get("requestId").asText()).isEqualTo(first.get("requestId").asText());
            assertThat(second.get("alreadyRequested").asBoolean()).isTrue();
            JsonNode retried = await().atMost(Duration.ofSeconds(90)).until(() -> sync.entry("rc:evt-new-owner"),
                    e -> e != null && e.get("retries").size() == 1
                            && e.get("retries").get(0).get("status").asText().equals("SUCCEEDED"));
            assertThat(retried.get("status").asText()).isEqualTo("RETRIED");
            assertThat(field(retried, "owner").get("before")).isEqualTo(field(refused, "owner").get("before"));
            assertThat(field(retried, "owner").get("after").asText()).isEqualTo("Nia New <nia.new@customer.example>");
            String retryEntryId = retried.get("retries").get(0).get("retryEntryId").asText();
            JsonNode retry = sync.entry(retryEntryId);
            assertThat(retry.get("status").asText()).isEqualTo("SUCCEEDED");
            assertThat(retry.get("commands")).allSatisfy(c -> assertThat(c.get("status").asText()).isEqualTo("SUCCEEDED"));

            // delivered once: one DELIVERED result for the retry, one item, the owner on it once
            var results = new AvroDeserializer<>(sync.registry, MondayCommandResult.class);
            List<MondayCommandResult> retryResults = infra.readAll(sync.config.topics().mondayResults(), 100,
                            Duration.ofSeconds(3)).stream().map(r -> results.deserialize(r.topic(), r.value()))
                    .filter(r -> r.getHistoryEntryId() != null && r.getHistoryEntryId().startsWith("ctl:retry:rc:evt-new-owner"))
                    .toList();
            assertThat(retryResults).extracting(MondayCommandResult::getOutcome).containsExactly(CommandOutcome.DELIVERED);
            ItemView after = onlyItem(sync, "Mary Jackson");
            assertThat(after.id()).isEqualTo(before.id());
            JsonNode owners = new ObjectMapper().readTree(after.values().get("owner").value()).get("personsAndTeams");
            assertThat(owners).hasSize(1);
            assertThat(owners.get(0).get("id").asLong()).isEqualTo(nia.id());
            assertThat(after.values().get("owner").text()).isEqualTo("Nia New");
            JsonNode third = sync.post("/api/v1/tenants/demo/entries/rc:evt-new-owner/retry", "");
            assertThat(third.get("status").asText()).isEqualTo("SUCCEEDED");
            assertThat(third.get("alreadyRequested").asBoolean()).isTrue();

            // an owner id the account does not have: monday refuses that column with its own message
            sync.contactCreated("evt-bad-owner", "cnt_bad", t0.plusSeconds(1),
                    new FieldChange("fullName", FieldValues.text("Grace Hopper"), t0.plusSeconds(1)),
                    new FieldChange("owner", FieldValues.person("ghost@example.com", "Ghost", 424242L), t0.plusSeconds(1)));
            JsonNode mondays = await().atMost(Duration.ofSeconds(90)).until(() -> sync.entry("rc:evt-bad-owner"),
                    e -> e != null && e.get("errorMessage").isTextual());
            assertThat(mondays.get("errorMessage").asText()).contains("user 424242 does not exist in this account");
            assertThat(mondays.get("errorCode").asText()).isEqualTo("MONDAY_COLUMN_REFUSED");
            JsonNode owner = field(mondays, "owner");
            assertThat(owner.get("after").asText()).isEqualTo("Ghost <ghost@example.com>");
            assertThat(owner.get("status").asText()).isEqualTo("FAILED");
            assertThat(owner.get("rule").isNull()).isFalse();
            JsonNode timeline = sync.get("/api/v1/tenants/demo/records/Contact/cnt_bad/history");
            assertThat(timeline.get("items").get(0).get("errorMessage").asText()).contains("does not exist in this account");

            // its dead letter is replayed in bulk: dry run, replay, the same request again replays nothing
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    sync.get("/api/v1/tenants/demo/dead-letters?errorCode=MONDAY_COLUMN_REFUSED&record=demo:Contact:cnt_bad")
                            .get("items").size() >= 1);
            JsonNode dry = sync.post("/api/v1/tenants/demo/dead-letters/replay",
                    "{\"errorCode\":\"MONDAY_COLUMN_REFUSED\",\"record\":\"demo:Contact:cnt_bad\"}");
            assertThat(dry.get("matched").asInt()).isEqualTo(1);
            String replay = "{\"requestId\":\"e2e-replay\",\"dryRun\":false,\"errorCode\":\"MONDAY_COLUMN_REFUSED\","
                    + "\"record\":\"demo:Contact:cnt_bad\"}";
            assertThat(sync.post("/api/v1/tenants/demo/dead-letters/replay", replay).get("replayed").asInt()).isEqualTo(1);
            assertThat(sync.post("/api/v1/tenants/demo/dead-letters/replay", replay).get("replayed").asInt()).isZero();

            // the same from the command line, as readable tables
            Map<String, String> cli = Map.of("HISTORY_URL", sync.history.baseUrl(), "HISTORY_TOKEN", HistoryPipeline.TOKEN);
            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            int code = new CommandLine(new HistoryCommand(new PrintStream(printed, true), cli)).execute("demo:Contact:cnt_new_owner");
            assertThat(code).isZero();
            assertThat(printed.toString()).contains("TIME (UTC)").contains("RETRIED (retry succeeded)")
                    .contains("Mary Jackson").contains("rc:evt-new-owner");
            printed.reset();
            code = new CommandLine(new ReplayCommand(new PrintStream(printed, true), cli))
                    .execute("--tenant", "demo", "--error-code", "MONDAY_COLUMN_REFUSED", "--since", "1h", "--dry-run");
            assertThat(code).isZero();
            assertThat(printed.toString()).contains("Dry run:").contains("MONDAY_COLUMN_REFUSED");
        }
    }

    private static ItemView onlyItem(HistoryPipeline sync, String name) {
        List<ItemView> items = sync.monday.items(sync.contactBoard).stream().filter(i -> i.name().equals(name)).toList();
        assertThat(items).hasSize(1);
        return items.get(0);
    }

    private static JsonNode field(JsonNode entry, String name) {
        for (JsonNode f : entry.get("fields")) {
            if (f.get("field").asText().equals(name)) {
                return f;
            }
        }
        throw new AssertionError("no field " + name + " in " + entry);
    }
}

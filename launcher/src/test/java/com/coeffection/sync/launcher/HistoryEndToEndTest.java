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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole pipeline with history-sink, on the real broker and registry with the monday stand-in: a write monday
 * refuses for good is in the record's history with monday's own message (and keeps its before/after and rule) and
 * its dead letter is replayed in bulk; a delivery that failed while monday had the board locked is retried from
 * the API twice and delivered once, and its entry shows the retry succeeded; the command line shows the same.
 */
@ExtendWith(RealInfraExtension.class)
class HistoryEndToEndTest {
    @TempDir
    Path dataDir;

    @Test
    void aRefusedWriteIsInTheRecordsHistoryItIsRetriedOnceAndItsDeadLetterReplayed(RealInfra infra) throws Exception {
        try (HistoryPipeline sync = new HistoryPipeline(infra, dataDir)) {
            Instant t0 = Instant.now().minusSeconds(60);

            // a contact whose owner is a monday user monday does not know: monday refuses that column for good
            // (the rest is delivered)
            sync.contactCreated("evt-bad-owner", "cnt_bad", t0,
                    new FieldChange("fullName", FieldValues.text("Grace Hopper"), t0),
                    new FieldChange("owner", FieldValues.person("ghost@example.com", "Ghost", 424242L), t0));
            JsonNode refused = await().atMost(Duration.ofSeconds(90)).until(() -> sync.entry("rc:evt-bad-owner"),
                    e -> e != null && e.get("errorMessage").isTextual());
            assertThat(refused.get("errorMessage").asText()).contains("does not exist in this account");
            assertThat(refused.get("errorCode").asText()).isEqualTo("MONDAY_COLUMN_REFUSED");
            JsonNode owner = field(refused, "owner");
            assertThat(owner.get("after").asText()).isEqualTo("Ghost <ghost@example.com>");
            assertThat(owner.get("status").asText()).isEqualTo("FAILED");
            assertThat(owner.get("rule").isNull()).isFalse();
            assertThat(refused.get("rule").isNull()).isFalse();
            assertThat(refused.get("triggeredBy").get("name").asText()).isEqualTo("Sarah");
            JsonNode timeline = sync.get("/api/v1/tenants/demo/records/Contact/cnt_bad/history");
            assertThat(timeline.get("items").get(0).get("errorMessage").asText()).contains("does not exist in this account");

            // its dead letter is replayed in bulk: dry run, replay, the same request again replays nothing
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    sync.get("/api/v1/tenants/demo/dead-letters?errorCode=MONDAY_COLUMN_REFUSED").get("items").size() >= 1);
            JsonNode dry = sync.post("/api/v1/tenants/demo/dead-letters/replay",
                    "{\"errorCode\":\"MONDAY_COLUMN_REFUSED\",\"record\":\"demo:Contact:cnt_bad\"}");
            assertThat(dry.get("matched").asInt()).isEqualTo(1);
            String replay = "{\"requestId\":\"e2e-replay\",\"dryRun\":false,\"errorCode\":\"MONDAY_COLUMN_REFUSED\","
                    + "\"record\":\"demo:Contact:cnt_bad\"}";
            assertThat(sync.post("/api/v1/tenants/demo/dead-letters/replay", replay).get("replayed").asInt()).isEqualTo(1);
            assertThat(sync.post("/api/v1/tenants/demo/dead-letters/replay", replay).get("replayed").asInt()).isZero();

            // a contact written while monday has the board locked: the sink gives up after its attempts
            sync.monday.faults().lockBoard(sync.contactBoard);
            sync.contactCreated("evt-locked", "cnt_locked", t0.plusSeconds(1),
                    new FieldChange("fullName", FieldValues.text("Katherine Johnson"), t0.plusSeconds(1)));
            await().atMost(Duration.ofSeconds(90)).until(() -> sync.entry("rc:evt-locked"),
                    e -> e != null && e.get("status").asText().equals("FAILED"));
            sync.monday.faults().unlockBoard(sync.contactBoard);

            // Retry pressed twice: one resend, delivered once, shown succeeded
            JsonNode first = sync.post("/api/v1/tenants/demo/entries/rc:evt-locked/retry", "");
            JsonNode second = sync.post("/api/v1/tenants/demo/entries/rc:evt-locked/retry", "");
            assertThat(second.get("requestId").asText()).isEqualTo(first.get("requestId").asText());
            JsonNode retried = await().atMost(Duration.ofSeconds(90)).until(() -> sync.entry("rc:evt-locked"),
                    e -> e != null && e.get("retries").size() == 1
                            && e.get("retries").get(0).get("status").asText().equals("SUCCEEDED"));
            assertThat(retried.get("status").asText()).isEqualTo("RETRIED");
            assertThat(sync.monday.items(sync.contactBoard)).extracting(i -> i.name()).containsOnlyOnce("Katherine Johnson");
            JsonNode third = sync.post("/api/v1/tenants/demo/entries/rc:evt-locked/retry", "");
            assertThat(third.get("status").asText()).isEqualTo("SUCCEEDED");
            assertThat(third.get("alreadyRequested").asBoolean()).isTrue();
            var results = new AvroDeserializer<>(sync.registry, MondayCommandResult.class);
            long deliveredRetries = infra.readAll(sync.config.topics().mondayResults(), 100, Duration.ofSeconds(3))
                    .stream().map(r -> results.deserialize(r.topic(), r.value()))
                    .filter(r -> r.getHistoryEntryId() != null && r.getHistoryEntryId().startsWith("ctl:retry:rc:evt-locked"))
                    .filter(r -> r.getOutcome() == CommandOutcome.DELIVERED).count();
            assertThat(deliveredRetries).isEqualTo(1);

            // the same from the command line, as readable tables
            Map<String, String> cli = Map.of("HISTORY_URL", sync.history.baseUrl(), "HISTORY_TOKEN", HistoryPipeline.TOKEN);
            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            int code = new CommandLine(new HistoryCommand(new PrintStream(printed, true), cli)).execute("demo:Contact:cnt_locked");
            assertThat(code).isZero();
            assertThat(printed.toString()).contains("TIME (UTC)").contains("RETRIED (retry succeeded)")
                    .contains("Katherine Johnson").contains("rc:evt-locked");
            printed.reset();
            code = new CommandLine(new ReplayCommand(new PrintStream(printed, true), cli))
                    .execute("--tenant", "demo", "--error-code", "MONDAY_COLUMN_REFUSED", "--since", "1h", "--dry-run");
            assertThat(code).isZero();
            assertThat(printed.toString()).contains("Dry run:").contains("MONDAY_COLUMN_REFUSED");
        }
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

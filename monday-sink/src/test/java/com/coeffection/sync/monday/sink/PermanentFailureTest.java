package com.coeffection.sync.monday.sink;

import com.coeffection.sync.monday.standin.StandInConfig;
import com.coeffection.sync.schema.CommandOutcome;
import com.coeffection.sync.schema.DeadLetter;
import com.coeffection.sync.schema.HistoryStatus;
import com.coeffection.sync.schema.MondayAction;
import com.coeffection.sync.schema.MondayCommand;
import com.coeffection.sync.schema.MondayCommandResult;
import com.coeffection.sync.schema.SyncHistoryEntry;
import com.coeffection.sync.testkit.RealInfra;
import com.coeffection.sync.testkit.RealInfraExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static com.coeffection.sync.monday.sink.Commands.command;
import static com.coeffection.sync.monday.sink.Commands.status;
import static com.coeffection.sync.monday.sink.Commands.text;
import static com.coeffection.sync.monday.sink.SinkHarness.TENANT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A change monday refuses for good goes to the dead letters, with monday's own message in history; the rest flows. */
@ExtendWith(RealInfraExtension.class)
class PermanentFailureTest {

    @Test
    void aValueMondayRefusesIsDeadLetteredWithMondaysMessageWhileTheOtherItemsOfTheBatchAreDelivered(RealInfra infra) {
        try (SinkHarness h = new SinkHarness(infra, StandInConfig.defaults(), 1);
             MondaySinkWorker worker = new MondaySinkWorker(h.config(Duration.ofMillis(200)))) {
            // given two items; one gets a status label the board does not have, the other a good value
            long good = h.seedItem("r-good", "Good");
            long bad = h.seedItem("r-bad", "Bad");
            Instant t = Instant.now();
            MondayCommand refused = command(TENANT, h.board, "r-bad", bad, MondayAction.UPDATE_COLUMNS, null, null,
                    List.of(status("status", "Signed in blood")), t);
            h.send(command(TENANT, h.board, "r-good", good, MondayAction.UPDATE_COLUMNS, null, null,
                    List.of(text("text", "fine")), t));
            h.send(refused);
            // and a record that is not a command at all
            h.sendRaw("{\"not\":\"avro\"}".getBytes(StandardCharsets.UTF_8));
            h.flush();

            // when the sink runs
            worker.start();

            // then the good item is written
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(h.monday.item(good).map(v -> SinkHarness.text(v, "text"))).contains("fine"));

            // and the refused command and the undecodable record are dead letters with the reason in their headers
            List<ConsumerRecord<String, byte[]>> letters = h.deadLetterRecords(2, Duration.ofSeconds(30));
            assertThat(letters).hasSize(2);
            ConsumerRecord<String, byte[]> mondayRefusal = letters.stream()
                    .filter(r -> header(r, "dlq.error.type").equals("MONDAY_PERMANENT")).findFirst().orElseThrow();
            Map<String, String> headers = headers(mondayRefusal);
            assertThat(headers).containsEntry("dlq.error.code", "ColumnValueException")
                    .containsEntry("dlq.source.topic", h.topics.mondayCommands())
                    .containsEntry("dlq.source.partition", "0")
                    .containsEntry("dlq.source.offset", "1")
                    .containsEntry("dlq.attempts", "1")
                    .containsKey("dlq.request.id");
            assertThat(headers.get("dlq.monday.message")).contains("This status label doesn't exist");
            DeadLetter letter = h.deadLetter(mondayRefusal);
            assertThat(letter.getRecordKey()).isEqualTo(TENANT + ":Contact:r-bad");
            assertThat(letter.getValue()).isNotNull();
            assertThat(letter.getReason()).contains("monday refused the change").contains("This status label doesn't exist");
            ConsumerRecord<String, byte[]> undecodable = letters.stream()
                    .filter(r -> header(r, "dlq.error.type").equals("WIRE_FORMAT")).findFirst().orElseThrow();
            assertThat(headers(undecodable)).containsEntry("dlq.source.offset", "2");
            assertThat(undecodable.value()).isNotNull();

            // and the refused command's history entry is FAILED with monday's own message, updated in place
            List<SyncHistoryEntry> history = h.history(2, Duration.ofSeconds(30));
            SyncHistoryEntry failed = history.stream()
                    .filter(e -> e.getEntryId().equals(refused.getHistoryEntryId())).findFirst().orElseThrow();
            assertThat(failed.getStatus()).isEqualTo(HistoryStatus.FAILED);
            assertThat(failed.getErrorMessage()).contains("This status label doesn't exist");
            assertThat(failed.getErrorCode()).isEqualTo("ColumnValueException");
            assertThat(failed.getRetryable()).isFalse();
            assertThat(failed.getRequestId()).isNotBlank();
            assertThat(failed.getDeadLetterId()).isEqualTo(letter.getDeadLetterId());

            // and the processor hears of both outcomes
            List<MondayCommandResult> results = h.results(2, Duration.ofSeconds(30));
            assertThat(results).extracting(MondayCommandResult::getRecordId, MondayCommandResult::getOutcome)
                    .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("r-good", CommandOutcome.DELIVERED),
                            org.assertj.core.groups.Tuple.tuple("r-bad", CommandOutcome.DEAD_LETTERED));

            // and the worker is still running and committed past everything
            assertThat(worker.isRunning()).isTrue();
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(committed(h, worker)).isEqualTo(3L));
        }
    }

    private static long committed(SinkHarness h, MondaySinkWorker worker) throws Exception {
        var offsets = h.infra.admin().listConsumerGroupOffsets(worker.config().groupId()).partitionsToOffsetAndMetadata().get();
        return offsets.values().stream().mapToLong(o -> o.offset()).sum();
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static Map<String, String> headers(ConsumerRecord<String, byte[]> record) {
        Map<String, String> map = new HashMap<>();
        for (Header header : record.headers()) {
            map.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
        }
        return map;
    }
}

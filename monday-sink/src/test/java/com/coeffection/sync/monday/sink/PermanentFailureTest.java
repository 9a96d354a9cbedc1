package com.coeffection.sync.monday.sink;

import com.coeffection.sync.contract.SyncIds;
import com.coeffection.sync.monday.standin.StandInConfig;
import com.coeffection.sync.schema.CommandOutcome;
import com.coeffection.sync.schema.DeadLetter;
import com.coeffection.sync.schema.MondayAction;
import com.coeffection.sync.schema.MondayCommand;
import com.coeffection.sync.schema.MondayCommandResult;
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
import static com.coeffection.sync.monday.sink.Commands.text;
import static com.coeffection.sync.monday.sink.SinkHarness.TENANT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A change monday refuses for good goes to the dead letters with monday's own words; its result says everything
 * (error type, code, message, request id, dead letter id); the sink writes no history entries; the rest flows.
 */
@ExtendWith(RealInfraExtension.class)
class PermanentFailureTest {

    @Test
    void givenAnUpdateOfAnItemMondayDoesNotHave_whenSent_thenItIsDeadLetteredAndItsResultCarriesMondaysWords(RealInfra infra) {
        try (SinkHarness h = new SinkHarness(infra, StandInConfig.defaults(), 1);
             MondaySinkWorker worker = new MondaySinkWorker(h.config(Duration.ofMillis(200)))) {
            // given an update of an item monday does not have, and a good edit of another item
            long good = h.seedItem("r-good", "Good");
            Instant t = Instant.now();
            MondayCommand refused = command(TENANT, h.board, "r-bad", 999_999_999L, MondayAction.UPDATE_COLUMNS, null, null,
                    List.of(text("text", "nowhere")), t);
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
            assertThat(headers).containsEntry("dlq.error.code", "InvalidItemIdException")
                    .containsEntry("dlq.part", "sink")
                    .containsEntry("dlq.source.topic", h.topics.mondayCommands())
                    .containsEntry("dlq.source.partition", "0")
                    .containsEntry("dlq.source.offset", "1")
                    .containsEntry("dlq.attempts", "1")
                    .containsEntry("dlq.id", SyncIds.deadLetter(h.topics.mondayCommands(), 0, 1, null))
                    .containsKey("dlq.request.id");
            assertThat(headers.get("dlq.monday.message")).contains("Item not found");
            DeadLetter letter = h.deadLetter(mondayRefusal);
            assertThat(letter.getRecordKey()).isEqualTo(TENANT + ":Contact:r-bad");
            assertThat(letter.getValue()).isNotNull();
            assertThat(letter.getReason()).contains("monday refused the change").contains("Item not found");
            ConsumerRecord<String, byte[]> undecodable = letters.stream()
                    .filter(r -> header(r, "dlq.error.type").equals("WIRE_FORMAT")).findFirst().orElseThrow();
            assertThat(headers(undecodable)).containsEntry("dlq.source.offset", "2").containsEntry("dlq.part", "sink");
            assertThat(undecodable.value()).isNotNull();

            // and the refused command's result says what its history entry must say, under the entry's id
            List<MondayCommandResult> results = h.results(2, Duration.ofSeconds(30));
            assertThat(results).extracting(MondayCommandResult::getRecordId, MondayCommandResult::getOutcome)
                    .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("r-good", CommandOutcome.DELIVERED),
                            org.assertj.core.groups.Tuple.tuple("r-bad", CommandOutcome.DEAD_LETTERED));
            MondayCommandResult failed = results.stream().filter(r -> r.getRecordId().equals("r-bad")).findFirst().orElseThrow();
            assertThat(failed.getHistoryEntryId()).isEqualTo(refused.getHistoryEntryId());
            assertThat(failed.getErrorType()).isEqualTo("MONDAY_PERMANENT");
            assertThat(failed.getErrorCode()).isEqualTo("InvalidItemIdException");
            assertThat(failed.getErrorMessage()).contains("Item not found");
            assertThat(failed.getRequestId()).isNotBlank();
            assertThat(failed.getAttempts()).isEqualTo(1);
            assertThat(failed.getDeadLetterId()).isEqualTo(letter.getDeadLetterId());

            // and the sink wrote no history entry of its own (history merges the results into the entries)
            assertThat(h.historyRecords()).isZero();

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

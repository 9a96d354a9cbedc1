package com.coeffection.sync.monday.sink;

import com.coeffection.sync.monday.standin.StandInConfig;
import com.coeffection.sync.schema.ColumnWrite;
import com.coeffection.sync.schema.MondayAction;
import com.coeffection.sync.testkit.RealInfra;
import com.coeffection.sync.testkit.RealInfraExtension;
import com.coeffection.sync.values.FieldValues;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static com.coeffection.sync.monday.sink.Commands.command;
import static com.coeffection.sync.monday.sink.Commands.text;
import static com.coeffection.sync.monday.sink.SinkHarness.TENANT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Commands the sink cannot carry out become typed dead letters before anything is sent; good ones still go. */
@ExtendWith(RealInfraExtension.class)
class BadCommandTest {

    @Test
    void badCommandsAndBadColumnsAreDeadLetteredWithATypedReasonAndTheGoodOnesStillReachMonday(RealInfra infra) {
        try (SinkHarness h = new SinkHarness(infra, StandInConfig.defaults(), 1);
             MondaySinkWorker worker = new MondaySinkWorker(h.config(Duration.ofMillis(100)))) {
            long item = h.seedItem("g1", "Good");
            Instant t = Instant.now();
            // given a move of a record that has no item, a value for a column type the sync cannot write,
            // a number that is not a number for a numbers column, an empty record, and one good edit
            h.send(command(TENANT, h.board, "nobody", null, MondayAction.MOVE_TO_GROUP, null, h.wonGroup, List.of(), t));
            h.send(command(TENANT, h.board, "b1", item, MondayAction.UPDATE_COLUMNS, null, null,
                    List.of(new ColumnWrite("mirror", "mirror", "lookup", FieldValues.text("x"))), t));
            h.send(command(TENANT, h.board, "b2", item, MondayAction.UPDATE_COLUMNS, null, null,
                    List.of(new ColumnWrite("numbers", "numbers", "amount", FieldValues.text("twelve"))), t));
            h.sendRaw(null);
            h.send(command(TENANT, h.board, "g1", item, MondayAction.UPDATE_COLUMNS, null, null,
                    List.of(text("text", "still fine")), t));
            h.flush();

            worker.start();

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(h.monday.item(item).map(v -> SinkHarness.text(v, "text"))).contains("still fine"));
            List<ConsumerRecord<String, byte[]>> letters = h.deadLetterRecords(4, Duration.ofSeconds(30));
            Map<String, String> typeByOffset = letters.stream().collect(Collectors.toMap(
                    r -> header(r, "dlq.source.offset"), r -> header(r, "dlq.error.type")));
            assertThat(typeByOffset).containsExactlyInAnyOrderEntriesOf(Map.of(
                    "0", "INVALID_COMMAND", "1", "MONDAY_COLUMN_REFUSED", "2", "MONDAY_COLUMN_REFUSED", "3", "INVALID_COMMAND"));
            assertThat(letters).allSatisfy(r -> assertThat(header(r, "dlq.part")).isEqualTo("sink"));
            assertThat(letters).filteredOn(r -> header(r, "dlq.source.offset").equals("0")).singleElement()
                    .satisfies(r -> assertThat(header(r, "dlq.error.code")).isEqualTo("NO_ITEM"));
            // a column the sync cannot write is a dead letter of that column alone (the command itself is delivered)
            assertThat(letters).filteredOn(r -> header(r, "dlq.source.offset").equals("1")).singleElement()
                    .satisfies(r -> assertThat(header(r, "dlq.id")).endsWith(":1:column:mirror"));
            assertThat(letters).filteredOn(r -> header(r, "dlq.source.offset").equals("1")).singleElement()
                    .satisfies(r -> assertThat(header(r, "dlq.reason")).contains("mirror"));
            assertThat(letters).filteredOn(r -> header(r, "dlq.source.offset").equals("2")).singleElement()
                    .satisfies(r -> assertThat(header(r, "dlq.reason")).contains("amount").contains("numbers"));
        }
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }
}

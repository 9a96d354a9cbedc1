package com.coeffection.sync.monday.sink;

import com.coeffection.sync.contract.DeadLetterHeaders;
import com.coeffection.sync.monday.graphql.Operations;
import com.coeffection.sync.monday.standin.StandInConfig;
import com.coeffection.sync.monday.standin.StandInViews.ItemView;
import com.coeffection.sync.schema.ColumnRefusal;
import com.coeffection.sync.schema.ColumnWrite;
import com.coeffection.sync.schema.CommandOutcome;
import com.coeffection.sync.schema.DeadLetter;
import com.coeffection.sync.schema.MondayAction;
import com.coeffection.sync.schema.MondayCommand;
import com.coeffection.sync.schema.MondayCommandResult;
import com.coeffection.sync.serde.AvroDeserializer;
import com.coeffection.sync.testkit.RealInfra;
import com.coeffection.sync.testkit.RealInfraExtension;
import com.coeffection.sync.values.FieldValues;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static com.coeffection.sync.monday.sink.Commands.command;
import static com.coeffection.sync.monday.sink.Commands.status;
import static com.coeffection.sync.monday.sink.Commands.text;
import static com.coeffection.sync.monday.sink.SinkHarness.TENANT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One value monday refuses never blocks the rest of the record: the change is delivered without that column, the
 * result lists the refused column with monday's words, and the column alone is a dead letter (replaying it re-sends
 * that column only).
 */
@ExtendWith(RealInfraExtension.class)
class ColumnRefusalTest {

    @Test
    void givenACreateAndAnUpdateWithOneValueMondayRefuses_whenSent_thenTheRestIsDeliveredAndTheColumnAloneIsDeadLettered(
            RealInfra infra) {
        try (SinkHarness h = new SinkHarness(infra, StandInConfig.defaults(), 1);
             MondaySinkWorker worker = new MondaySinkWorker(h.config(Duration.ofMillis(100)))) {
            h.admin.execute(new Operations.CreateColumn(h.board, "Phone", "phone", "phone", null, null));
            long existing = h.seedItem("u1", "Existing");
            Instant t = Instant.now();
            // given a new contact whose status label monday does not have (monday refuses it) and whose phone has
            // no country (monday cannot take it), and an update of another item with a refused label
            MondayCommand create = command(TENANT, h.board, "c1", null, MondayAction.CREATE_ITEM, "Ada", null,
                    List.of(text("text", "kept"), status("status", "Signed in blood"),
                            new ColumnWrite("phone", "phone", "phone", FieldValues.phone("4155550100", null))), t);
            MondayCommand update = command(TENANT, h.board, "u1", existing, MondayAction.UPDATE_COLUMNS, null, null,
                    List.of(status("status", "No such stage"), text("text", "updated")), t);
            h.send(create);
            h.send(update);
            h.flush();

            // when the sink runs
            worker.start();

            // then the item is created with its good values and without the refused ones
            await().atMost(Duration.ofSeconds(30)).until(() -> h.itemsByRecord().containsKey("c1"));
            ItemView created = h.itemsByRecord().get("c1").get(0);
            assertThat(created.name()).isEqualTo("Ada");
            assertThat(SinkHarness.text(created, "text")).isEqualTo("kept");
            assertThat(created.values().get("status")).isNull();
            assertThat(created.values().get("phone")).isNull();
            // and the update's other column is written
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(h.monday.item(existing).map(v -> SinkHarness.text(v, "text"))).contains("updated"));

            // and both commands are DELIVERED with their refused columns, monday's message and a dead letter each
            List<MondayCommandResult> results = h.results(2, Duration.ofSeconds(30));
            MondayCommandResult createResult = byRecord(results, "c1");
            assertThat(createResult.getOutcome()).isEqualTo(CommandOutcome.DELIVERED);
            assertThat(createResult.getItemCreated()).isTrue();
            assertThat(createResult.getHistoryEntryId()).isEqualTo(create.getHistoryEntryId());
            assertThat(createResult.getDeliveredColumns()).extracting(ColumnWrite::getColumnId).containsExactly("text");
            Map<String, ColumnRefusal> refused = createResult.getRefusedColumns().stream()
                    .collect(Collectors.toMap(ColumnRefusal::getColumnId, c -> c));
            assertThat(refused).containsOnlyKeys("status", "phone");
            assertThat(refused.get("status").getErrorCode()).isEqualTo("ColumnValueException");
            assertThat(refused.get("status").getMessage()).contains("This status label doesn't exist");
            assertThat(refused.get("status").getField()).isEqualTo("status");
            assertThat(refused.get("phone").getErrorCode()).isEqualTo("COLUMN_VALUE");
            assertThat(refused.get("phone").getMessage()).contains("4155550100");
            MondayCommandResult updateResult = byRecord(results, "u1");
            assertThat(updateResult.getOutcome()).isEqualTo(CommandOutcome.DELIVERED);
            assertThat(updateResult.getRefusedColumns()).singleElement().satisfies(c -> {
                assertThat(c.getColumnId()).isEqualTo("status");
                assertThat(c.getMessage()).contains("This status label doesn't exist");
            });

            // and each refused column is a dead letter of its own holding a command with that column alone
            List<ConsumerRecord<String, byte[]>> letters = h.deadLetterRecords(3, Duration.ofSeconds(30));
            assertThat(letters).hasSize(3);
            AvroDeserializer<MondayCommand> commands = new AvroDeserializer<>(h.registry, MondayCommand.class);
            for (ConsumerRecord<String, byte[]> record : letters) {
                DeadLetter letter = h.deadLetter(record);
                assertThat(letter.getErrorType()).isEqualTo("MONDAY_COLUMN_REFUSED");
                assertThat(DeadLetterHeaders.read(record.headers(), DeadLetterHeaders.PART)).isEqualTo("sink");
                MondayCommand alone = commands.deserialize(h.topics.mondayCommands(), letter.getValue().array());
                assertThat(alone.getColumns()).singleElement()
                        .satisfies(c -> assertThat(letter.getDeadLetterId()).endsWith(":column:" + c.getColumnId()));
                assertThat(letter.getContext()).containsEntry("historyEntryId", alone.getHistoryEntryId());
            }
            assertThat(letters).extracting(r -> h.deadLetter(r).getDeadLetterId())
                    .containsExactlyInAnyOrder(refused.get("status").getDeadLetterId(), refused.get("phone").getDeadLetterId(),
                            updateResult.getRefusedColumns().get(0).getDeadLetterId());
            assertThat(h.historyRecords()).isZero();
        }
    }

    private static MondayCommandResult byRecord(List<MondayCommandResult> results, String recordId) {
        return results.stream().filter(r -> r.getRecordId().equals(recordId)).findFirst().orElseThrow();
    }
}

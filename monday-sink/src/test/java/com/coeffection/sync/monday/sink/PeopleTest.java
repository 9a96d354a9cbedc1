package com.coeffection.sync.monday.sink;

import com.coeffection.sync.monday.graphql.Operations;
import com.coeffection.sync.monday.standin.StandInConfig;
import com.coeffection.sync.monday.standin.StandInViews.ItemView;
import com.coeffection.sync.schema.ColumnWrite;
import com.coeffection.sync.schema.CommandOutcome;
import com.coeffection.sync.schema.MondayAction;
import com.coeffection.sync.schema.MondayCommandResult;
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

import static com.coeffection.sync.monday.sink.Commands.command;
import static com.coeffection.sync.monday.sink.Commands.text;
import static com.coeffection.sync.monday.sink.SinkHarness.TENANT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A person named by email is written as the monday user with that email; nobody by that email leaves out that column
 * alone, with a clear error (the item is created with its other values).
 */
@ExtendWith(RealInfraExtension.class)
class PeopleTest {

    @Test
    void givenOwnersByEmail_whenOneIsNoMondayUser_thenTheKnownOneIsWrittenAndTheStrangersColumnAloneIsRefused(RealInfra infra) {
        try (SinkHarness h = new SinkHarness(infra, StandInConfig.defaults(), 1);
             MondaySinkWorker worker = new MondaySinkWorker(h.config(Duration.ofMillis(100)))) {
            h.admin.execute(new Operations.CreateColumn(h.board, "Owner", "people", "owner", null, null));
            var ana = h.monday.config().users().get(0);
            // given a new record owned by a monday user, named by email only, and one owned by a stranger
            h.send(command(TENANT, h.board, "o1", null, MondayAction.CREATE_ITEM, "Owned", null,
                    List.of(owner(ana.email().toUpperCase()), text("text", "x")), Instant.now()));
            h.send(command(TENANT, h.board, "o2", null, MondayAction.CREATE_ITEM, "Stranger's", null,
                    List.of(owner("nobody@elsewhere.example"), text("text", "still written")), Instant.now()));
            h.flush();

            // when the sink runs
            worker.start();

            // then the first item's owner is that monday user
            await().atMost(Duration.ofSeconds(30)).until(() -> h.itemsByRecord().containsKey("o1")
                    && h.itemsByRecord().containsKey("o2"));
            ItemView item = h.itemsByRecord().get("o1").get(0);
            assertThat(item.values().get("owner").value()).contains(Long.toString(ana.id()));

            // and the second item is created with its other value, without an owner
            ItemView stranger = h.itemsByRecord().get("o2").get(0);
            assertThat(SinkHarness.text(stranger, "text")).isEqualTo("still written");
            assertThat(stranger.values().get("owner")).isNull();

            // and the owner column alone is a dead letter that says who could not be found
            List<ConsumerRecord<String, byte[]>> letters = h.deadLetterRecords(1, Duration.ofSeconds(30));
            assertThat(letters).hasSize(1);
            assertThat(new String(letters.get(0).headers().lastHeader("dlq.reason").value(), StandardCharsets.UTF_8))
                    .contains("nobody@elsewhere.example").contains("owner");
            assertThat(new String(letters.get(0).headers().lastHeader("dlq.error.type").value(), StandardCharsets.UTF_8))
                    .isEqualTo("UNKNOWN_PERSON");
            List<MondayCommandResult> results = h.results(2, Duration.ofSeconds(20));
            assertThat(results).extracting(MondayCommandResult::getRecordId, MondayCommandResult::getOutcome)
                    .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("o1", CommandOutcome.DELIVERED),
                            org.assertj.core.groups.Tuple.tuple("o2", CommandOutcome.DELIVERED));
            assertThat(results).filteredOn(r -> r.getRecordId().equals("o2")).singleElement().satisfies(r ->
                    assertThat(r.getRefusedColumns()).singleElement().satisfies(c -> {
                        assertThat(c.getColumnId()).isEqualTo("owner");
                        assertThat(c.getErrorCode()).isEqualTo("UNKNOWN_PERSON");
                        assertThat(c.getDeadLetterId()).isNotNull();
                    }));
        }
    }

    private static ColumnWrite owner(String email) {
        return new ColumnWrite("owner", "people", "owner", FieldValues.person(email, null, null));
    }
}

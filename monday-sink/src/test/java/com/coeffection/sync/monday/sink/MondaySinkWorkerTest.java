package com.coeffection.sync.monday.sink;

import com.coeffection.sync.monday.standin.StandInConfig;
import com.coeffection.sync.monday.standin.StandInViews.ItemView;
import com.coeffection.sync.schema.CommandOutcome;
import com.coeffection.sync.schema.MondayAction;
import com.coeffection.sync.schema.MondayCommandResult;
import com.coeffection.sync.testkit.RealInfra;
import com.coeffection.sync.testkit.RealInfraExtension;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static com.coeffection.sync.monday.sink.Commands.command;
import static com.coeffection.sync.monday.sink.Commands.number;
import static com.coeffection.sync.monday.sink.Commands.status;
import static com.coeffection.sync.monday.sink.Commands.text;
import static com.coeffection.sync.monday.sink.SinkHarness.TENANT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ExtendWith(RealInfraExtension.class)
class MondaySinkWorkerTest {

    @Test
    void aCreateWithItsFollowingEditsBecomesOneItemWithTheLatestValuesAndItsIdGoesBackAsALink(RealInfra infra) {
        try (SinkHarness h = new SinkHarness(infra, StandInConfig.defaults(), 2);
             MondaySinkWorker worker = new MondaySinkWorker(h.config(Duration.ofMillis(300)))) {
            // given a create, two edits and a move of a new record, sent together
            Instant t = Instant.now();
            h.send(command(TENANT, h.board, "r-1", null, MondayAction.CREATE_ITEM, "Ada Lovelace", null,
                    List.of(text("text", "first"), number("numbers", "10")), t));
            h.send(command(TENANT, h.board, "r-1", null, MondayAction.UPDATE_COLUMNS, null, null,
                    List.of(text("text", "second"), status("status", "Done")), t));
            h.send(command(TENANT, h.board, "r-1", null, MondayAction.UPDATE_COLUMNS, null, null,
                    List.of(number("numbers", "12.50")), t));
            h.send(command(TENANT, h.board, "r-1", null, MondayAction.MOVE_TO_GROUP, null, h.wonGroup, List.of(), t));
            h.flush();

            // when the sink runs
            worker.start();

            // then monday has one item with every latest value, in the group, carrying the record's Coeffection ID
            await().atMost(Duration.ofSeconds(30)).until(() -> h.itemsByRecord().containsKey("r-1"));
            List<ItemView> items = h.itemsByRecord().get("r-1");
            assertThat(items).hasSize(1);
            ItemView item = items.get(0);
            assertThat(item.name()).isEqualTo("Ada Lovelace");
            assertThat(item.groupId()).isEqualTo(h.wonGroup);
            assertThat(SinkHarness.text(item, "text")).isEqualTo("second");
            assertThat(SinkHarness.text(item, "numbers")).isEqualTo("12.50");
            assertThat(SinkHarness.text(item, "status")).isEqualTo("Done");

            // and every command has a DELIVERED result naming the new item and its history entry
            List<MondayCommandResult> results = h.results(4, Duration.ofSeconds(20));
            assertThat(results).hasSize(4).allSatisfy(r -> {
                assertThat(r.getOutcome()).isEqualTo(CommandOutcome.DELIVERED);
                assertThat(r.getItemId()).isEqualTo(item.id());
                assertThat(r.getHistoryEntryId()).startsWith("h-");
                assertThat(r.getRefusedColumns()).isEmpty();
            });
            assertThat(h.historyRecords()).isZero();
            // the update's own surviving values are reported with it
            assertThat(results.get(0).getItemCreated()).isFalse();
            assertThat(results.get(0).getDeliveredColumns()).extracting(c -> c.getColumnId()).containsExactlyInAnyOrder("text", "status");
            // the create's result, last, links the record and carries every value monday now holds
            MondayCommandResult link = results.get(3);
            assertThat(link.getItemCreated()).isTrue();
            assertThat(results.stream().filter(MondayCommandResult::getItemCreated)).hasSize(1);
            assertThat(link.getDeliveredColumns()).extracting(c -> c.getColumnId())
                    .containsExactlyInAnyOrder("text", "status", "numbers");
        }
    }

    @Test
    void anUpdateOfAKnownItemIsOneChangeOfAllItsColumns(RealInfra infra) {
        try (SinkHarness h = new SinkHarness(infra, StandInConfig.defaults(), 1);
             MondaySinkWorker worker = new MondaySinkWorker(h.config(Duration.ofMillis(200)))) {
            long item = h.seedItem("r-2", "Grace");
            Instant t = Instant.now();
            for (int i = 1; i <= 5; i++) {
                h.send(command(TENANT, h.board, "r-2", item, MondayAction.UPDATE_COLUMNS, null, null,
                        List.of(text("text", "v" + i), number("numbers", Integer.toString(i))), t));
            }
            h.flush();

            worker.start();

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(h.monday.item(item).map(v -> SinkHarness.text(v, "text"))).contains("v5"));
            assertThat(h.results(5, Duration.ofSeconds(20))).hasSize(5)
                    .allSatisfy(r -> assertThat(r.getOutcome()).isEqualTo(CommandOutcome.DELIVERED));
            long changes = h.monday.receivedQueries().stream()
                    .mapToLong(q -> q.split("change_multiple_column_values\\(", -1).length - 1).sum();
            assertThat(changes).isEqualTo(1);
            assertThat(Map.of("numbers", SinkHarness.text(h.monday.item(item).orElseThrow(), "numbers")))
                    .containsEntry("numbers", "5");
        }
    }

    @Test
    void itsMetricsShowCallsComplexityCoalescedEditsLatencyPercentilesAndTheMondayClientsMetersForPrometheus(RealInfra infra) {
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (SinkHarness h = new SinkHarness(infra, StandInConfig.defaults(), 1);
             MondaySinkWorker worker = new MondaySinkWorker(h.config(Duration.ofMillis(200)).withMetrics(prometheus))) {
            // given three edits of one item, and monday failing the first request with a 503
            long item = h.seedItem("m-1", "Metrics");
            h.monday.faults().serverErrors(1, 503);
            String connection = "connection=\"" + MondayConnections.label(h.monday.token()) + "\"";
            for (int i = 1; i <= 3; i++) {
                h.send(command(TENANT, h.board, "m-1", item, MondayAction.UPDATE_COLUMNS, null, null,
                        List.of(text("text", "m" + i)), Instant.now()));
            }
            h.flush();

            // when they are delivered
            worker.start();
            // then the scrape shows what SREs watch
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(prometheus.scrape())
                    .contains("monday_sink_commands_delivered_total 3.0")
                    .contains("monday_sink_calls_total{kind=\"mutation\",outcome=\"ok\"} 1.0")
                    .contains("monday_sink_edits_coalesced_total 2.0")
                    // the request monday failed with 503, then the one it took
                    .contains("monday_sink_mutations_per_request_count 2")
                    .contains("monday_sink_complexity_used_total 10000.0")
                    .contains("monday_sink_complexity_left ")
                    .contains("monday_sink_latency_seconds_count 3")
                    .contains("monday_sink_latency_seconds_bucket{le=")
                    .contains("monday_sink_item_creates_total 0.0")
                    .contains("monday_sink_waiting_commands 0.0")
                    .contains("monday_sink_paused_partitions 0.0")
                    // the monday client's own meters, per connection, in the same registry
                    .contains("monday_requests_total{" + connection + ",kind=\"mutation\",outcome=\"ok\"} 1.0")
                    .contains("monday_requests_total{" + connection + ",kind=\"mutation\",outcome=\"failed\"} 1.0")
                    .contains("monday_errors_total{code=\"HTTP_503\"," + connection + "} 1.0")
                    .contains("monday_budget_remaining{" + connection + "}")
                    .contains("monday_budget_capacity{" + connection + "}")
                    .doesNotContain(h.monday.token()));
        }
    }

    @Test
    void anUpdateAMoveAndAnArchiveOfAKnownItemReachMondayInOrder(RealInfra infra) {
        try (SinkHarness h = new SinkHarness(infra, StandInConfig.defaults(), 1);
             MondaySinkWorker worker = new MondaySinkWorker(h.config(Duration.ofMillis(100)))) {
            long item = h.seedItem("a-1", "Archived soon");
            Instant t = Instant.now();
            h.send(command(TENANT, h.board, "a-1", item, MondayAction.UPDATE_COLUMNS, null, null,
                    List.of(text("text", "last words")), t));
            h.send(command(TENANT, h.board, "a-1", item, MondayAction.MOVE_TO_GROUP, null, h.wonGroup, List.of(), t));
            h.send(command(TENANT, h.board, "a-1", item, MondayAction.ARCHIVE_ITEM, null, null, List.of(), t));
            h.flush();

            worker.start();

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                ItemView view = h.monday.item(item).orElseThrow();
                assertThat(view.state()).isEqualTo("archived");
                assertThat(view.groupId()).isEqualTo(h.wonGroup);
                assertThat(SinkHarness.text(view, "text")).isEqualTo("last words");
            });
            List<String> mutations = h.monday.receivedQueries().stream().filter(q -> q.startsWith("mutation"))
                    .filter(q -> q.contains("(board_id") || q.contains("item_id")).toList();
            int change = indexOf(mutations, "change_multiple_column_values(");
            int move = indexOf(mutations, "move_item_to_group(");
            int archive = indexOf(mutations, "archive_item(");
            assertThat(change).isNotNegative().isLessThan(move);
            assertThat(move).isLessThan(archive);
        }
    }

    private static int indexOf(List<String> queries, String field) {
        for (int i = 0; i < queries.size(); i++) {
            if (queries.get(i).contains(field)) {
                return i;
            }
        }
        return -1;
    }
}

package com.coeffection.sync.monday.sink;

import com.coeffection.sync.monday.standin.StandInConfig;
import com.coeffection.sync.monday.standin.StandInViews.ItemView;
import com.coeffection.sync.schema.CommandOutcome;
import com.coeffection.sync.schema.MondayAction;
import com.coeffection.sync.schema.MondayCommandResult;
import com.coeffection.sync.testkit.RealInfra;
import com.coeffection.sync.testkit.RealInfraExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static com.coeffection.sync.monday.sink.Commands.command;
import static com.coeffection.sync.monday.sink.Commands.number;
import static com.coeffection.sync.monday.sink.Commands.text;
import static com.coeffection.sync.monday.sink.SinkHarness.TENANT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * "A burst of 10 edits to each of 1,000 records becomes at most one mutation per record per window and at least 10
 * items per request."
 */
@ExtendWith(RealInfraExtension.class)
class BurstCoalescingTest {
    private static final int RECORDS = 1_000;
    private static final int EDITS = 10;

    @Test
    void tenEditsToEachOfAThousandRecordsCostAtMostFiveRequestsPerThousandEdits(RealInfra infra) {
        StandInConfig standIn = StandInConfig.defaults().withBudget(1_000_000_000L, Duration.ofMinutes(1));
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        try (SinkHarness h = new SinkHarness(infra, standIn, 1)) {
            // given 1,000 items already linked to their records
            Map<String, Long> items = new HashMap<>();
            for (int r = 0; r < RECORDS; r++) {
                items.put("r" + r, h.seedItem("r" + r, "Record " + r));
            }
            int queriesBefore = h.monday.receivedQueries().size();

            try (MondaySinkWorker worker = new MondaySinkWorker(h.config(Duration.ofSeconds(1))
                    .withFill(10, Duration.ofSeconds(1)).withMetrics(metrics))) {
                worker.start();

                // when each record gets a burst of 10 edits
                Instant t = Instant.now();
                for (int r = 0; r < RECORDS; r++) {
                    for (int e = 1; e <= EDITS; e++) {
                        h.send(command(TENANT, h.board, "r" + r, items.get("r" + r), MondayAction.UPDATE_COLUMNS, null, null,
                                List.of(text("text", "r" + r + "-edit" + e), number("numbers", Integer.toString(e))), t));
                    }
                }
                h.flush();

                // then every edit is confirmed
                List<MondayCommandResult> results = h.results(RECORDS * EDITS, Duration.ofSeconds(120));
                assertThat(results).hasSize(RECORDS * EDITS)
                        .allSatisfy(res -> assertThat(res.getOutcome()).isEqualTo(CommandOutcome.DELIVERED));
            }

            // and monday holds each record's last edit
            for (int r = 0; r < RECORDS; r++) {
                ItemView item = h.monday.item(items.get("r" + r)).orElseThrow();
                assertThat(SinkHarness.text(item, "text")).isEqualTo("r" + r + "-edit" + EDITS);
                assertThat(SinkHarness.text(item, "numbers")).isEqualTo(Integer.toString(EDITS));
            }

            // and the burst took at most 5 mutation requests per 1,000 edits (a burst keeps a busy board's changes
            // together: one request per board and window), each record's edits coalesced into at most two mutations
            List<Integer> mutationsPerRequest = h.monday.receivedQueries().subList(queriesBefore, h.monday.receivedQueries().size())
                    .stream().filter(q -> q.startsWith("mutation"))
                    .map(q -> q.split("change_multiple_column_values\\(", -1).length - 1).toList();
            assertThat(mutationsPerRequest.size() * 1000.0 / (RECORDS * EDITS)).isLessThanOrEqualTo(5.0);
            assertThat(mutationsPerRequest.stream().mapToInt(Integer::intValue).sum()).isBetween(RECORDS, 2 * RECORDS);
            assertThat(metrics.get("monday.sink.edits.coalesced").counter().count()).isGreaterThanOrEqualTo(RECORDS * (EDITS - 2));
            System.out.printf("burst: %d edits -> %d mutation requests (%.1f per 1,000 edits; one call per edit: 1,000),"
                            + " %.1f items per request%n", RECORDS * EDITS, mutationsPerRequest.size(),
                    mutationsPerRequest.size() * 1000.0 / (RECORDS * EDITS), (double) RECORDS / mutationsPerRequest.size());
        }
    }
}

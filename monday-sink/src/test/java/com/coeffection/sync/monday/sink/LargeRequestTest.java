package com.coeffection.sync.monday.sink;

import com.coeffection.sync.monday.sink.batch.BatchPlanner;
import com.coeffection.sync.monday.standin.StandInConfig;
import com.coeffection.sync.monday.standin.StandInViews.ItemView;
import com.coeffection.sync.schema.CommandOutcome;
import com.coeffection.sync.schema.MondayAction;
import com.coeffection.sync.schema.MondayCommandResult;
import com.coeffection.sync.testkit.RealInfra;
import com.coeffection.sync.testkit.RealInfraExtension;
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

/**
 * A GraphQL server refuses a document with too many grammar tokens as a whole (the stand-in's parser above 15,000):
 * a sink allowed 1,000 changes per request must cut the request by its tokens, not have every change of it refused
 * and dead-lettered.
 */
@ExtendWith(RealInfraExtension.class)
class LargeRequestTest {
    private static final int RECORDS = 400;

    @Test
    void changesBeyondTheTokenLimitOfOneRequestGoInTheNextOneNoneDeadLettered(RealInfra infra) {
        StandInConfig standIn = StandInConfig.defaults().withBudget(1_000_000_000L, Duration.ofMinutes(1));
        try (SinkHarness h = new SinkHarness(infra, standIn, 1)) {
            Map<String, Long> items = new HashMap<>();
            for (int r = 0; r < RECORDS; r++) {
                items.put("r" + r, h.seedItem("r" + r, "Record " + r));
            }
            int queriesBefore = h.monday.receivedQueries().size();
            try (MondaySinkWorker worker = new MondaySinkWorker(h.config(Duration.ofMillis(500))
                    .withLimits(new BatchPlanner.Limits(1_000, 1_000_000_000L, 64L * 1024 * 1024)))) {
                worker.start();
                Instant t = Instant.now();
                for (int r = 0; r < RECORDS; r++) {
                    h.send(command(TENANT, h.board, "r" + r, items.get("r" + r), MondayAction.UPDATE_COLUMNS, null, null,
                            List.of(text("text", "r" + r + "-large"), number("numbers", Integer.toString(r))), t));
                }
                h.flush();

                List<MondayCommandResult> results = h.results(RECORDS, Duration.ofSeconds(90));
                assertThat(results).hasSize(RECORDS)
                        .allSatisfy(res -> assertThat(res.getOutcome()).isEqualTo(CommandOutcome.DELIVERED));
            }
            for (int r = 0; r < RECORDS; r++) {
                ItemView item = h.monday.item(items.get("r" + r)).orElseThrow();
                assertThat(SinkHarness.text(item, "text")).isEqualTo("r" + r + "-large");
            }
            List<String> mutations = h.monday.receivedQueries().subList(queriesBefore, h.monday.receivedQueries().size())
                    .stream().filter(q -> q.startsWith("mutation")).toList();
            assertThat(mutations).as("cut into more than one request").hasSizeGreaterThan(1);
            assertThat(mutations).allSatisfy(q -> assertThat(q.split("change_multiple_column_values\\(", -1).length - 1)
                    .isLessThan(RECORDS));
            assertThat(h.deadLetterRecords(1, Duration.ofSeconds(3))).isEmpty();
        }
    }
}

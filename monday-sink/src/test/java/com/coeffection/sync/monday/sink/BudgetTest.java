package com.coeffection.sync.monday.sink;

import com.coeffection.sync.monday.standin.StandInConfig;
import com.coeffection.sync.monday.standin.StandInViews.ItemView;
import com.coeffection.sync.monday.standin.StandInViews.Stats;
import com.coeffection.sync.schema.CommandOutcome;
import com.coeffection.sync.schema.MondayAction;
import com.coeffection.sync.schema.MondayCommandResult;
import com.coeffection.sync.testkit.RealInfra;
import com.coeffection.sync.testkit.RealInfraExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static com.coeffection.sync.monday.sink.Commands.command;
import static com.coeffection.sync.monday.sink.Commands.number;
import static com.coeffection.sync.monday.sink.Commands.text;
import static com.coeffection.sync.monday.sink.SinkHarness.TENANT;
import static org.assertj.core.api.Assertions.assertThat;

/** "With a budget smaller than demand: everything is delivered, with no budget-exhausted error after warm-up." */
@ExtendWith(RealInfraExtension.class)
class BudgetTest {
    private static final int RECORDS = 120;

    @Test
    void demandAboveTheBudgetIsDeliveredInFullWithoutBudgetErrorsAfterWarmUp(RealInfra infra) {
        // given monday allows 200,000 points per 2 s, and 120 new records need about 1,400,000 (lookups and creates)
        StandInConfig standIn = StandInConfig.defaults().withBudget(200_000L, Duration.ofSeconds(2));
        try (SinkHarness h = new SinkHarness(infra, standIn, 1);
             MondaySinkWorker worker = new MondaySinkWorker(h.config(Duration.ofMillis(200)))) {
            long errorsBefore = h.monday.stats().budgetErrors();
            Instant t = Instant.now();
            for (int r = 0; r < RECORDS; r++) {
                h.send(command(TENANT, h.board, "b" + r, null, MondayAction.CREATE_ITEM, "Budget " + r, null,
                        List.of(text("text", "first")), t));
                h.send(command(TENANT, h.board, "b" + r, null, MondayAction.UPDATE_COLUMNS, null, null,
                        List.of(text("text", "last"), number("numbers", Integer.toString(r))), t));
            }
            h.flush();

            // when the sink runs
            worker.start();

            // then everything is delivered
            List<MondayCommandResult> results = h.results(RECORDS * 2, Duration.ofSeconds(90));
            assertThat(results).hasSize(RECORDS * 2)
                    .allSatisfy(r -> assertThat(r.getOutcome()).isEqualTo(CommandOutcome.DELIVERED));
            Map<String, List<ItemView>> items = h.itemsByRecord();
            for (int r = 0; r < RECORDS; r++) {
                assertThat(items.get("b" + r)).hasSize(1);
                assertThat(SinkHarness.text(items.get("b" + r).get(0), "text")).isEqualTo("last");
            }

            // and monday refused at most the very first request for budget, before it had reported the budget
            Stats stats = h.monday.stats();
            long budgetErrors = stats.budgetErrors() - errorsBefore;
            System.out.printf("budget: %d points per %s; demand spread over %d windows; budget errors %d; windows %s%n",
                    standIn.budgetPerWindow(), standIn.budgetWindow(), stats.windows().size(), budgetErrors,
                    stats.windows());
            assertThat(budgetErrors).isLessThanOrEqualTo(1);
            assertThat(stats.windows().size()).isGreaterThanOrEqualTo(5);
        }
    }
}

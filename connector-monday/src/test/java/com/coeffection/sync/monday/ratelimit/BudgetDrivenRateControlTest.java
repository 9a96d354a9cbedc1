package com.coeffection.sync.monday.ratelimit;

import com.coeffection.sync.monday.graphql.AliasResult;
import com.coeffection.sync.monday.graphql.BatchResult;
import com.coeffection.sync.monday.graphql.Model;
import com.coeffection.sync.monday.graphql.MondayClient;
import com.coeffection.sync.monday.graphql.MondayClientConfig;
import com.coeffection.sync.monday.graphql.MondayFailure;
import com.coeffection.sync.monday.graphql.Operations;
import com.coeffection.sync.monday.standin.MondayStandIn;
import com.coeffection.sync.monday.standin.StandInConfig;
import com.coeffection.sync.monday.standin.StandInViews.WindowUsage;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rate control driven by the budget monday reports: with less budget than work, the client finishes everything,
 * gets no budget error once it has learned the budget, and spends at least 90% of each budget window.
 */
class BudgetDrivenRateControlTest {
    private static final long BUDGET = 50_000;
    private static final Duration WINDOW = Duration.ofSeconds(1);
    private static final int ITEMS = 40;

    @Test
    void withLessBudgetThanWorkAllWorkIsDoneWithoutBudgetErrorsAfterWarmUpUsingAtLeast90PercentOfTheBudget() {
        // given monday allows 5 item creations a second, and the client assumes a personal token's 10M budget
        try (MondayStandIn monday = MondayStandIn.start(StandInConfig.defaults().withBudget(BUDGET, WINDOW));
             MondayClient client = new MondayClient(MondayClientConfig.of(monday.apiUrl(), monday.token()))) {
            long board = boardWithoutSpendingBudget(monday);
            Deque<String> work = new ArrayDeque<>();
            for (int i = 0; i < ITEMS; i++) {
                work.add("Contact " + i);
            }
            long budgetErrorsAtWarmUp = -1;
            long started = System.nanoTime();

            // when a sink-like loop creates 8 windows' worth of items in aliased batches sized by the budget
            while (!work.isEmpty()) {
                int n = Math.min(work.size(), client.affordableBatchSize("create_item", 10));
                List<String> names = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    names.add(work.poll());
                }
                long targetBoard = board;
                BatchResult<Model.ItemRef> result = client.executeBatch(names.stream()
                        .map(name -> new Operations.CreateItem(targetBoard, name, null, Map.of(), false)).toList());
                for (AliasResult<Model.ItemRef> r : result.results()) {
                    if (r instanceof AliasResult.Failed<Model.ItemRef> f) {
                        assertThat(f.failure()).isInstanceOf(MondayFailure.RetryLater.class);
                        work.addFirst(((Operations.CreateItem) f.operation()).itemName());
                    }
                }
                if (budgetErrorsAtWarmUp < 0 && result.allSucceeded()) {
                    budgetErrorsAtWarmUp = monday.stats().budgetErrors();
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;

            // then every item exists, no budget error came after the warm-up, and each full window was used >= 90%
            assertThat(monday.items(board)).hasSize(ITEMS);
            assertThat(monday.stats().budgetErrors()).isEqualTo(budgetErrorsAtWarmUp);
            List<WindowUsage> windows = monday.stats().windows();
            List<WindowUsage> steady = windows.stream().filter(w -> w.used() > 0).toList();
            steady = steady.subList(0, steady.size() - 1); // the last window holds only what was left
            System.out.printf("budget %d points per %d ms; %d items in %.2f s; warm-up budget errors %d; "
                            + "window usage %s; points/s %.0f of %.0f allowed%n", BUDGET, WINDOW.toMillis(), ITEMS, seconds,
                    budgetErrorsAtWarmUp, steady.stream().map(w -> String.format("%.0f%%", w.fraction() * 100)).toList(),
                    ITEMS * 10_000 / seconds, BUDGET / (WINDOW.toMillis() / 1000.0));
            assertThat(steady).hasSizeGreaterThanOrEqualTo(6);
            assertThat(steady).allSatisfy(w -> assertThat(w.fraction()).isGreaterThanOrEqualTo(0.9));
        }
    }

    private static long boardWithoutSpendingBudget(MondayStandIn monday) {
        String answer = monday.asUser(monday.integrationUserId()).graphql(
                "mutation { create_board(board_name: \"Budget\", board_kind: public) { id } }", Map.of());
        return Long.parseLong(answer.replaceAll(".*\"id\":\"(\\d+)\".*", "$1"));
    }

    @Test
    void twoMutationsOnOneBoardNeverRunAtOnce() {
        // given monday answers slowly, so that requests overlap
        try (MondayStandIn monday = MondayStandIn.start(StandInConfig.defaults());
             MondayClient client = new MondayClient(MondayClientConfig.of(monday.apiUrl(), monday.token()).withAssumedBudget(monday.config().budgetPerWindow()))) {
            long board = client.execute(new Operations.CreateBoard("Busy", "public", null, null, null)).id();
            long other = client.execute(new Operations.CreateBoard("Other", "public", null, null, null)).id();
            monday.faults().slowAnswers(Duration.ofMillis(150));

            // when eight threads create items on one board and two more on another board at the same time
            java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(10);
            List<CompletableFuture<Model.ItemRef>> calls = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                long target = i < 8 ? board : other;
                String name = "item " + i;
                calls.add(CompletableFuture.supplyAsync(() -> client.execute(new Operations.CreateItem(target, name, null, Map.of(), false)),
                        threads));
            }
            calls.forEach(CompletableFuture::join);
            threads.shutdown();

            // then every item was created and monday never saw two mutations of one board in flight
            assertThat(monday.items(board)).hasSize(8);
            assertThat(monday.items(other)).hasSize(2);
            assertThat(monday.stats().sameBoardConcurrentMutations()).isZero();
        }
    }
}

package com.coeffection.sync.monday.sink.batch;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class BatchPlannerTest {
    private static List<BatchPlanner.Candidate<Integer>> candidates(int n, String field, long bytes) {
        List<BatchPlanner.Candidate<Integer>> list = new ArrayList<>();
        IntStream.range(0, n).forEach(i -> list.add(new BatchPlanner.Candidate<>(i, field, bytes)));
        return list;
    }

    @Test
    void takesOperationsInOrderUpToTheMostPerRequest() {
        BatchPlanner planner = new BatchPlanner(new BatchPlanner.Limits(25, 5_000_000, 1_000_000));

        BatchPlanner.Batch<Integer> batch = planner.next(candidates(60, "change_multiple_column_values", 100), f -> 10_000, 10_000_000);

        assertThat(batch.items()).containsExactlyElementsOf(IntStream.range(0, 25).boxed().toList());
        assertThat(batch.estimatedCost()).isEqualTo(250_000);
        assertThat(batch.budgetLimited()).isFalse();
    }

    @Test
    void takesNoMoreThanTheBudgetHasLeft() {
        BatchPlanner planner = new BatchPlanner(new BatchPlanner.Limits(50, 5_000_000, 1_000_000));

        BatchPlanner.Batch<Integer> batch = planner.next(candidates(50, "create_item", 100), f -> 10_000, 75_000);

        assertThat(batch.items()).hasSize(7);
        assertThat(batch.budgetLimited()).isTrue();
    }

    @Test
    void sendsNothingWhenNotEvenOneOperationFitsTheBudget() {
        BatchPlanner planner = new BatchPlanner(new BatchPlanner.Limits(50, 5_000_000, 1_000_000));

        BatchPlanner.Batch<Integer> batch = planner.next(candidates(3, "create_item", 100), f -> 10_000, 9_999);

        assertThat(batch.isEmpty()).isTrue();
        assertThat(batch.budgetLimited()).isTrue();
    }

    @Test
    void staysUnderTheRequestSizeAndTheComplexityOfOneRequestButAlwaysTakesOne() {
        BatchPlanner planner = new BatchPlanner(new BatchPlanner.Limits(50, 30_000, 1_000));

        assertThat(planner.next(candidates(10, "x", 300), f -> 1, 1_000_000).items()).hasSize(3);
        assertThat(planner.next(candidates(10, "x", 1), f -> 10_000, 1_000_000).items()).hasSize(3);
        assertThat(planner.next(candidates(2, "x", 5_000), f -> 1, 1_000_000).items()).hasSize(1);
    }

    @Test
    void mixedOperationsAreCostedByTheirOwnField() {
        BatchPlanner planner = new BatchPlanner(new BatchPlanner.Limits(50, 5_000_000, 1_000_000));
        List<BatchPlanner.Candidate<Integer>> mixed = List.of(new BatchPlanner.Candidate<>(1, "create_item", 10),
                new BatchPlanner.Candidate<>(2, "archive_item", 10), new BatchPlanner.Candidate<>(3, "create_item", 10));

        BatchPlanner.Batch<Integer> batch = planner.next(mixed, f -> f.equals("create_item") ? 30_000 : 1_000, 61_000);

        assertThat(batch.items()).containsExactly(1, 2, 3);
        assertThat(batch.estimatedCost()).isEqualTo(61_000);
    }

    @Test
    void waitingOperationsAreSpreadEvenlySoNoRequestIsLeftWithAFew() {
        BatchPlanner planner = new BatchPlanner(new BatchPlanner.Limits(50, 5_000_000, 1_000_000));

        assertThat(planner.evenShare(7)).isEqualTo(7);
        assertThat(planner.evenShare(50)).isEqualTo(50);
        assertThat(planner.evenShare(51)).isEqualTo(26);
        assertThat(planner.evenShare(105)).isEqualTo(35);
        assertThat(planner.next(candidates(105, "x", 1), f -> 1, 1_000_000, planner.evenShare(105)).items()).hasSize(35);
        assertThat(planner.next(candidates(105, "x", 1), f -> 1, 1_000_000, 500).items()).hasSize(50);
    }
}

package com.coeffection.sync.monday.ratelimit;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The budget bookkeeping, on a clock the test moves. */
class ComplexityBudgetTest {
    /** A clock that only moves when told. */
    static final class MovableClock extends Clock {
        private Instant now;

        MovableClock(Instant start) {
            now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-22T10:00:00Z"));

    @Test
    void aRequestTheReportedBudgetCannotTakeWaitsForTheReset() throws Exception {
        // given monday reported 15,000 points left, resetting in 20 seconds
        ComplexityBudget budget = new ComplexityBudget(10_000_000, clock);
        ComplexityBudget.Reservation first = budget.reserve(10_000, Duration.ZERO);
        budget.settle(first, new ComplexityBudget.Report(100_000, 15_000, 85_000, 20));

        // then 10,000 go at once, a second 10,000 would wait 20 s, and a caller unwilling to wait is told so
        assertThat(budget.capacity()).isEqualTo(100_000);
        ComplexityBudget.Reservation second = budget.reserve(10_000, Duration.ZERO);
        assertThat(budget.waitFor(10_000)).isEqualTo(Duration.ofSeconds(20));
        assertThatThrownBy(() -> budget.reserve(10_000, Duration.ofSeconds(5)))
                .isInstanceOf(BudgetWaitTimeoutException.class).hasMessageContaining("resets at 2026-11-22T10:00:20Z");

        // and after the reset the whole budget is available again
        budget.release(second);
        clock.advance(Duration.ofSeconds(20));
        assertThat(budget.snapshot().available()).isEqualTo(100_000);
        assertThat(budget.affordable(10_000, 50)).isEqualTo(10);
    }

    @Test
    void aRefusedRequestShrinksAnUnverifiedAssumptionAndALearnedBudgetIsKept() {
        // given a client that assumed 10,000,000 points and was refused a 100,000-point request
        ComplexityBudget budget = new ComplexityBudget(10_000_000, clock);
        budget.exhausted(Duration.ofSeconds(3), 100_000, 0);

        // then nothing goes before the delay, and afterwards batches are sized for at most half the refused request
        assertThat(budget.snapshot().available()).isZero();
        clock.advance(Duration.ofSeconds(3));
        assertThat(budget.capacity()).isEqualTo(50_000);
        assertThat(budget.affordable(10_000, 10)).isEqualTo(5);

        // and a budget monday named replaces the guess
        budget.exhausted(Duration.ofSeconds(1), 60_000, 40_000);
        clock.advance(Duration.ofSeconds(1));
        assertThat(budget.capacity()).isEqualTo(40_000);
    }

    @Test
    void anOlderReportDoesNotRaiseTheBudgetWithinAWindow() throws Exception {
        ComplexityBudget budget = new ComplexityBudget(10_000_000, clock);
        ComplexityBudget.Reservation a = budget.reserve(10_000, Duration.ZERO);
        ComplexityBudget.Reservation b = budget.reserve(10_000, Duration.ZERO);
        budget.settle(b, new ComplexityBudget.Report(100_000, 80_000, 10_000, 30));
        budget.settle(a, new ComplexityBudget.Report(100_000, 90_000, 10_000, 30));
        assertThat(budget.snapshot().remaining()).isEqualTo(80_000);
    }
}

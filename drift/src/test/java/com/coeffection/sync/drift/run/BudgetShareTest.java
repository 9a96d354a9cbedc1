package com.coeffection.sync.drift.run;

import com.coeffection.sync.monday.ratelimit.ComplexityBudget;
import com.coeffection.sync.testkit.MovableClock;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A drift run's share of monday's budget: live sync keeps the rest of each window. */
class BudgetShareTest {
    final MovableClock clock = new MovableClock(Instant.parse("2026-12-02T06:00:00Z"));
    final ComplexityBudget budget = new ComplexityBudget(1_000, clock);
    final List<Duration> waits = new ArrayList<>();

    @Test
    @DisplayName("Given most of the window still free, when a run asks for its next page, then it goes on at once")
    void withinItsShareItDoesNotWait() throws InterruptedException {
        new BudgetShare(0.25, clock, waits::add).awaitTurn(budget, 200);

        assertThat(waits).isEmpty();
    }

    @Test
    @DisplayName("Given live sync holding most of the window, when a run asks for its next page, then it waits until the points left cover live sync's part and the page")
    void beyondItsShareItWaitsForLiveSync() throws InterruptedException {
        ComplexityBudget.Reservation live = budget.reserve(400, Duration.ZERO);
        BudgetShare share = new BudgetShare(0.25, clock, d -> {
            waits.add(d);
            clock.advance(d);
            budget.release(live);
        });

        share.awaitTurn(budget, 100);

        assertThat(waits).hasSize(1);
        assertThat(share.waitedMillis()).isEqualTo(waits.get(0).toMillis());
    }

    @Test
    @DisplayName("A share outside (0, 1] is refused with a message saying what is allowed")
    void aShareOutsideTheRangeIsRefused() {
        assertThatThrownBy(() -> new BudgetShare(0, clock, waits::add)).hasMessageContaining("above 0 and at most 1");
        assertThatThrownBy(() -> new BudgetShare(1.5, clock, waits::add)).hasMessageContaining("above 0 and at most 1");
    }
}

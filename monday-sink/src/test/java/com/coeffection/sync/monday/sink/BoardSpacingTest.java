package com.coeffection.sync.monday.sink;

import com.coeffection.sync.monday.sink.coalesce.Coalescer;
import com.coeffection.sync.monday.sink.coalesce.ItemLane;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static com.coeffection.sync.monday.sink.Commands.pending;
import static com.coeffection.sync.monday.sink.Commands.text;
import static com.coeffection.sync.monday.sink.Commands.update;
import static org.assertj.core.api.Assertions.assertThat;

/** Adaptive batching: a quiet board sends at once, a busy board at most once per window. */
class BoardSpacingTest {
    private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");
    private final BoardSpacing spacing = new BoardSpacing(Duration.ofMillis(250));

    private static ItemLane lane(String recordId) {
        Coalescer coalescer = new Coalescer(Duration.ZERO);
        coalescer.add(pending(update(recordId, 1L, text("text", "x")), T0));
        return coalescer.lanes().iterator().next();
    }

    @Test
    void givenABoardWithNoRecentRequest_whenAChangeIsDue_thenItGoesAtOnce() {
        assertThat(spacing.mustWait(lane("r1"), T0)).isFalse();
        assertThat(spacing.nextEnd()).isEmpty();
    }

    @Test
    void givenABoardThatJustSent_whenMoreChangesAreDue_thenTheyWaitForTheWindowAndThenGoTogether() {
        ItemLane first = lane("r1");
        spacing.sent(first, T0, 1, 0);

        assertThat(spacing.mustWait(lane("r2"), T0.plusMillis(100))).isTrue();
        assertThat(spacing.nextEnd()).contains(T0.plusMillis(250));
        assertThat(spacing.mustWait(lane("r2"), T0.plusMillis(250))).isFalse();
    }

    @Test
    void givenARequestThatLeftAFullRequestBehind_whenTheRestIsDue_thenItGoesAtOnce() {
        spacing.sent(lane("r1"), T0, 200, 250);

        assertThat(spacing.mustWait(lane("r2"), T0.plusMillis(100))).isFalse();
    }

    @Test
    void givenARequestThatLeftASmallRestBehind_whenTheRestIsDue_thenItWaitsForTheWindowToGoWithTheNextChanges() {
        spacing.sent(lane("r1"), T0, 200, 75);

        assertThat(spacing.mustWait(lane("r2"), T0.plusMillis(100))).isTrue();
        assertThat(spacing.nextEnd()).contains(T0.plusMillis(250));
        assertThat(spacing.mustWait(lane("r2"), T0.plusMillis(250))).isFalse();
    }

    @Test
    void givenAZeroWindow_whenABoardJustSent_thenNothingWaits() {
        BoardSpacing none = new BoardSpacing(Duration.ZERO);
        none.sent(lane("r1"), T0, 1, 0);

        assertThat(none.mustWait(lane("r2"), T0)).isFalse();
    }
}

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

/** Adaptive batching: a quiet board sends at once, a busy board once per spacing, which grows with its requests. */
class BoardSpacingTest {
    private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");
    private final BoardSpacing spacing = new BoardSpacing(Duration.ofMillis(250), 300, 10);

    private static ItemLane lane(String recordId) {
        Coalescer coalescer = new Coalescer(Duration.ZERO);
        coalescer.add(pending(update(recordId, 1L, text("text", "x")), T0));
        return coalescer.lanes().iterator().next();
    }

    @Test
    void givenABoardWithNoRecentRequest_whenAChangeIsDue_thenItGoesAtOnce() {
        assertThat(spacing.mustWait(lane("r1"), T0, false)).isFalse();
        assertThat(spacing.nextEnd()).isEmpty();
    }

    @Test
    void givenABoardThatJustSentAFullRequest_whenMoreChangesAreDue_thenTheyWaitForTheWholeWindowAndThenGoTogether() {
        spacing.sent(lane("r1"), T0, 300, 0);

        assertThat(spacing.mustWait(lane("r2"), T0.plusMillis(100), false)).isTrue();
        assertThat(spacing.nextEnd()).contains(T0.plusMillis(250));
        assertThat(spacing.mustWait(lane("r2"), T0.plusMillis(250), false)).isFalse();
    }

    @Test
    void givenABoardThatJustSentASmallRequest_whenMoreChangesAreDue_thenTheyWaitAsMuchLessAsTheRequestWasSmaller() {
        spacing.sent(lane("r1"), T0, 6, 0); // 6 of the 300 a request takes: a fiftieth of the window

        assertThat(spacing.mustWait(lane("r2"), T0.plusMillis(2), false)).isTrue();
        assertThat(spacing.nextEnd()).contains(T0.plusMillis(5));
        assertThat(spacing.mustWait(lane("r2"), T0.plusMillis(5), false)).isFalse();
        // a single edit: the next goes as soon as monday answered (one request per board at a time)
        spacing.sent(lane("r1"), T0, 1, 0);
        assertThat(spacing.mustWait(lane("r2"), T0.plusMillis(1), false)).isFalse();
    }

    @Test
    void givenABoardThatJustSentARequestOfTenOrMore_whenMoreChangesAreDue_thenTheyWaitTheWholeWindow() {
        spacing.sent(lane("r1"), T0, 10, 0); // edits come faster than monday answers: requests a window apart

        assertThat(spacing.mustWait(lane("r2"), T0.plusMillis(200), false)).isTrue();
        assertThat(spacing.mustWait(lane("r2"), T0.plusMillis(250), false)).isFalse();
    }

    @Test
    void givenAConnectionShortOfBudget_whenABoardJustSentASmallRequest_thenItsNextChangesWaitTheWholeWindow() {
        spacing.sent(lane("r1"), T0, 1, 0);

        assertThat(spacing.mustWait(lane("r2"), T0.plusMillis(100), true)).isTrue();
        assertThat(spacing.mustWait(lane("r2"), T0.plusMillis(250), true)).isFalse();
    }

    @Test
    void givenARequestThatLeftAFullRequestBehind_whenTheRestIsDue_thenItGoesAtOnce() {
        spacing.sent(lane("r1"), T0, 200, 250);

        assertThat(spacing.mustWait(lane("r2"), T0.plusMillis(100), false)).isFalse();
    }

    @Test
    void givenARequestThatLeftASmallRestBehind_whenTheRestIsDue_thenItWaitsForTheWindowToGoWithTheNextChanges() {
        spacing.sent(lane("r1"), T0, 300, 75);

        assertThat(spacing.mustWait(lane("r2"), T0.plusMillis(100), false)).isTrue();
        assertThat(spacing.nextEnd()).contains(T0.plusMillis(250));
        assertThat(spacing.mustWait(lane("r2"), T0.plusMillis(250), false)).isFalse();
    }

    @Test
    void givenAZeroWindow_whenABoardJustSent_thenNothingWaits() {
        BoardSpacing none = new BoardSpacing(Duration.ZERO, 300, 10);
        none.sent(lane("r1"), T0, 1, 0);

        assertThat(none.mustWait(lane("r2"), T0, false)).isFalse();
    }
}

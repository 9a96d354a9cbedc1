package com.coeffection.sync.connections.oauth;

import com.coeffection.sync.testkit.MovableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PendingAuthorizationsTest {
    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-02T08:00:00Z"));
    private final PendingAuthorizations pending = new PendingAuthorizations(clock);

    @Test
    void givenAStartedAuthorization_whenItsStateComesBackInTheSameSession_thenItIsAcceptedOnce() {
        var started = pending.begin("acme", "session-1", "admin:acme");

        assertThat(pending.take(started.state(), "session-1").tenant()).isEqualTo("acme");
        assertThatThrownBy(() -> pending.take(started.state(), "session-1"))
                .isInstanceOf(PendingAuthorizations.StateRejected.class).hasMessageContaining("already used");
    }

    @Test
    void givenAStartedAuthorization_whenItsStateComesBackAfterItExpired_thenItIsRejected() {
        var started = pending.begin("acme", "session-1", "admin:acme");
        clock.advance(PendingAuthorizations.LIFETIME.plus(Duration.ofSeconds(1)));

        assertThatThrownBy(() -> pending.take(started.state(), "session-1")).hasMessageContaining("expired");
    }

    @Test
    void givenAStartedAuthorization_whenItsStateComesBackInAnotherSession_thenItIsRejectedAndCannotBeUsedAfterwards() {
        var started = pending.begin("acme", "session-1", "admin:acme");

        assertThatThrownBy(() -> pending.take(started.state(), "session-2")).hasMessageContaining("session");
        assertThatThrownBy(() -> pending.take(started.state(), "session-1")).hasMessageContaining("already used");
    }

    @Test
    void givenNoState_whenACallbackArrives_thenItIsRejected() {
        assertThatThrownBy(() -> pending.take(null, "session-1")).hasMessageContaining("no state");
    }

    @Test
    void givenTwoAuthorizations_whenStarted_thenTheirStatesAndVerifiersDiffer() {
        var a = pending.begin("acme", "s", "admin:acme");
        var b = pending.begin("acme", "s", "admin:acme");

        assertThat(a.state()).isNotEqualTo(b.state());
        assertThat(a.codeVerifier()).isNotEqualTo(b.codeVerifier()).hasSizeBetween(43, 128);
    }
}

package com.coeffection.sync.launcher.health;

import com.coeffection.sync.monday.sink.retry.ConnectionState;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class MondayConnectionCheckTest {
    private static final Clock CLOCK = Clock.systemUTC();
    private static final Instant NOW = Instant.parse("2026-12-02T03:00:00Z");

    @Test
    void aReadyOrBackingOffConnectionIsUpAndARefusedTokenOrTheDailyLimitIsDownSayingWhatToDo() {
        assertThat(MondayConnectionCheck.judge(Optional.empty(), CLOCK).up()).isTrue();
        assertThat(MondayConnectionCheck.judge(Optional.of(new ConnectionState.Ready()), CLOCK).up()).isTrue();
        assertThat(MondayConnectionCheck.judge(Optional.of(new ConnectionState.BackingOff(NOW, "ComplexityException", "wait")), CLOCK).up()).isTrue();

        Check.Result revoked = MondayConnectionCheck.judge(Optional.of(
                new ConnectionState.Revoked("t", NOW, "UserUnauthorizedException", "Not Authenticated", "req-1")), CLOCK);
        assertThat(revoked.up()).isFalse();
        assertThat(revoked.detail()).contains("reconnect").doesNotContain("\"t\"");

        Check.Result daily = MondayConnectionCheck.judge(Optional.of(new ConnectionState.DailyLimit(NOW, "limit")), CLOCK);
        assertThat(daily.up()).isFalse();
        assertThat(daily.detail()).contains("daily");
    }

    @Test
    void theCheckIsNamedByTenantAndAsksForThatTenant() {
        Map<String, ConnectionState> states = Map.of("acme", new ConnectionState.DailyLimit(NOW, "limit"));
        MondayConnectionCheck check = new MondayConnectionCheck("acme", t -> Optional.ofNullable(states.get(t)), CLOCK);
        assertThat(check.name()).isEqualTo("monday-acme");
        assertThat(check.check().up()).isFalse();
        assertThat(new MondayConnectionCheck("globex", t -> Optional.ofNullable(states.get(t)), CLOCK).check().up()).isTrue();
    }
}

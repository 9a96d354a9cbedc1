package com.coeffection.sync.ingress.http;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RefusalLogTest {
    private static final RefusalLog.Cause FORGED = new RefusalLog.Cause("monday", 401, "FORGED", "acme");
    private static final RefusalLog.Cause TOO_LARGE = new RefusalLog.Cause("coeffection", 413, "BODY_TOO_LARGE", "acme");

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<String> lines = new ArrayList<>();
    private Instant now = Instant.parse("2026-12-02T03:00:00Z");
    private final RefusalLog refusals = new RefusalLog(meters, Duration.ofMinutes(1), new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }, lines::add);

    @Test
    void givenABurstOfOneCauseWhenTheMinuteEndsThenOneLineAtOnceAndOneWithTheCountAreLogged() {
        for (int i = 0; i < 1800; i++) {
            refusals.refused(FORGED, "the JWT is not signed with the signing secret");
        }
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).contains("Refused a monday delivery for tenant acme (401 FORGED)");

        now = now.plusSeconds(61);
        refusals.flush();

        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).contains("1799 more in the last 60 s");
        assertThat(meters.get("ingress.refusals").tag("reason", "FORGED").counter().count()).isEqualTo(1800);
    }

    @Test
    void givenTwoCausesWhenBothRepeatThenEachIsLoggedOnceAndCountedApart() {
        refusals.refused(FORGED, "forged");
        refusals.refused(TOO_LARGE, "too large");
        refusals.refused(FORGED, "forged");
        refusals.refused(TOO_LARGE, "too large");

        assertThat(lines).hasSize(2).anyMatch(l -> l.contains("413 BODY_TOO_LARGE")).anyMatch(l -> l.contains("401 FORGED"));
        assertThat(meters.get("ingress.refusals").tag("status", "413").counter().count()).isEqualTo(2);
    }

    @Test
    void givenARefusalAfterTheWindowWhenItArrivesThenTheCountOfTheWindowBeforeAndTheNewOneAreLogged() {
        refusals.refused(FORGED, "forged");
        refusals.refused(FORGED, "forged again");
        now = now.plusSeconds(90);

        refusals.refused(FORGED, "forged later");

        assertThat(lines).hasSize(3);
        assertThat(lines.get(1)).contains("1 more").contains("forged again");
        assertThat(lines.get(2)).endsWith("forged later");
    }

    @Test
    void givenASingleRefusalWhenTheWindowEndsThenNoCountLineIsAdded() {
        refusals.refused(FORGED, "forged");
        now = now.plusSeconds(61);
        refusals.flush();
        assertThat(lines).hasSize(1);
    }
}

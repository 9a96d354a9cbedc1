package com.coeffection.sync.launcher.health;

import com.coeffection.sync.monday.sink.retry.ConnectionState;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;

import static org.assertj.core.api.Assertions.assertThat;

class MappedTenantsTest {

    @Test
    void givenARunningSinkWhenATenantsFirstMappingIsPublishedThenItsConnectionCheckAppearsWithoutARestart() {
        // given a process started while only acme had a mapping
        Set<String> published = new CopyOnWriteArraySet<>(List.of("acme"));
        Map<String, ConnectionState> states = new ConcurrentHashMap<>();
        Health health = new Health();
        MappedTenants tenants = health.own(new MappedTenants(() -> Set.copyOf(published),
                t -> Optional.ofNullable(states.get(t)), Clock.systemUTC()));
        tenants.refresh();
        health.readyEach(tenants::checks);
        assertThat(health.readiness().checks()).containsOnlyKeys("monday-acme");

        // when globex's mapping is published and monday refuses its token
        published.add("globex");
        states.put("globex", new ConnectionState.Revoked("token-1", Instant.parse("2026-12-02T06:00:00Z"), "USER_UNAUTHORIZED", "Not authenticated", "req-1"));
        tenants.refresh();

        // then readiness names globex's connection, down, next to acme's
        Health.Report report = health.readiness();
        assertThat(report.checks()).containsOnlyKeys("monday-acme", "monday-globex");
        assertThat(report.failing()).containsExactly("monday-globex");
    }

    @Test
    void givenAFailingReadWhenTheTenantsAreReadAgainThenTheTenantsKnownStay() {
        boolean[] fail = {false};
        MappedTenants tenants = new MappedTenants(() -> {
            if (fail[0]) {
                throw new IllegalStateException("broker unreachable");
            }
            return Set.of("acme");
        }, t -> Optional.empty(), Clock.systemUTC());
        tenants.refresh();

        fail[0] = true;
        tenants.refresh();

        assertThat(tenants.checks()).extracting(Check::name).containsExactly("monday-acme");
    }
}

package com.coeffection.sync.launcher.health;

import org.apache.kafka.streams.KafkaStreams.State;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class StreamsCheckTest {
    private static final Duration GRACE = Duration.ofSeconds(10);
    private static final Duration BOUND = Duration.ofMinutes(5);

    @Test
    void runningIsReadyAndAlive() {
        assertThat(StreamsCheck.ready(State.RUNNING, Duration.ofHours(1), GRACE).up()).isTrue();
        assertThat(StreamsCheck.alive(State.RUNNING, Duration.ofHours(1), BOUND).up()).isTrue();
    }

    @Test
    void aShortRebalanceStaysReadyAndALongerOneIsNotReadyButAliveUntilTheBound() {
        assertThat(StreamsCheck.ready(State.REBALANCING, Duration.ofSeconds(3), GRACE).up()).isTrue();
        assertThat(StreamsCheck.ready(State.REBALANCING, Duration.ofSeconds(60), GRACE).up()).isFalse();
        assertThat(StreamsCheck.alive(State.REBALANCING, Duration.ofSeconds(60), BOUND).up()).isTrue();
        Check.Result stuck = StreamsCheck.alive(State.REBALANCING, Duration.ofMinutes(6), BOUND);
        assertThat(stuck.up()).isFalse();
        assertThat(stuck.detail()).contains("REBALANCING").contains("restart");
    }

    @Test
    void startingIsNotReadyAndAFailedProcessorIsNotAlive() {
        assertThat(StreamsCheck.ready(State.CREATED, Duration.ZERO, GRACE).up()).isFalse();
        assertThat(StreamsCheck.alive(State.CREATED, Duration.ZERO, BOUND).up()).isTrue();
        for (State dead : new State[]{State.ERROR, State.PENDING_ERROR, State.NOT_RUNNING, State.PENDING_SHUTDOWN}) {
            assertThat(StreamsCheck.alive(dead, Duration.ZERO, BOUND).up()).as(dead.name()).isFalse();
            assertThat(StreamsCheck.ready(dead, Duration.ZERO, GRACE).up()).as(dead.name()).isFalse();
        }
    }

    @Test
    void theSampledStateIsWhatTheChecksJudge() {
        AtomicReference<State> state = new AtomicReference<>(State.REBALANCING);
        try (StreamsCheck check = new StreamsCheck(state::get, Duration.ZERO, BOUND)) {
            assertThat(check.readiness().check().up()).isFalse();
            state.set(State.RUNNING);
            await().atMost(Duration.ofSeconds(5)).until(() -> check.readiness().check().up());
            assertThat(check.readiness().name()).isEqualTo("processor");
            assertThat(check.liveness().check().detail()).contains("RUNNING");
        }
    }
}

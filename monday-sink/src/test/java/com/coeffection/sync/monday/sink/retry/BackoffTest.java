package com.coeffection.sync.monday.sink.retry;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Random;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackoffTest {
    private final Backoff noJitter = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2), 0);

    @Test
    void doublesFromTheBaseUpToTheCap() {
        Random random = new Random(1);
        assertThat(noJitter.delay(1, null, random)).isEqualTo(Duration.ofMillis(100));
        assertThat(noJitter.delay(2, null, random)).isEqualTo(Duration.ofMillis(200));
        assertThat(noJitter.delay(4, null, random)).isEqualTo(Duration.ofMillis(800));
        assertThat(noJitter.delay(10, null, random)).isEqualTo(Duration.ofSeconds(2));
        assertThat(noJitter.delay(1000, null, random)).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void neverWaitsLessThanMondayAsked() {
        assertThat(noJitter.delay(1, Duration.ofSeconds(7), new Random(1))).isEqualTo(Duration.ofSeconds(7));
        assertThat(noJitter.delay(3, Duration.ofMillis(50), new Random(1))).isEqualTo(Duration.ofMillis(400));
    }

    @Test
    void jitterAddsAtMostItsFractionAndSpreadsTheDelays() {
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1), 0.5);
        SplittableRandom random = new SplittableRandom(42);
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 0; i < 200; i++) {
            long ms = backoff.delay(1, null, random).toMillis();
            min = Math.min(min, ms);
            max = Math.max(max, ms);
        }
        assertThat(min).isGreaterThanOrEqualTo(1000);
        assertThat(max).isLessThanOrEqualTo(1500);
        assertThat(max - min).isGreaterThan(200);
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1), 2)).isInstanceOf(IllegalArgumentException.class);
    }
}

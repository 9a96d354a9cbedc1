package com.coeffection.sync.ingress.delivery;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecentDeliveriesTest {
    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final RecentDeliveries recent = new RecentDeliveries(Duration.ofMinutes(40), 1000, clock::get);
    private final AtomicInteger writes = new AtomicInteger();

    private Supplier<CompletableFuture<?>> succeeding() {
        return () -> {
            writes.incrementAndGet();
            return CompletableFuture.completedFuture("ok");
        };
    }

    private void minutesPass(long minutes) {
        clock.addAndGet(TimeUnit.MINUTES.toNanos(minutes));
    }

    @Test
    void aDeliveryWrittenOnceIsADuplicateForThirtyMinutesOfRetries() {
        assertThat(recent.deliverOnce("t-1", succeeding()).join()).isInstanceOf(RecentDeliveries.Written.class);

        for (int minute = 1; minute <= 30; minute++) {
            minutesPass(1);
            assertThat(recent.deliverOnce("t-1", succeeding()).join()).isInstanceOf(RecentDeliveries.Duplicate.class);
        }
        assertThat(writes).hasValue(1);
    }

    @Test
    void aDeliveryIsForgottenOnceTheWindowHasPassed() {
        recent.deliverOnce("t-1", succeeding()).join();

        minutesPass(41);

        assertThat(recent.deliverOnce("t-1", succeeding()).join()).isInstanceOf(RecentDeliveries.Written.class);
        assertThat(writes).hasValue(2);
    }

    @Test
    void aFailedWriteIsForgottenSoThatTheRetryWrites() {
        CompletableFuture<RecentDeliveries.Outcome> failed = recent.deliverOnce("t-1",
                () -> CompletableFuture.failedFuture(new KafkaUnavailableException("topic", "down", null)));

        assertThatThrownBy(failed::join).hasCauseInstanceOf(KafkaUnavailableException.class);
        assertThat(recent.deliverOnce("t-1", succeeding()).join()).isInstanceOf(RecentDeliveries.Written.class);
        assertThat(writes).hasValue(1);
    }

    @Test
    void twoCopiesArrivingTogetherShareOneWrite() {
        CompletableFuture<Object> inFlight = new CompletableFuture<>();
        CompletableFuture<RecentDeliveries.Outcome> first = recent.deliverOnce("t-1", () -> {
            writes.incrementAndGet();
            return inFlight;
        });
        CompletableFuture<RecentDeliveries.Outcome> second = recent.deliverOnce("t-1", succeeding());

        assertThat(second).isNotDone();
        inFlight.complete("acknowledged");

        assertThat(first.join()).isInstanceOf(RecentDeliveries.Written.class);
        assertThat(second.join()).isInstanceOf(RecentDeliveries.Duplicate.class);
        assertThat(writes).hasValue(1);
    }

    @Test
    void aCopyWaitingOnAWriteThatFailsFailsToo() {
        CompletableFuture<Object> inFlight = new CompletableFuture<>();
        recent.deliverOnce("t-1", () -> inFlight);
        CompletableFuture<RecentDeliveries.Outcome> second = recent.deliverOnce("t-1", succeeding());

        inFlight.completeExceptionally(new KafkaUnavailableException("topic", "down", null));

        assertThatThrownBy(second::join).hasCauseInstanceOf(KafkaUnavailableException.class);
        assertThat(recent.deliverOnce("t-1", succeeding()).join()).isInstanceOf(RecentDeliveries.Written.class);
    }

    @Test
    void theOldestDeliveriesAreForgottenBeyondTheBound() {
        RecentDeliveries small = new RecentDeliveries(Duration.ofMinutes(40), 1000, clock::get);
        for (int i = 0; i < 1500; i++) {
            small.deliverOnce("t-" + i, succeeding()).join();
        }
        small.deliverOnce("one-more", succeeding()).join();

        assertThat(small.size()).isLessThanOrEqualTo(1001);
        assertThat(small.deliverOnce("t-1499", succeeding()).join()).isInstanceOf(RecentDeliveries.Duplicate.class);
        assertThat(small.deliverOnce("t-0", succeeding()).join()).isInstanceOf(RecentDeliveries.Written.class);
    }
}

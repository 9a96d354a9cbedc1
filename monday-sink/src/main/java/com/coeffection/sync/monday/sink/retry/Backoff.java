package com.coeffection.sync.monday.sink.retry;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How long to wait before trying a failed write again: exponential from {@code base}, capped at {@code max}, never
 * shorter than the delay monday asked for ({@code retry_in_seconds}, {@code Retry-After}), plus a random extra of up
 * to {@code jitter} of the delay so that many waiting writes do not all come back in the same instant.
 *
 * @param base   the first delay
 * @param max    the longest delay this policy chooses by itself (monday's own hint may be longer and wins)
 * @param jitter the largest random extra, as a fraction of the delay (0.2 = up to 20% more)
 */
public record Backoff(Duration base, Duration max, double jitter) {
    public Backoff {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(max, "max");
        if (base.isNegative() || base.isZero()) {
            throw new IllegalArgumentException("base must be positive");
        }
        if (max.compareTo(base) < 0) {
            throw new IllegalArgumentException("max must not be shorter than base");
        }
        if (jitter < 0 || jitter > 1) {
            throw new IllegalArgumentException("jitter must be between 0 and 1");
        }
    }

    /** 500 ms doubling up to 30 s, with up to 20% jitter. */
    public static Backoff defaults() {
        return new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), 0.2);
    }

    /**
     * The delay before attempt {@code failedAttempts + 1}.
     *
     * @param failedAttempts how many attempts failed so far (1 after the first failure)
     * @param hint           what monday asked for, or null
     */
    public Duration delay(int failedAttempts, Duration hint, RandomGenerator random) {
        int exponent = Math.max(0, Math.min(failedAttempts - 1, 30));
        long exponential = base.toMillis() << Math.min(exponent, 20);
        long chosen = Math.min(Math.max(exponential, base.toMillis()), max.toMillis());
        if (hint != null && hint.toMillis() > chosen) {
            chosen = hint.toMillis();
        }
        long extra = jitter == 0 ? 0 : (long) (chosen * jitter * random.nextDouble());
        return Duration.ofMillis(chosen + extra);
    }
}

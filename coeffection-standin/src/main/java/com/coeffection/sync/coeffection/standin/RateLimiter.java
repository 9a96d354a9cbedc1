package com.coeffection.sync.coeffection.standin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;

/**
 * The plan's request limits per API key: a count per calendar minute and per UTC day. A request over either is
 * refused and told when the window it exceeded ends (Retry-After, whole seconds, at least 1).
 */
public final class RateLimiter {
    /** The answer to one request. */
    public sealed interface Verdict permits Allowed, Limited {
    }

    /** Allowed; {@code remaining} requests are left in this minute, the minute ends at {@code reset}. */
    public record Allowed(int limit, int remaining, Instant reset) implements Verdict {
    }

    /** Refused: retry after {@code retryAfter}; {@code window} is "minute" or "day". */
    public record Limited(int limit, Duration retryAfter, String window, Instant reset) implements Verdict {
        public long retryAfterSeconds() {
            return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        }
    }

    private record Window(long minute, int inMinute, long day, long inDay) {
    }

    private final Clock clock;
    private final Map<String, Window> windows = new HashMap<>();

    public RateLimiter(Clock clock) {
        this.clock = clock;
    }

    /** Counts one request of {@code key} on {@code plan}. */
    public synchronized Verdict acquire(String key, Plan plan) {
        Instant now = clock.instant();
        long minute = now.getEpochSecond() / 60;
        long day = now.getEpochSecond() / 86_400;
        Window w = windows.get(key);
        if (w == null || w.day != day) {
            w = new Window(minute, 0, day, 0);
        } else if (w.minute != minute) {
            w = new Window(minute, 0, w.day, w.inDay);
        }
        Instant minuteEnd = Instant.ofEpochSecond((minute + 1) * 60);
        if (w.inDay >= plan.perDay()) {
            Instant dayEnd = now.truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(1));
            return new Limited(plan.perMinute(), Duration.between(now, dayEnd), "day", dayEnd);
        }
        if (w.inMinute >= plan.perMinute()) {
            return new Limited(plan.perMinute(), Duration.between(now, minuteEnd), "minute", minuteEnd);
        }
        w = new Window(w.minute, w.inMinute + 1, w.day, w.inDay + 1);
        windows.put(key, w);
        return new Allowed(plan.perMinute(), plan.perMinute() - w.inMinute, minuteEnd);
    }
}

package com.coeffection.sync.ingress.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Refused deliveries (401, 413, 503) as an operator wants them: every refusal is counted in
 * {@code ingress_refusals_total{source, status, reason}}, but each cause (source, status, reason, tenant) is logged at
 * most once per window (one minute by default): the first refusal at once, and the ones that followed within the
 * window as one line with their count when the window ends. A sender retrying a forged signature 1,800 times writes
 * one line a minute, not 1,800.
 */
public final class RefusalLog {
    private static final Logger log = LoggerFactory.getLogger(RefusalLog.class);

    /**
     * Why a delivery was refused.
     *
     * @param source  {@code monday} or {@code coeffection}
     * @param status  the HTTP status answered
     * @param reason  a stable code (e.g. {@code EXPIRED}, {@code BODY_TOO_LARGE}, {@code KAFKA_UNAVAILABLE})
     * @param tenant  the tenant of the URL, as safe to log
     */
    public record Cause(String source, int status, String reason, String tenant) {
    }

    private static final class Window {
        final Instant opened;
        long suppressed;
        String lastMessage;

        Window(Instant opened) {
            this.opened = opened;
        }
    }

    private final Duration window;
    private final Clock clock;
    private final Consumer<String> out;
    private final MeterRegistry meters;
    private final Map<Cause, Window> windows = new ConcurrentHashMap<>();
    private final Map<List<String>, Counter> counters = new ConcurrentHashMap<>();

    /** One-minute windows, written to this class's logger at WARN. */
    public RefusalLog(MeterRegistry meters) {
        this(meters, Duration.ofMinutes(1), Clock.systemUTC(), log::warn);
    }

    public RefusalLog(MeterRegistry meters, Duration window, Clock clock, Consumer<String> out) {
        this.meters = meters;
        this.window = window;
        this.clock = clock;
        this.out = out;
    }

    /** Counts one refusal; logs it when it is the first of its cause in the current window. */
    public void refused(Cause cause, String message) {
        counters.computeIfAbsent(List.of(cause.source(), Integer.toString(cause.status()), cause.reason()),
                k -> Counter.builder("ingress.refusals")
                        .description("Deliveries refused (401, 413, 503) by source, status and reason")
                        .tag("source", cause.source()).tag("status", Integer.toString(cause.status()))
                        .tag("reason", cause.reason()).register(meters)).increment();
        Instant now = clock.instant();
        boolean first;
        synchronized (this) {
            Window current = windows.get(cause);
            if (current != null && !now.isBefore(current.opened.plus(window))) {
                closeWindow(cause, current);
                current = null;
            }
            first = current == null;
            if (first) {
                windows.put(cause, new Window(now));
            } else {
                current.suppressed++;
                current.lastMessage = message;
            }
        }
        if (first) {
            out.accept(line(cause) + ": " + message);
        }
    }

    /** Logs the count of every window that has ended; called periodically so a burst's count is not held back. */
    public synchronized void flush() {
        Instant now = clock.instant();
        List<Cause> ended = new ArrayList<>();
        windows.forEach((cause, w) -> {
            if (!now.isBefore(w.opened.plus(window))) {
                ended.add(cause);
            }
        });
        for (Cause cause : ended) {
            closeWindow(cause, windows.remove(cause));
        }
    }

    private void closeWindow(Cause cause, Window w) {
        windows.remove(cause);
        if (w != null && w.suppressed > 0) {
            out.accept(line(cause) + ": " + w.suppressed + " more in the last " + window.toSeconds()
                    + " s (last: " + w.lastMessage + ")");
        }
    }

    private static String line(Cause cause) {
        String source = cause.source().equals("coeffection") ? "Coeffection" : cause.source();
        return "Refused a " + source + " delivery for tenant " + cause.tenant() + " (" + cause.status() + " "
                + cause.reason() + ")";
    }
}

package com.coeffection.sync.processor.retry;

import com.coeffection.sync.contract.ErrorType;
import com.coeffection.sync.processor.ProcessorMetrics;
import com.coeffection.sync.serde.SchemaRegistryException;
import org.apache.kafka.common.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An outage is not bad input. When the schema registry cannot be reached (connection refused, timeout, HTTP 5xx),
 * the input being processed is good and must not become a dead letter: the attempt is repeated with a growing pause
 * for a bounded time, and after that the stream thread is failed with {@link Unavailable}. Kafka Streams then aborts
 * the transaction (nothing of the input was written), and the processor replaces the thread, which reads the input
 * again from the last commit. So the topology waits out an outage of any length, and every change is applied once
 * the registry answers again.
 *
 * <p>If a transaction was already open when the wait began and the wait outlasts its timeout, the broker aborts it and
 * Kafka Streams re-reads the task's input from the last commit: exactly-once still holds, as it does for a replaced
 * thread.
 */
public final class OutageRetry {
    private static final Logger LOG = LoggerFactory.getLogger(OutageRetry.class);
    /**
     * How long one input waits for the registry before the thread is replaced: a minute, well below the consumer's
     * poll interval (5 min), so an outage of that length costs no rebalance (a replaced thread's tasks move only after
     * the group's session timeout).
     */
    public static final long DEFAULT_MAX_WAIT_MS = 60_000;

    private final long maxWaitMs;
    private final ProcessorMetrics metrics;

    public OutageRetry(long maxWaitMs, ProcessorMetrics metrics) {
        this.maxWaitMs = maxWaitMs;
        this.metrics = metrics;
    }

    /** Thrown when an outage outlasts the bounded wait: fails the stream thread so it is replaced. */
    public static final class Unavailable extends RetriableException {
        private final ErrorType type;

        public Unavailable(ErrorType type, String message, Throwable cause) {
            super(message, cause);
            this.type = type;
        }

        public ErrorType type() {
            return type;
        }
    }

    /** Whether {@code e} is an outage (trying again later can succeed) rather than bad input. */
    public static boolean isOutage(RuntimeException e) {
        return e instanceof SchemaRegistryException r && r.retryable();
    }

    /**
     * Runs {@code attempt}; while it fails with an outage, runs {@code reset} (drop what the failed attempt
     * buffered), pauses and tries again, up to the bounded wait.
     *
     * @param what what is being processed, for the log
     */
    public void run(Runnable attempt, Runnable reset, String what) {
        long start = System.nanoTime();
        long pause = 50;
        while (true) {
            try {
                attempt.run();
                return;
            } catch (RuntimeException e) {
                if (!isOutage(e)) {
                    throw e;
                }
                reset.run();
                metrics.outageRetry(ErrorType.REGISTRY_UNAVAILABLE);
                long waitedMs = (System.nanoTime() - start) / 1_000_000;
                if (waitedMs >= maxWaitMs) {
                    LOG.warn("Schema registry unavailable for {} ms while processing {}; the stream thread is"
                            + " replaced and the input read again: {}", waitedMs, what, e.getMessage());
                    throw new Unavailable(ErrorType.REGISTRY_UNAVAILABLE, "schema registry unavailable while"
                            + " processing " + what + ": " + e.getMessage(), e);
                }
                LOG.info("Schema registry unavailable while processing {}; retrying in {} ms: {}", what, pause,
                        e.getMessage());
                pause(pause);
                pause = Math.min(pause * 2, 1_000);
            }
        }
    }

    /** Waits for an outage in a part that must not give up (the global link index): forever, with a pause. */
    public static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable(ErrorType.REGISTRY_UNAVAILABLE, "interrupted while waiting for the registry", e);
        }
    }
}

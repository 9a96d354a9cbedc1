package com.coeffection.sync.processor.routing;

import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * Commits soon when the processor keeps up, and by the commit interval when it does not. Under exactly-once, what a
 * step writes becomes readable downstream only when its transaction commits, so the commit interval (100 ms) is
 * latency added to every lone edit. After an input that is fresh (written less than {@link #FRESH_MS} ago: nothing
 * is queued before it) this asks Kafka Streams to commit at once, at most every {@link #MIN_GAP_MS}. Under load the
 * inputs are older than that, no commit is asked for, and the interval batches many inputs into one transaction, so
 * throughput is as before.
 */
final class PromptCommits {
    /** An input at most this old means the processor is caught up. */
    static final long FRESH_MS = 50;
    /** At most one commit request per this many milliseconds. */
    static final long MIN_GAP_MS = 10;

    /** {@code -Dsync.processor.promptCommits=false} turns it off (to measure the commit interval alone). */
    static final boolean ENABLED = !"false".equals(System.getProperty("sync.processor.promptCommits"));

    private long lastRequestMs = Long.MIN_VALUE / 2;

    /** After an input with this timestamp was handled; {@code nowMs} from the context's system time. */
    boolean after(long inputTimestampMs, long nowMs, ProcessorContext<?, ?> context) {
        if (!ENABLED || nowMs - inputTimestampMs > FRESH_MS || nowMs - lastRequestMs < MIN_GAP_MS) {
            return false;
        }
        lastRequestMs = nowMs;
        context.commit();
        return true;
    }
}

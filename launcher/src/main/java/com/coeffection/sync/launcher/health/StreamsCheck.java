package com.coeffection.sync.launcher.health;

import org.apache.kafka.streams.KafkaStreams.State;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The stream processor's Kafka Streams state, sampled every half second so that the time spent in a state is
 * known. Two checks come out of it:
 * <ul>
 *   <li>{@link #readiness()} ({@code processor}): up while RUNNING, or REBALANCING for less than the grace (a routine
 *       rebalance does not flap the check); down while starting, rebalancing longer, or stopped: nothing is
 *       processed then.</li>
 *   <li>{@link #liveness()} ({@code processor-alive}): down when Kafka Streams is in ERROR or NOT_RUNNING, or has been
 *       REBALANCING for longer than the bound (a rebalance that does not end needs a restart).</li>
 * </ul>
 */
public final class StreamsCheck implements AutoCloseable {
    private final Supplier<State> state;
    private final Duration grace;
    private final Duration bound;
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "processor-health");
        t.setDaemon(true);
        return t;
    });
    private volatile State last;
    private volatile long sinceNanos = System.nanoTime();

    /**
     * @param grace how long REBALANCING still counts as ready
     * @param bound how long REBALANCING may last before the processor counts as stuck
     */
    public StreamsCheck(Supplier<State> state, Duration grace, Duration bound) {
        this.state = state;
        this.grace = grace;
        this.bound = bound;
        sample();
        sampler.scheduleWithFixedDelay(this::sample, 500, 500, TimeUnit.MILLISECONDS);
    }

    private synchronized void sample() {
        State now = state.get();
        if (now != last) {
            last = now;
            sinceNanos = System.nanoTime();
        }
    }

    private synchronized Duration inState() {
        sample();
        return Duration.ofNanos(System.nanoTime() - sinceNanos);
    }

    /** Whether the processor processes now (readiness), given its state and how long it has been in it. */
    public static Check.Result ready(State state, Duration inState, Duration grace) {
        String seen = "Kafka Streams " + state + " for " + inState.toSeconds() + " s";
        if (state == State.RUNNING) {
            return Check.Result.up(seen);
        }
        if (state == State.REBALANCING && inState.compareTo(grace) < 0) {
            return Check.Result.up(seen + " (within the " + grace.toSeconds() + " s grace)");
        }
        return Check.Result.down(seen + ": nothing is processed; see the processor log"
                + (state == State.REBALANCING ? " and the consumer group's members" : ""));
    }

    /** Whether the processor is alive (liveness): not failed, not stopped, not stuck rebalancing. */
    public static Check.Result alive(State state, Duration inState, Duration bound) {
        String seen = "Kafka Streams " + state + " for " + inState.toSeconds() + " s";
        return switch (state) {
            case ERROR, PENDING_ERROR, NOT_RUNNING, PENDING_SHUTDOWN -> Check.Result.down(seen + ": restart the processor");
            case REBALANCING -> inState.compareTo(bound) < 0 ? Check.Result.up(seen)
                    : Check.Result.down(seen + ", longer than " + bound.toSeconds() + " s: restart the processor");
            default -> Check.Result.up(seen);
        };
    }

    public Check readiness() {
        return new Check() {
            @Override
            public String name() {
                return "processor";
            }

            @Override
            public Result check() {
                Duration in = inState();
                return ready(last, in, grace);
            }
        };
    }

    public Check liveness() {
        return new Check() {
            @Override
            public String name() {
                return "processor-alive";
            }

            @Override
            public Result check() {
                Duration in = inState();
                return alive(last, in, bound);
            }
        };
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }
}

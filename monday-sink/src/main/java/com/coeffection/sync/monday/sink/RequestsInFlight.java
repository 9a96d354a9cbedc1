package com.coeffection.sync.monday.sink;

import com.coeffection.sync.monday.sink.MondayConnections.Connection;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The monday requests a sink worker has out at once. Only the waiting for monday's answer happens off the poll loop
 * (on a small pool); what an answer means (outcomes, retries, offsets) is applied by the poll loop itself when it
 * {@link #drain()}s, so the sink's state keeps a single owner.
 *
 * <p>Rules (monday's, and the sink's fairness between tenants):
 * <ul>
 *   <li>never two requests naming the same board at once (monday's per-board rule);</li>
 *   <li>at most {@code perConnection} requests per connection (token) at once, so an account whose requests hang
 *       until the call timeout ties up only its own share, and the other tenants' deliveries keep going;</li>
 *   <li>at most {@code total} requests per worker at once (both from {@link MondaySinkConfig#inFlight()}).</li>
 * </ul>
 * The budget of a connection is still respected: each request reserves its estimated complexity in the client's
 * budget before it is sent, and waits (or fails as a budget wait) when the budget has no room.
 *
 * <p>Not thread-safe apart from the completion queue: the poll loop starts requests and drains their answers.
 */
final class RequestsInFlight implements AutoCloseable {
    private final int maxTotal;
    private final int maxPerConnection;
    private final ExecutorService pool;
    private final LinkedBlockingQueue<Runnable> answered = new LinkedBlockingQueue<>();
    private final Set<Long> busyBoards = new HashSet<>();
    private final Map<Connection, Integer> perConnection = new HashMap<>();
    private int total;

    RequestsInFlight(MondaySinkConfig.InFlightLimits limits) {
        this.maxTotal = limits.total();
        this.maxPerConnection = limits.perConnection();
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(maxTotal, r -> {
            Thread t = new Thread(r, "monday-sink-request-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Whether a request naming {@code boards} may start on this connection now. */
    boolean mayStart(Connection connection, Collection<Long> boards) {
        return hasRoom(connection) && boards.stream().noneMatch(busyBoards::contains);
    }

    /** Whether the connection (and the worker) may have one more request out. */
    boolean hasRoom(Connection connection) {
        return total < maxTotal && perConnection.getOrDefault(connection, 0) < maxPerConnection;
    }

    /** Whether the worker may have one more request out at all. */
    boolean hasRoom() {
        return total < maxTotal;
    }

    /** Whether a request naming this board is out. */
    boolean boardBusy(long boardId) {
        return busyBoards.contains(boardId);
    }

    /** Whether any request is out. */
    boolean any() {
        return total > 0;
    }

    /**
     * Starts a request: {@code call} runs on the pool (it must not touch the sink's state), and {@code answer} runs
     * on the poll loop with its result at the next {@link #drain()}. The boards stay busy until then.
     */
    <T> void start(Connection connection, Set<Long> boards, Supplier<T> call, Consumer<T> answer) {
        if (!mayStart(connection, boards)) {
            throw new IllegalStateException("a request naming boards " + boards + " may not start now");
        }
        Set<Long> held = Set.copyOf(boards);
        busyBoards.addAll(held);
        perConnection.merge(connection, 1, Integer::sum);
        total++;
        pool.execute(() -> {
            try {
                T result = call.get();
                answered.add(() -> {
                    finish(connection, held);
                    answer.accept(result);
                });
            } catch (RuntimeException e) {
                // the calls report failures as results; anything else fails the poll loop's round (it replays)
                answered.add(() -> {
                    finish(connection, held);
                    throw e;
                });
            }
        });
    }

    private void finish(Connection connection, Set<Long> boards) {
        busyBoards.removeAll(boards);
        perConnection.computeIfPresent(connection, (c, n) -> n <= 1 ? null : n - 1);
        total--;
    }

    /** Applies every answer that came back since the last drain, on the calling (poll loop) thread. */
    void drain() {
        List<Runnable> ready = new ArrayList<>();
        answered.drainTo(ready);
        ready.forEach(Runnable::run);
    }

    /**
     * Waits until every request out has been answered (at most {@code timeout}) and applies the answers: before
     * partitions are given up or the worker stops, so that no request of theirs is still out when another worker
     * takes them over (it could otherwise create an item this worker's request is creating).
     */
    void awaitAll(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (total > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            try {
                Runnable next = answered.poll(left, TimeUnit.NANOSECONDS);
                if (next != null) {
                    next.run();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            drain();
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}

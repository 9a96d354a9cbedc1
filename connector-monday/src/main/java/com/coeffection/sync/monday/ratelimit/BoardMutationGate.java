package com.coeffection.sync.monday.ratelimit;

import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * Never runs two mutations on one board at once: monday asks integrations not to mutate the same board from
 * several requests concurrently. A request holds a lease on every board it mutates until its answer is in.
 * Boards are locked in id order, so two requests touching the same boards cannot deadlock.
 */
public final class BoardMutationGate {
    private final ConcurrentHashMap<Long, Semaphore> boards = new ConcurrentHashMap<>();

    /** A held lease; closing it lets the next mutation on those boards go. */
    public interface Lease extends AutoCloseable {
        @Override
        void close();
    }

    /** Waits until no other mutation runs on any of {@code boardIds}, then holds them. */
    public Lease acquire(Collection<Long> boardIds) throws InterruptedException {
        List<Long> ordered = List.copyOf(new TreeSet<>(boardIds));
        int held = 0;
        try {
            for (Long id : ordered) {
                boards.computeIfAbsent(id, k -> new Semaphore(1, true)).acquire();
                held++;
            }
        } catch (InterruptedException e) {
            for (int i = 0; i < held; i++) {
                boards.get(ordered.get(i)).release();
            }
            throw e;
        }
        return () -> ordered.forEach(id -> boards.get(id).release());
    }

    /** Whether a mutation on the board is running now (for metrics and tests). */
    public boolean busy(long boardId) {
        Semaphore s = boards.get(boardId);
        return s != null && s.availablePermits() == 0;
    }
}

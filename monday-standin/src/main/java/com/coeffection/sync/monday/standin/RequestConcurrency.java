package com.coeffection.sync.monday.standin;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * monday's concurrency rules as the stand-in keeps them: at most {@code maxConcurrentMutations} mutations at once
 * (beyond that a 429), and counts of requests that started while another request named one of the same boards.
 */
final class RequestConcurrency {
    private final int maxConcurrentMutations;
    private final AtomicInteger mutationsInFlight = new AtomicInteger();
    private final AtomicInteger requestsInFlight = new AtomicInteger();
    private final AtomicInteger peakRequestsInFlight = new AtomicInteger();
    private final Map<Long, AtomicInteger> boardMutationsInFlight = new ConcurrentHashMap<>();
    private final Map<Long, AtomicInteger> boardRequestsInFlight = new ConcurrentHashMap<>();
    private final AtomicLong concurrencyErrors = new AtomicLong();
    private final AtomicLong sameBoardConcurrent = new AtomicLong();
    private final AtomicLong sameBoardConcurrentRequests = new AtomicLong();

    RequestConcurrency(int maxConcurrentMutations) {
        this.maxConcurrentMutations = maxConcurrentMutations;
    }

    /**
     * Counts a request in; {@code false} (nothing counted, a concurrency error recorded) when it is a mutation
     * beyond the limit. Every {@code true} must be followed by {@link #leave} with the same arguments.
     */
    boolean enter(boolean mutation, Set<Long> touched) {
        if (mutation) {
            if (mutationsInFlight.incrementAndGet() > maxConcurrentMutations) {
                mutationsInFlight.decrementAndGet();
                concurrencyErrors.incrementAndGet();
                return false;
            }
            for (Long board : touched) {
                if (boardMutationsInFlight.computeIfAbsent(board, b -> new AtomicInteger()).incrementAndGet() > 1) {
                    sameBoardConcurrent.incrementAndGet();
                }
            }
        }
        peakRequestsInFlight.accumulateAndGet(requestsInFlight.incrementAndGet(), Math::max);
        for (Long board : touched) {
            if (boardRequestsInFlight.computeIfAbsent(board, b -> new AtomicInteger()).incrementAndGet() > 1) {
                sameBoardConcurrentRequests.incrementAndGet();
            }
        }
        return true;
    }

    void leave(boolean mutation, Set<Long> touched) {
        requestsInFlight.decrementAndGet();
        touched.forEach(b -> boardRequestsInFlight.get(b).decrementAndGet());
        if (mutation) {
            mutationsInFlight.decrementAndGet();
            touched.forEach(b -> boardMutationsInFlight.get(b).decrementAndGet());
        }
    }

    long concurrencyErrors() {
        return concurrencyErrors.get();
    }

    /** Mutations that started while another mutation on one of the same boards was running. */
    long sameBoardConcurrent() {
        return sameBoardConcurrent.get();
    }

    /** Requests (queries or mutations) that started while another request naming one of the same boards ran. */
    long sameBoardConcurrentRequests() {
        return sameBoardConcurrentRequests.get();
    }

    int peakRequestsInFlight() {
        return peakRequestsInFlight.get();
    }
}

package com.coeffection.sync.coeffection.standin;

import java.util.Arrays;

/**
 * Latencies in milliseconds, kept (up to a bound) so that percentiles can be read exactly: how long after a change
 * in monday its update was applied here. For benchmarks and the state view; thread-safe.
 */
public final class LatencySamples {
    private static final int MAX = 2_000_000;
    private long[] samples = new long[1024];
    private int size;

    public synchronized void add(long millis) {
        if (size == MAX) {
            return;
        }
        if (size == samples.length) {
            samples = Arrays.copyOf(samples, Math.min(MAX, samples.length * 2));
        }
        samples[size++] = millis;
    }

    public synchronized int count() {
        return size;
    }

    /** The {@code q}-quantile (0..1) of the samples since {@code from} (an earlier {@link #count()}); -1 when none. */
    public synchronized long quantile(int from, double q) {
        int n = size - from;
        if (n <= 0) {
            return -1;
        }
        long[] window = Arrays.copyOfRange(samples, from, size);
        Arrays.sort(window);
        int index = Math.max(0, (int) Math.ceil(q * n) - 1);
        return window[Math.min(n - 1, index)];
    }
}

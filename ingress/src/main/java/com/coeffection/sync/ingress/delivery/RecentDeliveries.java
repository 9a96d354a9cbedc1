package com.coeffection.sync.ingress.delivery;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The deliveries written recently, by delivery id (monday's {@code triggerUuid}, a Coeffection event id), so that
 * a retried delivery is answered without writing again. monday retries a failed delivery once a minute for 30
 * minutes, so an id is remembered for a window longer than that; the memory is also bounded by a number of
 * entries, oldest forgotten first.
 *
 * <p>Only a write Kafka acknowledged is remembered: a failed write is forgotten at once so that the retry writes.
 * Two copies of one delivery arriving together share one write. After a restart the memory is empty; the id is
 * in every record (value and header) so that the stream processor drops a duplicate that slips through then.
 */
public final class RecentDeliveries {

    /** What became of a delivery. */
    public sealed interface Outcome permits Written, Duplicate {
    }

    /** This call wrote the delivery. */
    public record Written() implements Outcome {
    }

    /** The delivery had already been written (or is being written by a concurrent copy); nothing was written. */
    public record Duplicate() implements Outcome {
    }

    private record Entry(CompletableFuture<Void> write, long bornNanos) {
    }

    private record Birth(String id, Entry entry) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Birth> byAge = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final long windowNanos;
    private final int maxEntries;
    private final LongSupplier nanoClock;

    public RecentDeliveries(Duration window, int maxEntries) {
        this(window, maxEntries, System::nanoTime);
    }

    /** With an explicit monotonic clock in nanoseconds (tests move time on). */
    public RecentDeliveries(Duration window, int maxEntries, LongSupplier nanoClock) {
        this.windowNanos = window.toNanos();
        this.maxEntries = maxEntries;
        this.nanoClock = Objects.requireNonNull(nanoClock);
    }

    /**
     * Runs {@code write} unless the delivery id was written within the window. The returned future fails when
     * the write failed (or, for a duplicate arriving while the first copy is in flight, when that write failed).
     */
    public CompletableFuture<Outcome> deliverOnce(String deliveryId, Supplier<CompletableFuture<?>> write) {
        forgetOld();
        long now = nanoClock.getAsLong();
        while (true) {
            Entry mine = new Entry(new CompletableFuture<>(), now);
            Entry existing = entries.putIfAbsent(deliveryId, mine);
            if (existing == null) {
                byAge.add(new Birth(deliveryId, mine));
                size.incrementAndGet();
                return runWrite(deliveryId, mine, write);
            }
            if (now - existing.bornNanos > windowNanos) {
                if (entries.remove(deliveryId, existing)) {
                    size.decrementAndGet();
                }
                continue;
            }
            if (existing.write.isCompletedExceptionally()) {
                // the earlier write failed and is being forgotten; try again as the writer
                if (entries.remove(deliveryId, existing)) {
                    size.decrementAndGet();
                }
                continue;
            }
            return existing.write.thenApply(ignored -> new Duplicate());
        }
    }

    private CompletableFuture<Outcome> runWrite(String deliveryId, Entry mine, Supplier<CompletableFuture<?>> write) {
        CompletableFuture<?> started;
        try {
            started = write.get();
        } catch (RuntimeException e) {
            started = CompletableFuture.failedFuture(e);
        }
        return started.handle((result, error) -> {
            if (error != null) {
                if (entries.remove(deliveryId, mine)) {
                    size.decrementAndGet();
                }
                mine.write.completeExceptionally(error);
                throw error instanceof RuntimeException r ? r : new IllegalStateException(error);
            }
            mine.write.complete(null);
            return new Written();
        });
    }

    /** Drops entries older than the window, and the oldest ones while there are more than the bound. */
    private void forgetOld() {
        long now = nanoClock.getAsLong();
        Birth oldest;
        while ((oldest = byAge.peek()) != null
                && (now - oldest.entry.bornNanos > windowNanos || size.get() > maxEntries)) {
            if (byAge.remove(oldest) && entries.remove(oldest.id, oldest.entry)) {
                size.decrementAndGet();
            }
        }
    }

    /** How many delivery ids are remembered now. */
    public int size() {
        return Math.max(0, size.get());
    }
}

package com.coeffection.sync.processor.links;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * monday events of items whose link is not known yet, waiting for it (in a state store, so they survive a restart).
 * A person can edit an item within milliseconds of its creation, before the link of the new item has reached the
 * link index: such an event is parked here, and applied as soon as the link is known. Keys are
 * {@code itemKey|offset} (zero-padded), so one item's events come back in the order they arrived.
 */
public final class ParkedEvents {
    public static final String STORE = "parked-item-events";

    /** One parked event: its bytes as received, its record timestamp and when it was parked (wall clock). */
    public record Parked(String key, String itemKey, byte[] bytes, long timestamp, long parkedAtMs) {
    }

    private final KeyValueStore<String, byte[]> store;
    private long count;

    public ParkedEvents(KeyValueStore<String, byte[]> store) {
        this.store = store;
        try (KeyValueIterator<String, byte[]> all = store.all()) {
            while (all.hasNext()) {
                all.next();
                count++;
            }
        }
    }

    /** How many events wait in this task. */
    public long count() {
        return count;
    }

    public void park(String itemKey, long offset, byte[] bytes, long timestamp, long nowMs) {
        String key = itemKey + "|" + String.format("%020d", Math.max(offset, 0));
        byte[] value = ByteBuffer.allocate(16 + bytes.length).putLong(timestamp).putLong(nowMs).put(bytes).array();
        if (store.putIfAbsent(key, value) == null) {
            count++;
        }
    }

    /** Every parked event, oldest key first. */
    public List<Parked> all() {
        List<Parked> parked = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> all = store.all()) {
            while (all.hasNext()) {
                parked.add(decode(all.next()));
            }
        }
        return parked;
    }

    /** The parked events of one item, in arrival order. */
    public List<Parked> of(String itemKey) {
        List<Parked> parked = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> range = store.prefixScan(itemKey + "|",
                new org.apache.kafka.common.serialization.StringSerializer())) {
            while (range.hasNext()) {
                parked.add(decode(range.next()));
            }
        }
        return parked;
    }

    public void remove(Parked parked) {
        if (store.delete(parked.key()) != null) {
            count--;
        }
    }

    private static Parked decode(KeyValue<String, byte[]> entry) {
        ByteBuffer buffer = ByteBuffer.wrap(entry.value);
        long timestamp = buffer.getLong();
        long parkedAt = buffer.getLong();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        String itemKey = entry.key.substring(0, entry.key.lastIndexOf('|'));
        return new Parked(entry.key, itemKey, bytes, timestamp, parkedAt);
    }

}

package com.coeffection.sync.processor.match;

import com.coeffection.sync.matching.ItemFacts;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The board matcher's persistent state (RocksDB, with a changelog, so a restarted or moved task resumes where it
 * was): per board its indexing progress (the monday cursor of the next page), its items' facts, the claims (item to
 * record), the requests waiting for the board to be indexed and the requests whose match waits for a person's review
 * (matched again when a person creates an item on the board). Keys start with a kind and the board key
 * ({@code tenantId:boardId}).
 */
final class BoardStore {
    static final String STORE = "match-boards";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final StringSerializer KEYS = new StringSerializer();

    /** Where the reading of a board stands. */
    record Progress(String state, String entityType, String cursor, int pages, int items, int malformed,
                    int failures, long startedAtMs) {
        static final String INDEXING = "INDEXING";
        static final String READY = "READY";

        boolean ready() {
            return READY.equals(state);
        }
    }

    private final KeyValueStore<String, String> store;

    BoardStore(KeyValueStore<String, String> store) {
        this.store = store;
    }

    Progress progress(String board) {
        return read(store.get("s|" + board), Progress.class);
    }

    void progress(String board, Progress progress) {
        store.put("s|" + board, write(progress));
    }

    /** Every board whose reading is under way. */
    List<String> indexing() {
        List<String> boards = new ArrayList<>();
        try (KeyValueIterator<String, String> it = store.prefixScan("s|", KEYS)) {
            while (it.hasNext()) {
                KeyValue<String, String> kv = it.next();
                if (!read(kv.value, Progress.class).ready()) {
                    boards.add(kv.key.substring(2));
                }
            }
        }
        return boards;
    }

    void item(String board, ItemFacts item) {
        store.put("i|" + board + "|" + item.itemId(), write(item));
    }

    void removeItem(String board, long itemId) {
        store.delete("i|" + board + "|" + itemId);
        store.delete("c|" + board + "|" + itemId);
    }

    List<ItemFacts> items(String board) {
        List<ItemFacts> items = new ArrayList<>();
        try (KeyValueIterator<String, String> it = store.prefixScan("i|" + board + "|", KEYS)) {
            it.forEachRemaining(kv -> items.add(read(kv.value, ItemFacts.class)));
        }
        return items;
    }

    void claim(String board, long itemId, String recordKey) {
        store.put("c|" + board + "|" + itemId, recordKey);
    }

    void release(String board, long itemId) {
        store.delete("c|" + board + "|" + itemId);
    }

    /** Item id to the record claiming it. */
    Map<Long, String> claims(String board) {
        Map<Long, String> claims = new LinkedHashMap<>();
        String prefix = "c|" + board + "|";
        try (KeyValueIterator<String, String> it = store.prefixScan(prefix, KEYS)) {
            it.forEachRemaining(kv -> claims.put(Long.parseLong(kv.key.substring(prefix.length())), kv.value));
        }
        return claims;
    }

    void queue(String board, MatchMessage request) {
        store.put("q|" + board + "|" + request.recordKey(), write(request));
    }

    /** The requests waiting for the board, in record-key order; removed from the store. */
    List<MatchMessage> drainQueue(String board) {
        List<MatchMessage> requests = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, String> it = store.prefixScan("q|" + board + "|", KEYS)) {
            it.forEachRemaining(kv -> {
                keys.add(kv.key);
                requests.add(read(kv.value, MatchMessage.class));
            });
        }
        keys.forEach(store::delete);
        return requests;
    }

    /** A request whose match went to review: the record waits for a person, or for an item a person creates. */
    void underReview(String board, MatchMessage request) {
        store.put("w|" + board + "|" + request.recordKey(), write(request));
    }

    /** The record's review is decided (approved, rejected, or linked to a new item). */
    void reviewDecided(String board, String recordKey) {
        store.delete("w|" + board + "|" + recordKey);
    }

    /** The requests under review on the board, in record-key order. */
    List<MatchMessage> underReview(String board) {
        List<MatchMessage> requests = new ArrayList<>();
        try (KeyValueIterator<String, String> it = store.prefixScan("w|" + board + "|", KEYS)) {
            it.forEachRemaining(kv -> requests.add(read(kv.value, MatchMessage.class)));
        }
        return requests;
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> T read(String json, Class<T> type) {
        if (json == null) {
            return null;
        }
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable matcher state: " + e.getMessage(), e);
        }
    }
}

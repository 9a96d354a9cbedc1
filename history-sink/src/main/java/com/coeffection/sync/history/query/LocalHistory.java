package com.coeffection.sync.history.query;

import com.coeffection.sync.history.HistorySerdes;
import com.coeffection.sync.history.deadletters.DeadLetterKeys;
import com.coeffection.sync.history.merge.HistoryStores;
import com.coeffection.sync.history.store.HistoryKeys;
import com.coeffection.sync.schema.DeadLetter;
import com.coeffection.sync.schema.FieldDiff;
import com.coeffection.sync.schema.SyncHistoryEntry;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads this instance's share of the history store (the partitions it owns), with Kafka Streams' interactive
 * queries. {@link HistoryQueries} combines the shares of every instance.
 */
public final class LocalHistory {
    private static final StringSerializer KEYS = new StringSerializer();

    private final KafkaStreams streams;
    private final HostInfo self;
    private final HistorySerdes serdes;

    public LocalHistory(KafkaStreams streams, HostInfo self, HistorySerdes serdes) {
        this.streams = streams;
        this.self = self;
        this.serdes = serdes;
    }

    /** One page of a record's entries, newest first, read from the partition that holds the record. */
    public Page<EntryView> record(int partition, String tenant, String entityType, String recordId, String cursor,
                                  int limit) {
        ReadOnlyKeyValueStore<String, String> index = store(HistoryStores.BY_RECORD, partition);
        ReadOnlyKeyValueStore<String, SyncHistoryEntry> entries = store(HistoryStores.ENTRIES, partition);
        String prefix = HistoryKeys.recordPrefix(tenant, entityType, recordId);
        List<EntryView> items = new ArrayList<>();
        String next = null;
        try (KeyValueIterator<String, String> it = cursor == null ? index.prefixScan(prefix, KEYS)
                : index.range(cursor, prefix + "\uffff")) {
            while (it.hasNext()) {
                KeyValue<String, String> kv = it.next();
                if (!kv.key.startsWith(prefix) || kv.key.equals(cursor)) {
                    continue;
                }
                SyncHistoryEntry e = entries.get(kv.value);
                if (e == null || !recordId.equals(e.getRecordId())) {
                    continue;
                }
                if (items.size() == limit) {
                    next = items.get(items.size() - 1).cursor();
                    break;
                }
                items.add(EntryView.of(e, kv.key));
            }
        }
        return new Page<>(items, next);
    }

    /** The entry with this id, if this instance holds it. */
    public Optional<SyncHistoryEntry> entry(String entryId) {
        ReadOnlyKeyValueStore<String, SyncHistoryEntry> all = streams.store(StoreQueryParameters.fromNameAndType(
                HistoryStores.ENTRIES, QueryableStoreTypes.keyValueStore()));
        return Optional.ofNullable(all.get(entryId));
    }

    /** This instance's entries of a tenant that match, newest first, after {@code cursor}; at most {@code limit}. */
    public List<EntryView> list(String tenant, EntryFilter filter, String cursor, int limit) {
        List<EntryView> found = new ArrayList<>();
        for (int p : partitions(HistoryStores.BY_TENANT)) {
            int[] taken = {0};
            scanTenant(p, tenant, filter, cursor, e -> {
                if (taken[0] < limit && filter.matches(e.entry())) {
                    found.add(EntryView.of(e.entry(), e.key()));
                    taken[0]++;
                }
                return taken[0] < limit;
            });
        }
        found.sort(Comparator.comparing(EntryView::cursor));
        return found.size() > limit ? found.subList(0, limit) : found;
    }

    /** This instance's count of a tenant's entries by status. */
    public Map<String, Long> counts(String tenant) {
        Map<String, Long> counts = new TreeMap<>();
        for (int p : partitions(HistoryStores.BY_TENANT)) {
            scanTenant(p, tenant, EntryFilter.any(), null, e -> {
                counts.merge(e.entry().getStatus().name(), 1L, Long::sum);
                return true;
            });
        }
        return counts;
    }

    /** Records of a tenant whose id or monday item id is {@code q}, or that hold the email address {@code q}. */
    public List<RecordMatch> find(String tenant, String q, int limit) {
        Map<String, RecordMatch> byRecord = new LinkedHashMap<>();
        String wanted = q.trim();
        for (int p : partitions(HistoryStores.BY_TENANT)) {
            scanTenant(p, tenant, EntryFilter.any(), null, e -> {
                SyncHistoryEntry entry = e.entry();
                String key = HistoryKeys.recordKey(entry);
                if (key != null && !byRecord.containsKey(key) && matches(entry, wanted)) {
                    byRecord.put(key, new RecordMatch(entry.getTenantId(), entry.getEntityType(), entry.getRecordId(),
                            entry.getBoardId(), entry.getItemId(), entry.getStatus().name(),
                            entry.getOccurredAt().toString(), e.key()));
                }
                return byRecord.size() < limit * 4;
            });
        }
        return byRecord.values().stream().sorted(Comparator.comparing(RecordMatch::sortKey)).limit(limit).toList();
    }

    private static boolean matches(SyncHistoryEntry e, String q) {
        if (q.equals(e.getRecordId()) || (e.getItemId() != null && q.equals(e.getItemId().toString()))) {
            return true;
        }
        for (FieldDiff d : e.getFields()) {
            String before = FieldText.email(d.getBefore());
            String after = FieldText.email(d.getAfter());
            if (q.equalsIgnoreCase(before) || q.equalsIgnoreCase(after)) {
                return true;
            }
        }
        return false;
    }

    /** A dead letter held here, with where it is and its replays. */
    public record LocalLetter(DeadLetter letter, String kafkaKey, int dlqPartition, List<String> replays, String key) {
    }

    /** This instance's dead letters of a tenant that match, newest first, after {@code cursor}. */
    public List<LocalLetter> deadLetters(String tenant, DeadLetterFilter filter, String cursor, int limit) {
        List<LocalLetter> found = new ArrayList<>();
        String prefix = DeadLetterKeys.tenantPrefix(tenant);
        for (int p : partitions(HistoryStores.DEAD_LETTERS)) {
            ReadOnlyKeyValueStore<String, byte[]> letters = store(HistoryStores.DEAD_LETTERS, p);
            ReadOnlyKeyValueStore<String, String> replays = store(HistoryStores.REPLAYS, p);
            int taken = 0;
            try (KeyValueIterator<String, byte[]> it = cursor == null ? letters.prefixScan(prefix, KEYS)
                    : letters.range(cursor, prefix + "\uffff")) {
                while (it.hasNext() && taken < limit) {
                    KeyValue<String, byte[]> kv = it.next();
                    if (!kv.key.startsWith(prefix) || kv.key.equals(cursor)) {
                        continue;
                    }
                    DeadLetter letter = serdes.deadLetter().deserializer().deserialize(null, DeadLetterKeys.valueOf(kv.value));
                    String kafkaKey = letter.getKey() == null ? null
                            : StandardCharsets.UTF_8.decode(letter.getKey().duplicate()).toString();
                    if (filter.matches(letter, kafkaKey)) {
                        found.add(new LocalLetter(letter, kafkaKey, DeadLetterKeys.partitionOf(kv.value),
                                replaysOf(replays, letter.getDeadLetterId()), kv.key));
                        taken++;
                    }
                }
            }
        }
        found.sort(Comparator.comparing(LocalLetter::key));
        return found.size() > limit ? found.subList(0, limit) : found;
    }

    private static List<String> replaysOf(ReadOnlyKeyValueStore<String, String> replays, String deadLetterId) {
        List<String> ids = new ArrayList<>();
        try (KeyValueIterator<String, String> it = replays.prefixScan(DeadLetterKeys.replayPrefix(deadLetterId), KEYS)) {
            it.forEachRemaining(kv -> ids.add(DeadLetterKeys.requestOf(kv.key)));
        }
        return ids;
    }

    /** Entries held here by tenant and status, and dead letters not replayed by tenant (for the gauges). */
    public record Census(Map<String, Map<String, Long>> entries, Map<String, Long> deadLetters) {
    }

    public Census census() {
        Map<String, Map<String, Long>> entries = new TreeMap<>();
        ReadOnlyKeyValueStore<String, SyncHistoryEntry> all = streams.store(StoreQueryParameters.fromNameAndType(
                HistoryStores.ENTRIES, QueryableStoreTypes.keyValueStore()));
        try (KeyValueIterator<String, SyncHistoryEntry> it = all.all()) {
            it.forEachRemaining(kv -> entries.computeIfAbsent(kv.value.getTenantId(), t -> new TreeMap<>())
                    .merge(kv.value.getStatus().name(), 1L, Long::sum));
        }
        Map<String, Long> letters = new TreeMap<>();
        for (int p : partitions(HistoryStores.DEAD_LETTERS)) {
            ReadOnlyKeyValueStore<String, byte[]> store = store(HistoryStores.DEAD_LETTERS, p);
            ReadOnlyKeyValueStore<String, String> replays = store(HistoryStores.REPLAYS, p);
            try (KeyValueIterator<String, byte[]> it = store.all()) {
                it.forEachRemaining(kv -> {
                    String tenant = DeadLetterKeys.tenantOf(kv.key);
                    boolean replayed = !replaysOf(replays, DeadLetterKeys.idOf(kv.key)).isEmpty();
                    letters.merge(tenant, replayed ? 0L : 1L, Long::sum);
                });
            }
        }
        return new Census(entries, letters);
    }

    private record Scanned(String key, SyncHistoryEntry entry) {
    }

    /** Walks a tenant's entries on one partition newest first within the filter's time range, while visit says so. */
    private void scanTenant(int partition, String tenant, EntryFilter filter, String cursor,
                            java.util.function.Predicate<Scanned> visit) {
        ReadOnlyKeyValueStore<String, String> index = store(HistoryStores.BY_TENANT, partition);
        ReadOnlyKeyValueStore<String, SyncHistoryEntry> entries = store(HistoryStores.ENTRIES, partition);
        String from = filter.until() == null ? HistoryKeys.tenantPrefix(tenant) : HistoryKeys.tenantFrom(tenant, filter.until());
        if (cursor != null && cursor.compareTo(from) > 0) {
            from = cursor;
        }
        String to = filter.since() == null ? HistoryKeys.tenantPrefix(tenant) + "\uffff" : HistoryKeys.tenantTo(tenant, filter.since());
        try (KeyValueIterator<String, String> it = index.range(from, to)) {
            while (it.hasNext()) {
                KeyValue<String, String> kv = it.next();
                if (kv.key.equals(cursor)) {
                    continue;
                }
                SyncHistoryEntry e = entries.get(kv.value);
                if (e != null && tenant.equals(e.getTenantId()) && !visit.test(new Scanned(kv.key, e))) {
                    return;
                }
            }
        }
    }

    /** The partitions of a store this instance holds (active). */
    public TreeSet<Integer> partitions(String storeName) {
        TreeSet<Integer> partitions = new TreeSet<>();
        streams.streamsMetadataForStore(storeName).stream()
                .filter(m -> m.hostInfo().equals(self))
                .forEach(m -> m.topicPartitions().forEach(tp -> partitions.add(tp.partition())));
        return partitions;
    }

    private <K, V> ReadOnlyKeyValueStore<K, V> store(String name, int partition) {
        return streams.store(StoreQueryParameters.<ReadOnlyKeyValueStore<K, V>>fromNameAndType(name,
                QueryableStoreTypes.keyValueStore()).withPartition(partition));
    }
}

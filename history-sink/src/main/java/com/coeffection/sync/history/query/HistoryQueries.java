package com.coeffection.sync.history.query;

import com.coeffection.sync.history.merge.HistoryStores;
import com.fasterxml.jackson.core.type.TypeReference;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Answers any history query on any instance: a record's history is read on the instance that owns the record
 * (found with the streams metadata, the request forwarded there); a tenant-wide list, a count or a search asks
 * every instance for its share and merges them, newest first. An instance that cannot answer makes the query
 * fail with {@link PeerClient.PeerUnavailableException} (never a silently partial answer).
 */
public final class HistoryQueries {
    private static final TypeReference<Page<EntryView>> PAGE = new TypeReference<>() {
    };
    private static final TypeReference<EntryView> ENTRY = new TypeReference<>() {
    };
    private static final TypeReference<Map<String, Long>> COUNTS = new TypeReference<>() {
    };
    private static final TypeReference<List<RecordMatch>> MATCHES = new TypeReference<>() {
    };
    private static final TypeReference<Page<DeadLetterView>> LETTERS = new TypeReference<>() {
    };

    private final KafkaStreams streams;
    private final HostInfo self;
    private final LocalHistory local;
    private final PeerClient peers;

    public HistoryQueries(KafkaStreams streams, HostInfo self, LocalHistory local, PeerClient peers) {
        this.streams = streams;
        this.self = self;
        this.local = local;
        this.peers = peers;
    }

    public LocalHistory local() {
        return local;
    }

    /** Thrown while the history store is not ready to answer (starting, rebalancing). */
    public static final class NotReadyException extends RuntimeException {
        public NotReadyException(String message) {
            super(message);
        }
    }

    /** A record's entries, newest first; read where the record lives. */
    public Page<EntryView> record(String tenant, String entityType, String recordId, String cursor, int limit,
                                  boolean localOnly, String authorization) {
        String recordKey = tenant + ":" + entityType + ":" + recordId;
        KeyQueryMetadata owner = streams.queryMetadataForKey(HistoryStores.ENTRIES, recordKey, new StringSerializer());
        if (owner == null || owner.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
            throw new NotReadyException("The history store is starting or rebalancing; try again in a few seconds");
        }
        if (localOnly || owner.activeHost().equals(self)) {
            return local.record(owner.partition(), tenant, entityType, recordId, cursor, limit);
        }
        Map<String, String> query = new LinkedHashMap<>();
        query.put("cursor", cursor);
        query.put("limit", Integer.toString(limit));
        Page<EntryView> page = peers.get(owner.activeHost(), List.of("api", "v1", "tenants", tenant, "records",
                entityType, recordId, "history"), query, authorization, PAGE);
        return page == null ? new Page<>(List.of(), null) : page;
    }

    /** The entry with this id, from whichever instance holds it. */
    public Optional<EntryView> entry(String tenant, String entryId, boolean localOnly, String authorization) {
        Optional<EntryView> here = local.entry(entryId).filter(e -> tenant.equals(e.getTenantId()))
                .map(e -> EntryView.of(e, null));
        if (here.isPresent() || localOnly) {
            return here;
        }
        for (HostInfo host : others()) {
            EntryView there = peers.get(host, List.of("api", "v1", "tenants", tenant, "entries", entryId), Map.of(),
                    authorization, ENTRY);
            if (there != null) {
                return Optional.of(there);
            }
        }
        return Optional.empty();
    }

    /** A tenant's entries that match the filter, newest first, after the cursor. */
    public Page<EntryView> list(String tenant, EntryFilter filter, Map<String, String> filterQuery, String cursor,
                                int limit, boolean localOnly, String authorization) {
        List<EntryView> all = new ArrayList<>(local.list(tenant, filter, cursor, limit + 1));
        if (!localOnly) {
            Map<String, String> query = new LinkedHashMap<>(filterQuery);
            query.put("cursor", cursor);
            query.put("limit", Integer.toString(limit + 1));
            for (HostInfo host : others()) {
                Page<EntryView> share = peers.get(host, List.of("api", "v1", "tenants", tenant, "entries"), query,
                        authorization, PAGE);
                if (share != null) {
                    all.addAll(share.items());
                }
            }
        }
        all.sort(Comparator.comparing(EntryView::cursor));
        if (all.size() > limit) {
            List<EntryView> items = List.copyOf(all.subList(0, limit));
            return new Page<>(items, items.get(items.size() - 1).cursor());
        }
        return new Page<>(all, null);
    }

    /** A tenant's entries by status, over every instance. */
    public Map<String, Long> counts(String tenant, boolean localOnly, String authorization) {
        Map<String, Long> counts = new TreeMap<>(local.counts(tenant));
        if (!localOnly) {
            for (HostInfo host : others()) {
                Map<String, Long> share = peers.get(host, List.of("api", "v1", "tenants", tenant, "counts"), Map.of(),
                        authorization, COUNTS);
                if (share != null) {
                    share.forEach((k, v) -> counts.merge(k, v, Long::sum));
                }
            }
        }
        return counts;
    }

    /** Records of a tenant found by id, email or monday item id. */
    public List<RecordMatch> find(String tenant, String q, int limit, boolean localOnly, String authorization) {
        List<RecordMatch> all = new ArrayList<>(local.find(tenant, q, limit));
        if (!localOnly) {
            for (HostInfo host : others()) {
                List<RecordMatch> share = peers.get(host, List.of("api", "v1", "tenants", tenant, "records"),
                        Map.of("q", q, "limit", Integer.toString(limit)), authorization, MATCHES);
                if (share != null) {
                    all.addAll(share);
                }
            }
        }
        return all.stream().sorted(Comparator.comparing(RecordMatch::sortKey)).limit(limit).toList();
    }

    /** A tenant's dead letters that match, newest first. */
    public Page<DeadLetterView> deadLetters(String tenant, DeadLetterFilter filter, Map<String, String> filterQuery,
                                            String cursor, int limit, boolean localOnly, String authorization) {
        List<DeadLetterView> all = new ArrayList<>(local.deadLetters(tenant, filter, cursor, limit + 1).stream()
                .map(l -> DeadLetterView.of(l.letter(), tenant, l.replays(), l.key())).toList());
        if (!localOnly) {
            Map<String, String> query = new LinkedHashMap<>(filterQuery);
            query.put("cursor", cursor);
            query.put("limit", Integer.toString(limit + 1));
            for (HostInfo host : others()) {
                Page<DeadLetterView> share = peers.get(host, List.of("api", "v1", "tenants", tenant, "dead-letters"),
                        query, authorization, LETTERS);
                if (share != null) {
                    all.addAll(share.items());
                }
            }
        }
        all.sort(Comparator.comparing(DeadLetterView::cursor));
        if (all.size() > limit) {
            List<DeadLetterView> items = List.copyOf(all.subList(0, limit));
            return new Page<>(items, items.get(items.size() - 1).cursor());
        }
        return new Page<>(all, null);
    }

    /** Runs {@code here} on this instance and {@code there} on every other one, returning every share. */
    public <T> List<T> everywhere(java.util.function.Supplier<T> here, Function<HostInfo, T> there, boolean localOnly) {
        List<T> shares = new ArrayList<>();
        shares.add(here.get());
        if (!localOnly) {
            for (HostInfo host : others()) {
                T share = there.apply(host);
                if (share != null) {
                    shares.add(share);
                }
            }
        }
        return shares;
    }

    /** The other instances of this history service. */
    public List<HostInfo> others() {
        TreeSet<String> seen = new TreeSet<>();
        List<HostInfo> hosts = new ArrayList<>();
        for (StreamsMetadata m : streams.metadataForAllStreamsClients()) {
            HostInfo h = m.hostInfo();
            if (!h.equals(self) && seen.add(h.host() + ":" + h.port())) {
                hosts.add(h);
            }
        }
        return hosts;
    }

    public PeerClient peers() {
        return peers;
    }
}

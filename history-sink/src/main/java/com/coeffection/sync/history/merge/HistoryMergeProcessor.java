package com.coeffection.sync.history.merge;

import com.coeffection.sync.history.HistoryMetrics;
import com.coeffection.sync.history.HistorySerdes;
import com.coeffection.sync.history.store.HistoryKeys;
import com.coeffection.sync.schema.MondayCommandResult;
import com.coeffection.sync.schema.SyncHistoryEntry;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Merges a record's decision entries, their delivery outcomes and their retries into the stored entries, keeps the
 * indexes (by record newest first, by tenant newest first, by age) and forwards every changed entry, keyed by entry
 * id, to the compacted history topic.
 *
 * <p>Retention: entries that occurred longer ago than the configured age are removed from the store and its
 * indexes, and a tombstone is forwarded for each, so the store and the compacted topic stay bounded; a decision
 * that arrives already that old is not stored.
 */
public final class HistoryMergeProcessor implements Processor<String, byte[], String, SyncHistoryEntry> {
    private static final Logger LOG = LoggerFactory.getLogger(HistoryMergeProcessor.class);
    private static final String SEP = "\u0001";

    private final HistorySerdes serdes;
    private final HistoryMetrics metrics;
    private final Duration retention;
    private final Duration retentionCheck;
    private ProcessorContext<String, SyncHistoryEntry> context;
    private KeyValueStore<String, SyncHistoryEntry> entries;
    private KeyValueStore<String, String> byRecord;
    private KeyValueStore<String, String> byTenant;
    private KeyValueStore<String, String> byAge;
    private KeyValueStore<String, byte[]> early;

    public HistoryMergeProcessor(HistorySerdes serdes, HistoryMetrics metrics, Duration retention, Duration retentionCheck) {
        this.serdes = serdes;
        this.metrics = metrics;
        this.retention = retention;
        this.retentionCheck = retentionCheck;
    }

    @Override
    public void init(ProcessorContext<String, SyncHistoryEntry> context) {
        this.context = context;
        this.entries = context.getStateStore(HistoryStores.ENTRIES);
        this.byRecord = context.getStateStore(HistoryStores.BY_RECORD);
        this.byTenant = context.getStateStore(HistoryStores.BY_TENANT);
        this.byAge = context.getStateStore(HistoryStores.BY_AGE);
        this.early = context.getStateStore(HistoryStores.EARLY_OUTCOMES);
        context.schedule(retentionCheck, PunctuationType.WALL_CLOCK_TIME, this::expire);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        byte tag = record.value()[0];
        byte[] bytes = HistoryInputRouter.untagged(record.value());
        long now = record.timestamp();
        if (tag == HistoryInputRouter.OUTCOME) {
            outcome(serdes.result().deserializer().deserialize(null, bytes), bytes, now);
        } else if (tag == HistoryInputRouter.DECISION) {
            SyncHistoryEntry event = serdes.entry().deserializer().deserialize(null, bytes);
            if (EntryMerge.writtenBySink(event)) {
                MondayCommandResult result = EntryMerge.asOutcome(event);
                outcome(result, serdes.result().serializer().serialize(HistoryStores.EARLY_OUTCOMES, result), now);
            } else {
                decision(event, now);
            }
        }
    }

    private void decision(SyncHistoryEntry event, long now) {
        if (EntryMerge.expired(event, cutoff(context.currentSystemTimeMs()))) {
            return;
        }
        SyncHistoryEntry existing = entries.get(event.getEntryId());
        SyncHistoryEntry merged = EntryMerge.decision(existing, event);
        String prefix = event.getEntryId() + SEP;
        List<String> applied = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> waiting = early.prefixScan(prefix, new StringSerializer())) {
            while (waiting.hasNext()) {
                KeyValue<String, byte[]> next = waiting.next();
                merged = EntryMerge.outcome(merged, serdes.result().deserializer().deserialize(null, next.value));
                applied.add(next.key);
            }
        }
        applied.forEach(early::delete);
        if (existing != null && !existing.getOccurredAt().equals(merged.getOccurredAt())) {
            unindex(existing);
        }
        metrics.merged("decision");
        store(merged, now);
    }

    private void outcome(MondayCommandResult result, byte[] bytes, long now) {
        SyncHistoryEntry entry = entries.get(result.getHistoryEntryId());
        if (entry == null) {
            early.put(result.getHistoryEntryId() + SEP + result.getCommandId(), bytes);
            return;
        }
        metrics.merged("outcome");
        store(EntryMerge.outcome(entry, result), now);
    }

    private void store(SyncHistoryEntry entry, long now) {
        entries.put(entry.getEntryId(), entry);
        if (HistoryKeys.recordKey(entry) != null) {
            byRecord.put(HistoryKeys.byRecord(entry), entry.getEntryId());
        }
        byTenant.put(HistoryKeys.byTenant(entry), entry.getEntryId());
        byAge.put(HistoryKeys.byAge(entry), entry.getEntryId());
        context.forward(new Record<>(entry.getEntryId(), entry, now));
        if (entry.getRelatedEntryId() != null && !entry.getRelatedEntryId().equals(entry.getEntryId())) {
            SyncHistoryEntry retried = entries.get(entry.getRelatedEntryId());
            if (retried != null) {
                metrics.merged("retry");
                SyncHistoryEntry updated = EntryMerge.retried(retried, entry);
                entries.put(updated.getEntryId(), updated);
                context.forward(new Record<>(updated.getEntryId(), updated, now));
            }
        }
    }

    private void unindex(SyncHistoryEntry entry) {
        if (HistoryKeys.recordKey(entry) != null) {
            byRecord.delete(HistoryKeys.byRecord(entry));
        }
        byTenant.delete(HistoryKeys.byTenant(entry));
        byAge.delete(HistoryKeys.byAge(entry));
    }

    private Instant cutoff(long now) {
        return Instant.ofEpochMilli(now).minus(retention);
    }

    /** Removes every entry older than the retention, and outcomes that waited that long for their entry. */
    void expire(long now) {
        Instant cutoff = cutoff(now);
        List<String> old = new ArrayList<>();
        try (KeyValueIterator<String, String> it = byAge.range("", HistoryKeys.ageBefore(cutoff))) {
            while (it.hasNext()) {
                old.add(it.next().value);
            }
        }
        for (String entryId : old) {
            SyncHistoryEntry entry = entries.get(entryId);
            if (entry != null) {
                unindex(entry);
                entries.delete(entryId);
                context.forward(new Record<>(entryId, null, now));
            }
        }
        List<String> stale = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = early.all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> next = it.next();
                if (serdes.result().deserializer().deserialize(null, next.value).getCompletedAt().isBefore(cutoff)) {
                    stale.add(next.key);
                }
            }
        }
        stale.forEach(early::delete);
        if (!old.isEmpty()) {
            metrics.expired(old.size());
            LOG.info("Removed {} history entries older than {} (retention {})", old.size(), cutoff, retention);
        }
    }
}

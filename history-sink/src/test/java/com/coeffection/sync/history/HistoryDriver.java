package com.coeffection.sync.history;

import com.coeffection.sync.history.api.ApiTokens;
import com.coeffection.sync.history.merge.HistoryStores;
import com.coeffection.sync.schema.DeadLetter;
import com.coeffection.sync.schema.MondayCommandResult;
import com.coeffection.sync.schema.SyncHistoryEntry;
import com.coeffection.sync.serde.AvroSerializer;
import com.coeffection.sync.topics.SyncTopics;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Drives the production history topology in a TopologyTestDriver against the test JVM's real schema registry. */
final class HistoryDriver implements AutoCloseable {
    static final Instant START = Instant.parse("2026-11-20T08:00:00Z");

    final SyncTopics topics = SyncTopics.defaults();
    final HistorySerdes serdes;
    final HistoryConfig config;
    final TopologyTestDriver driver;
    final TestInputTopic<String, SyncHistoryEntry> events;
    final TestInputTopic<String, MondayCommandResult> results;
    final TestInputTopic<String, byte[]> rawEvents;
    final TestInputTopic<String, byte[]> rawResults;
    final TestOutputTopic<String, SyncHistoryEntry> history;
    final TestOutputTopic<String, DeadLetter> deadLetters;

    HistoryDriver(String registryUrl, Duration retention) {
        serdes = HistorySerdes.forRegistry(registryUrl);
        try {
            config = new HistoryConfig("unused:9092", registryUrl, topics, "history-test", Files.createTempDirectory("history-driver"),
                    "127.0.0.1", 0, retention, Duration.ofMinutes(1), 0, ApiTokens.of(Map.of(), null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        StreamsBuilder builder = HistoryTopology.build(new StreamsBuilder(), config, serdes, HistoryMetrics.inMemory());
        driver = new TopologyTestDriver(builder.build(), config.streamsProperties(0), START);
        StringSerializer keys = new StringSerializer();
        events = driver.createInputTopic(topics.historyEvents(), keys, new AvroSerializer<>(serdes.registry(), SyncHistoryEntry.class));
        results = driver.createInputTopic(topics.mondayResults(), keys, new AvroSerializer<>(serdes.registry(), MondayCommandResult.class));
        rawEvents = driver.createInputTopic(topics.historyEvents(), keys, new ByteArraySerializer());
        rawResults = driver.createInputTopic(topics.mondayResults(), keys, new ByteArraySerializer());
        history = driver.createOutputTopic(topics.history(), new StringDeserializer(), serdes.entry().deserializer());
        deadLetters = driver.createOutputTopic(topics.deadLetters(), new StringDeserializer(), serdes.deadLetter().deserializer());
    }

    void decided(SyncHistoryEntry entry) {
        events.pipeInput(entry.getEntryId(), entry, entry.getUpdatedAt());
    }

    void reported(MondayCommandResult result) {
        results.pipeInput(result.getTenantId() + ":" + result.getEntityType() + ":" + result.getRecordId(), result,
                result.getCompletedAt());
    }

    SyncHistoryEntry stored(String entryId) {
        KeyValueStore<String, SyncHistoryEntry> store = driver.getKeyValueStore(HistoryStores.ENTRIES);
        return store.get(entryId);
    }

    /** The entry ids of one record, as its history lists them (newest first). */
    List<String> recordHistory(String tenant, String recordId) {
        KeyValueStore<String, String> store = driver.getKeyValueStore(HistoryStores.BY_RECORD);
        List<String> ids = new ArrayList<>();
        try (KeyValueIterator<String, String> it = store.prefixScan(tenant + ":Contact:" + recordId + ":", new StringSerializer())) {
            it.forEachRemaining(kv -> ids.add(kv.value));
        }
        return ids;
    }

    long storeSize(String name) {
        KeyValueStore<String, Object> store = driver.getKeyValueStore(name);
        long n = 0;
        try (KeyValueIterator<String, Object> it = store.all()) {
            while (it.hasNext()) {
                it.next();
                n++;
            }
        }
        return n;
    }

    List<TestRecord<String, SyncHistoryEntry>> historyRecords() {
        return history.readRecordsToList();
    }

    /** The latest value per entry id on the compacted history topic. */
    Map<String, SyncHistoryEntry> compacted() {
        Map<String, SyncHistoryEntry> latest = new java.util.LinkedHashMap<>();
        for (KeyValue<String, SyncHistoryEntry> kv : history.readKeyValuesToList()) {
            if (kv.value == null) {
                latest.remove(kv.key);
            } else {
                latest.put(kv.key, kv.value);
            }
        }
        return latest;
    }

    @Override
    public void close() {
        driver.close();
    }
}

package com.coeffection.sync.history;

import com.coeffection.sync.history.deadletters.DeadLetterProcessor;
import com.coeffection.sync.history.merge.HistoryInputRouter;
import com.coeffection.sync.history.merge.HistoryMergeProcessor;
import com.coeffection.sync.history.merge.HistoryStores;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

import java.util.List;

/**
 * history-sink's topology.
 * <ol>
 *   <li>Decision entries ({@code sync.history-events}) and delivery outcomes ({@code sync.monday-results}) are
 *       read, keyed by their record and repartitioned, so one task holds all of a record's entries; a value that
 *       cannot be read goes to the dead-letter topic.</li>
 *   <li>{@link HistoryMergeProcessor} merges them into the entry store and writes each changed entry to the
 *       compacted {@code sync.history}, keyed by entry id (tombstones for expired entries).</li>
 *   <li>{@link DeadLetterProcessor} lists the dead letters ({@code sync.dlq}) by tenant, with their replay marks.</li>
 * </ol>
 */
public final class HistoryTopology {
    private HistoryTopology() {
    }

    public static StreamsBuilder build(StreamsBuilder builder, HistoryConfig config, HistorySerdes serdes,
                                       HistoryMetrics metrics) {
        var topics = config.topics();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(HistoryStores.ENTRIES),
                Serdes.String(), serdes.entry()));
        for (String index : List.of(HistoryStores.BY_RECORD, HistoryStores.BY_TENANT, HistoryStores.BY_AGE)) {
            builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(index),
                    Serdes.String(), Serdes.String()));
        }
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(HistoryStores.EARLY_OUTCOMES),
                Serdes.String(), Serdes.ByteArray()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(HistoryStores.DEAD_LETTERS),
                Serdes.String(), Serdes.ByteArray()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(HistoryStores.REPLAYS),
                Serdes.String(), Serdes.String()));

        KStream<String, byte[]> routed = builder
                .stream(List.of(topics.historyEvents(), topics.mondayResults()),
                        Consumed.with(Serdes.String(), Serdes.ByteArray()))
                .process(() -> new HistoryInputRouter(topics, serdes, metrics));
        routed.filter((k, v) -> v[0] == HistoryInputRouter.DEAD_LETTER)
                .mapValues(HistoryInputRouter::untagged)
                .to(topics.deadLetters(), Produced.with(Serdes.String(), Serdes.ByteArray()));
        Repartitioned<String, byte[]> byRecord = Repartitioned.<String, byte[]>as(HistoryStores.BY_RECORD_TOPIC)
                .withKeySerde(Serdes.String()).withValueSerde(Serdes.ByteArray());
        if (config.partitions() > 0) {
            byRecord = byRecord.withNumberOfPartitions(config.partitions());
        }
        routed.filter((k, v) -> v[0] != HistoryInputRouter.DEAD_LETTER)
                .repartition(byRecord)
                .process(() -> new HistoryMergeProcessor(serdes, metrics, config.retention(), config.retentionCheck()),
                        HistoryStores.ENTRIES, HistoryStores.BY_RECORD, HistoryStores.BY_TENANT, HistoryStores.BY_AGE,
                        HistoryStores.EARLY_OUTCOMES)
                .to(topics.history(), Produced.with(Serdes.String(), serdes.entry()));

        builder.stream(List.of(topics.deadLetters(), config.replayMarksTopic()),
                        Consumed.with(Serdes.String(), Serdes.ByteArray()))
                .process(() -> new DeadLetterProcessor(serdes, metrics, config.replayMarksTopic(), config.retention(),
                        config.retentionCheck()), HistoryStores.DEAD_LETTERS, HistoryStores.REPLAYS);
        return builder;
    }
}

package com.coeffection.sync.processor.match;

import com.coeffection.sync.processor.ProcessorConfig;
import com.coeffection.sync.processor.ProcessorMetrics;
import com.coeffection.sync.processor.SyncSerdes;
import com.coeffection.sync.processor.retry.OutageRetry;
import com.coeffection.sync.processor.retry.OutageRetryingSerde;
import com.coeffection.sync.topics.SyncTopics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * The board matcher's part of the processor's topology:
 *
 * <pre>
 * monday.item-events ── ItemFeed (boards matched on connect, re-keyed tenantId:boardId) ──┐
 * processor: match requests, claims, releases (keyed tenantId:boardId) ────────────────────┤
 *                                                            repartition "match-by-board" ─┤
 *                                                                                          v
 *                      BoardMatcher (store "match-boards": items, claims, reading progress, waiting requests)
 *                            │ MATCH_LINK / MATCH_NONE (keyed by record)      │ REVIEW entries
 *                            v                                                v
 *                       sync.control (read back by the processor)       sync.history-events
 * </pre>
 * Being a part of the processor's application, a match request, the matcher's decision and the record's waiting
 * state are committed exactly once together with everything else.
 */
public final class MatchTopology {
    private MatchTopology() {
    }

    /**
     * Adds the matcher. {@code itemEvents} is the processor's stream of monday.item-events (bytes);
     * {@code toMatcher} the processor's messages for the matcher, encoded, keyed by board.
     */
    public static void addTo(StreamsBuilder builder, ProcessorConfig config, SyncSerdes serdes, ProcessorMetrics metrics,
                             MatchSetup setup, KStream<String, byte[]> itemEvents, KStream<String, byte[]> toMatcher) {
        SyncTopics topics = config.topics();
        BoardReader reader = setup.reader().orElseThrow(() -> new IllegalArgumentException("matching is off"));
        OutageRetry retry = new OutageRetry(OutageRetry.DEFAULT_MAX_WAIT_MS, metrics);
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(BoardStore.STORE),
                Serdes.String(), Serdes.String()));
        MatchMetrics matchMetrics = new MatchMetrics(metrics.registry());
        KStream<String, byte[]> fed = itemEvents.process(
                () -> new ItemFeed(serdes.boardMapping().deserializer(), topics.boardMappings()),
                Named.as("match-item-feed"));
        Repartitioned<String, byte[]> byBoard = Repartitioned.<String, byte[]>as("match-by-board")
                .withKeySerde(Serdes.String()).withValueSerde(Serdes.ByteArray());
        if (config.recordPartitions() > 0) {
            byBoard = byBoard.withNumberOfPartitions(config.recordPartitions());
        }
        KStream<String, MatcherOutput> decided = fed.merge(toMatcher, Named.as("match-inputs"))
                .repartition(byBoard)
                .process(() -> new BoardMatcher(serdes.itemEvent().deserializer(), serdes.boardMapping().deserializer(),
                                topics.boardMappings(), topics.itemEvents(), reader, setup.pageSize(), matchMetrics,
                                config.integrationUserId()),
                        Named.as("board-matcher"), BoardStore.STORE);
        decided.filter((k, v) -> v instanceof MatcherOutput.Answer, Named.as("match-answers"))
                .mapValues(v -> ((MatcherOutput.Answer) v).control(), Named.as("match-answer-value"))
                .to(topics.control(), Produced.with(Serdes.String(), new OutageRetryingSerde<>(serdes.control(), retry))
                        .withName("match-answers-sink"));
        decided.filter((k, v) -> v instanceof MatcherOutput.Review, Named.as("match-reviews"))
                .mapValues(v -> ((MatcherOutput.Review) v).entry(), Named.as("match-review-value"))
                .to(topics.historyEvents(), Produced.with(Serdes.String(), new OutageRetryingSerde<>(serdes.history(), retry))
                        .withName("match-reviews-sink"));
    }
}

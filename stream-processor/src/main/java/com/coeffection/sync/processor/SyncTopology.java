package com.coeffection.sync.processor;

import com.coeffection.sync.monday.columns.ColumnCodecs;
import com.coeffection.sync.processor.links.ItemIndex;
import com.coeffection.sync.processor.links.ParkedEvents;
import com.coeffection.sync.processor.mapping.MappingLookup;
import com.coeffection.sync.processor.mapping.MondayValues;
import com.coeffection.sync.processor.match.MatchGate;
import com.coeffection.sync.processor.match.MatchSetup;
import com.coeffection.sync.processor.match.MatchTopology;
import com.coeffection.sync.processor.placement.Placed;
import com.coeffection.sync.processor.placement.RecordPlacement;
import com.coeffection.sync.processor.retry.OutageRetry;
import com.coeffection.sync.processor.output.EmitSink;
import com.coeffection.sync.processor.routing.Emit;
import com.coeffection.sync.processor.routing.Input;
import com.coeffection.sync.processor.routing.ItemEventRouter;
import com.coeffection.sync.processor.routing.RecordProcessor;
import com.coeffection.sync.processor.routing.Routed;
import com.coeffection.sync.processor.state.RecordStateSerde;
import com.coeffection.sync.topics.SyncTopics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * The sync topology, built by one function from a {@link StreamsBuilder} and config; tests drive exactly this.
 *
 * <pre>
 * sync.board-mappings ──> global store "board-mappings" (raw bytes, decoded on use: a new mapping applies at once)
 * sync.links ───────────> global store "link-index" (item key &lt;-&gt; record key)
 * monday.item-events ──> ItemEventRouter ──(linked: re-keyed to record key)──> repartition ──┐
 *                             └─(unlinked, bad input)──────────────────────> outputs      │
 * coeffection.record-changes ─┐                                                           │
 * sync.monday-results ────────┼─> RecordPlacement ─(on the partition murmur2(key) names)──┤
 * sync.control ───────────────┘        └─(elsewhere: another partitioner)─> repartition ──┤
 *                                                                                         v
 *                                      RecordProcessor (state store "record-state", per record key)
 *                                                                                         v
 *     sync.monday-commands | coeffection.record-updates | sync.history-events | sync.links | sync.dlq
 * </pre>
 * Every input is read as bytes and decoded inside, so undecodable input becomes a dead letter and a history entry
 * and the topology keeps running.
 */
public final class SyncTopology {
    private SyncTopology() {
    }

    /** Adds the sync topology to {@code builder}. */
    public static StreamsBuilder build(StreamsBuilder builder, ProcessorConfig config, SyncSerdes serdes,
                                       ProcessorMetrics metrics) {
        return build(builder, config, serdes, metrics, MatchSetup.off());
    }

    /** As {@link #build(StreamsBuilder, ProcessorConfig, SyncSerdes, ProcessorMetrics)}, with the board matcher when on. */
    public static StreamsBuilder build(StreamsBuilder builder, ProcessorConfig config, SyncSerdes serdes,
                                       ProcessorMetrics metrics, MatchSetup match) {
        SyncTopics topics = config.topics();
        OutageRetry outputRetry = new OutageRetry(OutageRetry.DEFAULT_MAX_WAIT_MS, metrics);
        Consumed<String, byte[]> raw = Consumed.with(Serdes.String(), Serdes.ByteArray());

        builder.addGlobalStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(MappingLookup.STORE),
                        Serdes.String(), Serdes.ByteArray()).withLoggingDisabled(),
                topics.boardMappings(), raw.withName("board-mappings-source"), MappingLookup.Updater::new);
        builder.addGlobalStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ItemIndex.STORE),
                        Serdes.String(), Serdes.String()).withLoggingDisabled(),
                topics.links(), raw.withName("links-source"),
                () -> new ItemIndex.Updater(serdes.link().deserializer(), topics.links()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ParkedEvents.STORE),
                Serdes.String(), Serdes.ByteArray()));
        // Cached: a record edited several times within one commit interval writes its state to RocksDB and the
        // changelog once per commit, not once per edit. Outputs are forwarded by the processor, not by the cache.
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(RecordProcessor.STATE_STORE),
                Serdes.String(), new RecordStateSerde()).withCachingEnabled());
        if (match.enabled()) {
            builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(MatchGate.STORE),
                    Serdes.String(), Serdes.String()));
        }

        KStream<String, byte[]> itemEventSource = builder.stream(topics.itemEvents(), raw.withName("item-events-source"));
        KStream<String, Routed> routed = itemEventSource
                .process(() -> new ItemEventRouter(serdes.itemEvent().deserializer(), serdes.boardMapping().deserializer(),
                        topics.boardMappings(), config.integrationUserId(), metrics, config.parkedEventTimeoutMs(),
                        match.enabled()),
                Named.as("route-item-events"), ParkedEvents.STORE);
        KStream<String, byte[]> linkedItemEvents = routed
                .filter((key, value) -> value instanceof Routed.ToRecord, Named.as("linked-item-events"))
                .mapValues(value -> ((Routed.ToRecord) value).bytes(), Named.as("linked-item-event-bytes"));
        Repartitioned<String, byte[]> byRecord = Repartitioned.<String, byte[]>as("item-events-by-record")
                .withKeySerde(Serdes.String()).withValueSerde(Serdes.ByteArray());
        if (config.recordPartitions() > 0) {
            byRecord = byRecord.withNumberOfPartitions(config.recordPartitions());
        }
        KStream<String, Input> itemInputs = linkedItemEvents.repartition(byRecord)
                .mapValues(bytes -> (Input) new Input.ItemEvent(bytes), Named.as("item-event-input"));
        KStream<String, Emit> routerOutputs = routed
                .filter((key, value) -> value instanceof Routed.Out, Named.as("unlinked-outcomes"))
                .mapValues(value -> ((Routed.Out) value).emit(), Named.as("unlinked-outcome-emits"));

        // Record-keyed inputs: processed where they are when their producer partitioned them the Java way, else
        // sent once through an internal topic to the partition their key maps to (RecordPlacement).
        int partitions = config.recordPartitions();
        KStream<String, Placed> placed = builder.stream(topics.recordChanges(), raw.withName("record-changes-source"))
                .process(() -> new RecordPlacement(partitions, Input.Change::new, metrics), Named.as("place-record-changes"))
                .merge(builder.stream(topics.mondayResults(), raw.withName("monday-results-source"))
                        .process(() -> new RecordPlacement(partitions, Input.Result::new, metrics),
                                Named.as("place-results")), Named.as("merge-placed-results"))
                .merge(builder.stream(topics.control(), raw.withName("control-source"))
                        .process(() -> new RecordPlacement(partitions, Input.Control::new, metrics),
                                Named.as("place-control")), Named.as("merge-placed-control"));
        KStream<String, Input> placedHere = placed
                .filter((key, value) -> value instanceof Placed.Here, Named.as("placed-here"))
                .mapValues(Placed::input, Named.as("placed-input"));
        Repartitioned<String, byte[]> toOwner = Repartitioned.<String, byte[]>as("misplaced-by-record")
                .withKeySerde(Serdes.String()).withValueSerde(Serdes.ByteArray());
        if (partitions > 0) {
            toOwner = toOwner.withNumberOfPartitions(partitions);
        }
        KStream<String, Input> moved = placed
                .filter((key, value) -> value instanceof Placed.Misplaced, Named.as("misplaced"))
                .mapValues(value -> value.input().tagged(), Named.as("misplaced-tagged"))
                .repartition(toOwner)
                .mapValues(Input::fromTagged, Named.as("moved-input"));

        MondayValues values = new MondayValues(ColumnCodecs.standard());
        KStream<String, Emit> decisions = placedHere
                .merge(itemInputs, Named.as("merge-item-events"))
                .merge(moved, Named.as("merge-moved"))
                .process(() -> new RecordProcessor(serdes.recordChange().deserializer(), serdes.itemEvent().deserializer(),
                        serdes.commandResult().deserializer(), serdes.boardMapping().deserializer(),
                        serdes.control().deserializer(),
                        topics.boardMappings(), topics.itemEvents(), config.integrationUserId(), values, metrics,
                        match.enabled()),
                        Named.as("merge-record"), match.enabled()
                                ? new String[] {RecordProcessor.STATE_STORE, MatchGate.STORE}
                                : new String[] {RecordProcessor.STATE_STORE});

        EmitSink sink = new EmitSink(topics, serdes, outputRetry);
        if (match.enabled()) {
            // the board matcher's messages go to its own part (match package), every other output to the sink
            MatchTopology.addTo(builder, config, serdes, metrics, match, itemEventSource, decisions
                    .filter((key, value) -> value instanceof Emit.ToMatcher, Named.as("to-matcher"))
                    .mapValues(value -> ((Emit.ToMatcher) value).message(), Named.as("to-matcher-bytes")));
            decisions = decisions.filter((key, value) -> !(value instanceof Emit.ToMatcher), Named.as("not-to-matcher"));
        }
        decisions.merge(routerOutputs, Named.as("all-outputs"))
                .to(sink, Produced.with(Serdes.String(), sink).withName("outputs-sink"));
        return builder;
    }
}

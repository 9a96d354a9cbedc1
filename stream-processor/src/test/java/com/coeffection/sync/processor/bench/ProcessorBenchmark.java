package com.coeffection.sync.processor.bench;

import com.coeffection.sync.processor.ProcessorApp;
import com.coeffection.sync.processor.ProcessorConfig;
import com.coeffection.sync.processor.mapping.MappingPublisher;
import com.coeffection.sync.schema.Actor;
import com.coeffection.sync.schema.ActorKind;
import com.coeffection.sync.schema.FieldChange;
import com.coeffection.sync.schema.Link;
import com.coeffection.sync.schema.LinkSource;
import com.coeffection.sync.schema.MondayEventKind;
import com.coeffection.sync.schema.MondayItemEvent;
import com.coeffection.sync.schema.RecordChange;
import com.coeffection.sync.schema.RecordOperation;
import com.coeffection.sync.serde.AvroSerializer;
import com.coeffection.sync.serde.SchemaRegistryClient;
import com.coeffection.sync.testkit.RealInfra;
import com.coeffection.sync.topics.SyncTopics;
import com.coeffection.sync.values.FieldValues;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Throughput of the sync topology on the real broker, next to a pass-through Kafka Streams app (exactly-once v2, the
 * same input bytes copied to an output topic) measured in the same run, on the same broker and machine, with the same
 * partitions and Kafka Streams settings. The ratio is the figure. Every app starts on a full backlog; the clock runs
 * from the moment its output topic holds a tenth of the expected records (start-up and warm-up excluded) until it
 * holds one record per input event (the topology writes one history entry per event). The pass-through is measured
 * before and after the topology (the machine is shared) and the mean is used. A second baseline with the topology's
 * write volume (a changelogged store write and two copies per event) shows how much of the gap is I/O.
 *
 * <p>Run: {@code mvn -q -o -pl stream-processor exec:java -Dexec.mainClass=com.coeffection.sync.processor.bench.ProcessorBenchmark
 * -Dexec.classpathScope=test [-Dbench.events=200000 -Dbench.records=20000 -Dbench.partitions=4 -Dbench.mondayEvery=4]}
 */
public final class ProcessorBenchmark {
    /** One event in this many is a monday edit (0: none); the rest are Coeffection edits. */
    private static final int MONDAY_SHARE = Integer.getInteger("bench.mondayEvery", 4);
    private static final Actor PERSON = Actor.newBuilder().setKind(ActorKind.USER).setId("u-1").build();

    private ProcessorBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int events = Integer.getInteger("bench.events", 200_000);
        int records = Integer.getInteger("bench.records", 20_000);
        int partitions = Integer.getInteger("bench.partitions", 4);
        RealInfra infra = RealInfra.shared();
        System.out.printf("Benchmark: %,d events over %,d records, %d partitions, exactly-once v2, one stream thread%n",
                events, records, partitions);

        String run = UUID.randomUUID().toString().substring(0, 6);
        SyncTopics topics = new SyncTopics("b-changes-" + run, "b-items-" + run, "b-mappings-" + run, "b-links-" + run,
                "b-commands-" + run, "b-results-" + run, "b-updates-" + run, "b-history-events-" + run,
                "b-history-" + run, "b-dlq-" + run, "b-control-" + run);
        for (SyncTopics.Spec spec : topics.all()) {
            infra.createTopic(spec.name(), partitions, spec.compacted());
        }
        SchemaRegistryClient registry = new SchemaRegistryClient(infra.schemaRegistryUrl());
        try (MappingPublisher publisher = new MappingPublisher(infra.bootstrapServers(), infra.schemaRegistryUrl(),
                topics, Clock.systemUTC())) {
            publisher.publish(Path.of(ProcessorBenchmark.class.getResource("/mappings/acme.yaml").toURI()));
        }

        List<ProducerRecord<String, byte[]>> changes = new ArrayList<>();
        List<ProducerRecord<String, byte[]>> itemEvents = new ArrayList<>();
        generate(topics, registry, events, records, changes, itemEvents);
        try (KafkaProducer<String, byte[]> producer = producer(infra)) {
            AvroSerializer<Link> links = new AvroSerializer<>(registry, Link.class);
            Instant now = Instant.now();
            for (int r = 0; r < records; r++) {
                Link link = Link.newBuilder().setTenantId("acme").setEntityType("Contact").setRecordId("r" + r)
                        .setBoardId(100L).setItemId(10_000_000L + r).setSource(LinkSource.MATCH_EMAIL).setLinkedAt(now).build();
                producer.send(new ProducerRecord<>(topics.links(), "acme:Contact:r" + r, links.serialize(topics.links(), link)));
            }
            changes.forEach(producer::send);
            itemEvents.forEach(producer::send);
            producer.flush();
        }

        // the pass-through reads the same bytes from its own topic
        String passIn = "b-pass-in-" + run;
        String passOut = "b-pass-out-" + run;
        String warmIn = "b-warm-in-" + run;
        String warmOut = "b-warm-out-" + run;
        String ioOut = "b-io-out-" + run;
        String ioCopy = "b-io-copy-" + run;
        for (String topic : List.of(passIn, passOut, passOut2(run), warmIn, warmOut, ioOut, ioCopy)) {
            infra.createTopic(topic, partitions, false);
        }
        try (KafkaProducer<String, byte[]> producer = producer(infra)) {
            for (ProducerRecord<String, byte[]> record : changes) {
                producer.send(new ProducerRecord<>(passIn, record.key(), record.value()));
                producer.send(new ProducerRecord<>(warmIn, record.key(), record.value()));
            }
            for (ProducerRecord<String, byte[]> record : itemEvents) {
                producer.send(new ProducerRecord<>(passIn, record.key(), record.value()));
            }
            producer.flush();
        }

        // count what the broker holds: an input record the loader failed to write is not expected downstream
        long syncInput = sizeOf(infra, topics.recordChanges()) + sizeOf(infra, topics.itemEvents());
        long passInput = sizeOf(infra, passIn);
        long warmInput = sizeOf(infra, warmIn);
        if (syncInput != events || passInput != events) {
            System.out.printf("  (the loader wrote %,d sync and %,d pass-through input events of %,d)%n",
                    syncInput, passInput, events);
        }
        Path stateDir = Files.createTempDirectory("processor-bench");
        double warm = measure("warm-up pass-through", infra, warmOut, (int) warmInput,
                () -> passThrough(infra, warmIn, warmOut, stateDir, "bench-warm-" + run));
        double pass = measure("pass-through", infra, passOut, (int) passInput,
                () -> passThrough(infra, passIn, passOut, stateDir, "bench-pass-" + run));
        double sync = measure("sync topology", infra, topics.historyEvents(), (int) syncInput, () -> {
            ProcessorApp app = new ProcessorApp(infra.bootstrapServers(), infra.schemaRegistryUrl(), topics,
                    new SimpleMeterRegistry(), 999L, stateDir, "bench-sync-" + run).start();
            return new Running(app::state, app::close);
        });
        writesAndStateSize(infra, topics, "bench-sync-" + run, syncInput, records);
        // the machine is shared: measure the pass-through again after the topology and compare with the mean
        double passAgain = measure("pass-through (again)", infra, passOut2(run), (int) passInput,
                () -> passThrough(infra, passIn, passOut2(run), stateDir, "bench-pass2-" + run));
        double passMean = (pass + passAgain) / 2;
        // a second baseline with the sync topology's write volume: each event read, kept in a cached changelogged
        // store and copied to two topics (~3 records written per event); its ratio says how much of the gap is I/O
        double io = measure("io-equivalent copy", infra, ioOut, (int) passInput,
                () -> ioEquivalent(infra, passIn, ioOut, ioCopy, stateDir, "bench-io-" + run));
        System.out.printf("%nRESULT pass-through %,.0f events/s (mean of %,.0f and %,.0f) | sync topology %,.0f events/s"
                + " | ratio %.3f (warm-up %,.0f events/s) | io-equivalent copy %,.0f events/s, ratio to it %.3f%n",
                passMean, pass, passAgain, sync, sync / passMean, warm, io, sync / io);
        System.exit(0);
    }

    /**
     * Records the topology wrote per input event (its output topics, less the links the loader wrote, plus its
     * internal changelog and repartition topics; committed records only), and the serialized size of a record's state
     * (the latest changelog value per record, p50/p99).
     */
    private static void writesAndStateSize(RealInfra infra, SyncTopics topics, String applicationId, long events,
                                           int loadedLinks) throws Exception {
        List<String> written = new ArrayList<>(List.of(topics.mondayCommands(), topics.recordUpdates(),
                topics.historyEvents(), topics.links(), topics.deadLetters()));
        for (String topic : infra.admin().listTopics().names().get()) {
            if (topic.startsWith(applicationId + "-")) {
                written.add(topic);
            }
        }
        String changelog = applicationId + "-" + com.coeffection.sync.processor.routing.RecordProcessor.STATE_STORE
                + "-changelog";
        Map<String, Long> counts = new java.util.TreeMap<>();
        Map<String, Integer> stateSizes = new java.util.HashMap<>();
        try (KafkaConsumer<String, byte[]> reader = new KafkaConsumer<>(readCommitted(infra))) {
            List<org.apache.kafka.common.TopicPartition> partitions = new ArrayList<>();
            Map<org.apache.kafka.common.TopicPartition, Long> ends = new java.util.HashMap<>();
            for (String topic : written) {
                reader.partitionsFor(topic).forEach(p -> partitions.add(
                        new org.apache.kafka.common.TopicPartition(topic, p.partition())));
            }
            reader.assign(partitions);
            reader.seekToBeginning(partitions);
            ends.putAll(reader.endOffsets(partitions));
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (System.nanoTime() < deadline && partitions.stream().anyMatch(p -> reader.position(p) < ends.get(p))) {
                for (var record : reader.poll(Duration.ofMillis(200))) {
                    counts.merge(record.topic(), 1L, Long::sum);
                    if (record.topic().equals(changelog) && record.value() != null) {
                        stateSizes.put(record.key(), record.value().length);
                    }
                }
            }
        }
        counts.merge(topics.links(), -(long) loadedLinks, Long::sum);
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        System.out.printf("Records written per input event: %.2f (%,d records for %,d events)%n",
                (double) total / events, total, events);
        counts.forEach((topic, n) -> System.out.printf("  %-60s %,10d%n", topic, n));
        List<Integer> sizes = new ArrayList<>(stateSizes.values());
        java.util.Collections.sort(sizes);
        if (!sizes.isEmpty()) {
            System.out.printf("Record state size over %,d records: p50 %,d bytes, p99 %,d bytes, max %,d bytes%n",
                    sizes.size(), sizes.get(sizes.size() / 2), sizes.get((int) Math.min(sizes.size() - 1,
                            Math.round(sizes.size() * 0.99))), sizes.get(sizes.size() - 1));
        }
    }

    private static long sizeOf(RealInfra infra, String topic) throws Exception {
        var partitions = infra.admin().describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions();
        Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> specs = new java.util.HashMap<>();
        partitions.forEach(p -> specs.put(new org.apache.kafka.common.TopicPartition(topic, p.partition()),
                org.apache.kafka.clients.admin.OffsetSpec.latest()));
        return infra.admin().listOffsets(specs).all().get().values().stream().mapToLong(o -> o.offset()).sum();
    }

    private static String passOut2(String run) {
        return "b-pass-out2-" + run;
    }

    private record Running(Supplier<KafkaStreams.State> state, Runnable close) {
    }

    private static double measure(String name, RealInfra infra, String outputTopic, int expected,
                                  Supplier<Running> start) {
        Running app = start.get();
        try (KafkaConsumer<String, byte[]> counter = new KafkaConsumer<>(readCommitted(infra))) {
            counter.subscribe(Set.of(outputTopic));
            long deadline = System.nanoTime() + Duration.ofSeconds(Integer.getInteger("bench.timeoutSeconds", 300)).toNanos();
            long seen = 0;
            while (app.state().get() != KafkaStreams.State.RUNNING && System.nanoTime() < deadline) {
                seen += counter.poll(Duration.ofMillis(10)).count();
            }
            // the first tenth of the outputs is not timed: start-up, first transactions and JIT warm-up of each app
            long skip = expected / 10;
            while (seen < skip && System.nanoTime() < deadline) {
                seen += counter.poll(Duration.ofMillis(20)).count();
            }
            long started = System.nanoTime();
            long seenAtStart = seen;
            while (seen < expected && System.nanoTime() < deadline) {
                seen += counter.poll(Duration.ofMillis(100)).count();
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            double rate = (seen - seenAtStart) / seconds;
            System.out.printf("%-22s %,10d events in %6.2f s = %,9.0f events/s (after the first %,d)%n", name,
                    seen - seenAtStart, seconds, rate, seenAtStart);
            if (seen < expected) {
                System.out.printf("  (only %,d of %,d outputs arrived within the time limit)%n", seen, expected);
                diagnose(infra, outputTopic);
            }
            return rate;
        } finally {
            app.close().run();
        }
    }

    private static void diagnose(RealInfra infra, String outputTopic) {
        try {
            var admin = infra.admin();
            for (String topic : admin.listTopics().names().get()) {
                if (!topic.contains("b-") && !topic.contains("bench-")) {
                    continue;
                }
                var partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions();
                Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> specs = new java.util.HashMap<>();
                partitions.forEach(p -> specs.put(new org.apache.kafka.common.TopicPartition(topic, p.partition()),
                        org.apache.kafka.clients.admin.OffsetSpec.latest()));
                long total = admin.listOffsets(specs).all().get().values().stream().mapToLong(o -> o.offset()).sum();
                System.out.printf("  topic %-50s end offsets %,d%n", topic, total);
            }
            for (var group : admin.listConsumerGroups().all().get()) {
                if (group.groupId().startsWith("bench-sync")) {
                    admin.listConsumerGroupOffsets(group.groupId()).partitionsToOffsetAndMetadata().get()
                            .forEach((tp, o) -> System.out.printf("  group %s %s committed %,d%n", group.groupId(), tp, o.offset()));
                }
            }
        } catch (Exception e) {
            System.out.println("  (diagnosis failed: " + e + ")");
        }
    }

    private static Running passThrough(RealInfra infra, String in, String out, Path stateDir, String applicationId) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(in, Consumed.with(Serdes.String(), Serdes.ByteArray()))
                .to(out, Produced.with(Serdes.String(), Serdes.ByteArray()));
        ProcessorConfig config = new ProcessorConfig(SyncTopics.defaults(), null, 0, applicationId);
        Properties props = config.streamsProperties(infra.bootstrapServers(), stateDir);
        KafkaStreams streams = new KafkaStreams(builder.build(), props);
        streams.start();
        return new Running(streams::state, () -> streams.close(Duration.ofSeconds(30)));
    }

    /**
     * The same input, each event put into a cached, changelogged store (one changelog write per key and commit, as the
     * record state) and written to two output topics: the I/O of the sync topology without its decoding and rules.
     */
    private static Running ioEquivalent(RealInfra infra, String in, String out, String copy, Path stateDir,
                                        String applicationId) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore("copy-state"),
                Serdes.String(), Serdes.ByteArray()).withCachingEnabled());
        KStream<String, byte[]> copied = builder.stream(in, Consumed.with(Serdes.String(), Serdes.ByteArray()))
                .process(() -> new Processor<String, byte[], String, byte[]>() {
                    private ProcessorContext<String, byte[]> context;
                    private KeyValueStore<String, byte[]> store;

                    @Override
                    public void init(ProcessorContext<String, byte[]> context) {
                        this.context = context;
                        this.store = context.getStateStore("copy-state");
                    }

                    @Override
                    public void process(org.apache.kafka.streams.processor.api.Record<String, byte[]> record) {
                        store.get(record.key());
                        store.put(record.key(), record.value());
                        context.forward(record);
                    }
                }, "copy-state");
        copied.to(copy, Produced.with(Serdes.String(), Serdes.ByteArray()));
        copied.to(out, Produced.with(Serdes.String(), Serdes.ByteArray()));
        ProcessorConfig config = new ProcessorConfig(SyncTopics.defaults(), null, 0, applicationId);
        KafkaStreams streams = new KafkaStreams(builder.build(), config.streamsProperties(infra.bootstrapServers(), stateDir));
        streams.start();
        return new Running(streams::state, () -> streams.close(Duration.ofSeconds(30)));
    }

    /** 3 of 4 events are Coeffection edits, 1 of 4 a person's monday edit of a linked item; all on two-way fields. */
    private static void generate(SyncTopics topics, SchemaRegistryClient registry, int events, int records,
                                 List<ProducerRecord<String, byte[]>> changes,
                                 List<ProducerRecord<String, byte[]>> itemEvents) {
        AvroSerializer<RecordChange> changeSerializer = new AvroSerializer<>(registry, RecordChange.class);
        AvroSerializer<MondayItemEvent> eventSerializer = new AvroSerializer<>(registry, MondayItemEvent.class);
        Instant base = Instant.parse("2026-11-20T08:00:00Z");
        for (int i = 0; i < events; i++) {
            int r = i % records;
            Instant at = base.plusMillis(i);
            String value = "value-" + i;
            if (MONDAY_SHARE > 0 && i % MONDAY_SHARE == MONDAY_SHARE - 1) {
                MondayItemEvent event = MondayItemEvent.newBuilder().setTriggerUuid("b-t-" + i).setTenantId("acme")
                        .setBoardId(100L).setItemId(10_000_000L + r).setKind(MondayEventKind.UPDATE_COLUMN_VALUE)
                        .setDeliveredType("update_column_value").setUserId(501L).setTriggerTime(at).setChangedAt(at)
                        .setColumnId("text_city").setColumnType("text").setValue("{\"value\":\"" + value + "\"}").build();
                itemEvents.add(new ProducerRecord<>(topics.itemEvents(), "acme:100:" + (10_000_000L + r),
                        eventSerializer.serialize(topics.itemEvents(), event)));
            } else {
                String field = i % 2 == 0 ? "title" : "city";
                RecordChange change = RecordChange.newBuilder().setEventId("b-c-" + i).setTenantId("acme")
                        .setEntityType("Contact").setRecordId("r" + r).setOperation(RecordOperation.UPDATE)
                        .setActor(PERSON).setOccurredAt(at)
                        .setFields(List.of(new FieldChange(field, FieldValues.text(value), at))).build();
                changes.add(new ProducerRecord<>(topics.recordChanges(), "acme:Contact:r" + r,
                        changeSerializer.serialize(topics.recordChanges(), change)));
            }
        }
    }

    private static KafkaProducer<String, byte[]> producer(RealInfra infra) {
        Map<String, Object> config = infra.producerConfig();
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        return new KafkaProducer<>(config);
    }

    private static Map<String, Object> readCommitted(RealInfra infra) {
        Map<String, Object> config = infra.consumerConfig("bench-counter-" + UUID.randomUUID());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        return config;
    }
}

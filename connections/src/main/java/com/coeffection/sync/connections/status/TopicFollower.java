package com.coeffection.sync.connections.status;

import com.coeffection.sync.serde.AvroDeserializer;
import com.coeffection.sync.serde.SchemaRegistryClient;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Follows one topic for the connection status: every partition assigned (no consumer group, so every instance sees
 * everything and any instance can answer), from {@code lookback} before it started (what happened in that time is
 * shown after a restart too), then as records arrive. A record that cannot be read is logged and skipped: the status
 * is a view, never the system of record.
 */
public final class TopicFollower<T extends SpecificRecord> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TopicFollower.class);
    private final KafkaConsumer<String, byte[]> consumer;
    private final AvroDeserializer<T> values;
    private final Consumer<T> handler;
    private final String topic;
    private final Duration lookback;
    private final Clock clock;
    private final Thread thread;
    private volatile boolean running;
    private volatile boolean started;
    private volatile boolean assigned;

    public TopicFollower(String bootstrapServers, String registryUrl, String topic, Class<T> type, Consumer<T> handler,
                         Duration lookback, Clock clock) {
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new ByteArrayDeserializer());
        this.values = new AvroDeserializer<>(new SchemaRegistryClient(registryUrl), type);
        this.handler = handler;
        this.topic = topic;
        this.lookback = lookback;
        this.clock = clock;
        this.thread = new Thread(this::run, "connections-" + topic);
        thread.setDaemon(true);
    }

    public TopicFollower<T> start() {
        started = true;
        running = true;
        thread.start();
        return this;
    }

    /** Whether the follower has found its partitions and is positioned. */
    public boolean assigned() {
        return assigned;
    }

    /** Whether the follower is reading (for the health check). */
    public boolean running() {
        return running && thread.isAlive();
    }

    public String topic() {
        return topic;
    }

    private void run() {
        try {
            List<TopicPartition> partitions = partitions();
            if (partitions.isEmpty()) {
                return;
            }
            consumer.assign(partitions);
            position(partitions);
            assigned = true;
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.value() == null) {
                        continue;
                    }
                    try {
                        handler.accept(values.deserialize(record.topic(), record.value()));
                    } catch (RuntimeException e) {
                        LOG.warn("a record on {} at offset {} could not be read and is skipped for the status: {}",
                                record.topic(), record.offset(), e.getMessage());
                    }
                }
            }
        } catch (WakeupException | org.apache.kafka.common.errors.InterruptException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("{} cannot be read; the connection status misses what it holds", topic, e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
            running = false;
        }
    }

    /** The topic's partitions, waited for while the topic does not exist yet (empty when closing meanwhile). */
    private List<TopicPartition> partitions() {
        boolean told = false;
        while (running) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(5)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            if (!partitions.isEmpty()) {
                return partitions;
            }
            if (!told) {
                LOG.info("{} does not exist yet; the connection status reads it once it does", topic);
                told = true;
            }
            try {
                Thread.sleep(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return List.of();
            }
        }
        return List.of();
    }

    /** Each partition at its first record of the lookback window, or at its end when it holds none that recent. */
    private void position(List<TopicPartition> partitions) {
        long since = clock.millis() - lookback.toMillis();
        Map<TopicPartition, Long> times = new HashMap<>();
        partitions.forEach(p -> times.put(p, since));
        Map<TopicPartition, OffsetAndTimestamp> found = lookback.isZero() ? Map.of() : consumer.offsetsForTimes(times);
        consumer.seekToEnd(partitions);
        for (TopicPartition p : partitions) {
            OffsetAndTimestamp at = found.get(p);
            if (at != null) {
                consumer.seek(p, at.offset());
            }
            consumer.position(p);
        }
    }

    @Override
    public void close() {
        if (!started) {
            consumer.close(Duration.ofSeconds(5));
            return;
        }
        running = false;
        consumer.wakeup();
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

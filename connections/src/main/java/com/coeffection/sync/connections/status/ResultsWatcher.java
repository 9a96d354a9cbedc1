package com.coeffection.sync.connections.status;

import com.coeffection.sync.connections.tokens.ConnectionStore;
import com.coeffection.sync.schema.MondayCommandResult;
import com.coeffection.sync.serde.AvroDeserializer;
import com.coeffection.sync.serde.SchemaRegistryClient;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Reads the monday sink's delivery outcomes ({@code sync.monday-results}) to keep each tenant's status: the last
 * successful sync, the recent errors, and "reconnect needed" when monday refused the tenant's stored token. Every
 * instance reads every outcome (all partitions assigned, no consumer group, from the end when it starts), so any
 * instance can answer; what happened before it started is not shown.
 */
public final class ResultsWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ResultsWatcher.class);
    private final KafkaConsumer<String, byte[]> consumer;
    private final AvroDeserializer<MondayCommandResult> results;
    private final SinkOutcomes outcomes;
    private final Thread thread;
    private volatile boolean running;
    private volatile boolean started;
    private volatile boolean assigned;
    private final String topic;

    public ResultsWatcher(String bootstrapServers, String registryUrl, String topic, ConnectionStore store,
                          SyncActivity activity) {
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new ByteArrayDeserializer());
        this.results = new AvroDeserializer<>(new SchemaRegistryClient(registryUrl), MondayCommandResult.class);
        this.outcomes = new SinkOutcomes(store, activity);
        this.topic = topic;
        this.thread = new Thread(this::run, "connections-results");
        thread.setDaemon(true);
    }

    public ResultsWatcher start() {
        started = true;
        running = true;
        thread.start();
        return this;
    }

    /** Whether the watcher has found its partitions and is positioned at their end. */
    public boolean assigned() {
        return assigned;
    }

    /** Whether the watcher is reading (for the health check). */
    public boolean running() {
        return running && thread.isAlive();
    }

    private void run() {
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            assigned = true;
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    try {
                        outcomes.apply(results.deserialize(record.topic(), record.value()));
                    } catch (RuntimeException e) {
                        LOG.warn("an outcome on {} at offset {} could not be read and is skipped for the status: {}",
                                record.topic(), record.offset(), e.getMessage());
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("the monday sink's outcomes on {} cannot be read; the connection status shows no sync activity", topic, e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
            running = false;
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
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

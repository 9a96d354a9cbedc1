package com.coeffection.sync.monday.sink;

import com.coeffection.sync.schema.MondayCommand;
import com.coeffection.sync.serde.AvroDeserializer;
import com.coeffection.sync.serde.RecordDecoder;
import com.coeffection.sync.serde.SchemaRegistryClient;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The monday sink worker: a consumer in group {@link MondaySinkConfig#groupId()} over the monday commands topic
 * that coalesces commands per item, writes them to monday in budget-aware aliased batches, creates items
 * idempotently, retries with back-off, dead-letters what can never be delivered, and reports every outcome to the
 * results and history topics. Offsets are committed only for what monday confirmed.
 *
 * <p>Usage: {@code try (var worker = new MondaySinkWorker(config)) { worker.start(); ... }}. Several workers in the
 * same group share the boards (the commands topic is keyed by board).
 */
public final class MondaySinkWorker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MondaySinkWorker.class);

    private final MondaySinkConfig config;
    private final Clock clock;
    private KafkaConsumer<String, byte[]> consumer;
    private KafkaProducer<String, byte[]> producer;
    private MondayConnections connections;
    private SinkLoop loop;
    private Thread thread;
    private boolean closed;

    public MondaySinkWorker(MondaySinkConfig config) {
        this(config, Clock.systemUTC());
    }

    public MondaySinkWorker(MondaySinkConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    public MondaySinkConfig config() {
        return config;
    }

    /** Connects to Kafka and starts the poll loop on its own thread. */
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("the monday sink worker is already started");
        }
        if (closed) {
            throw new IllegalStateException("the monday sink worker is closed");
        }
        String instance = config.clientId() + "-" + UUID.randomUUID().toString().substring(0, 8);
        SchemaRegistryClient registry = new SchemaRegistryClient(config.schemaRegistryUrl());
        consumer = new KafkaConsumer<>(consumerConfig(instance));
        producer = new KafkaProducer<>(producerConfig(instance));
        connections = new MondayConnections(config.mondayEndpoint(), config.tokens(), config.callTimeout(), clock,
                config.metrics());
        SinkOutputs outputs = new SinkOutputs(producer, registry, config.topics(), clock);
        RecordDecoder<MondayCommand> decoder = new RecordDecoder<>(new AvroDeserializer<>(registry, MondayCommand.class));
        SinkLoop[] holder = new SinkLoop[1];
        SinkMetrics metrics = new SinkMetrics(config.metrics(), () -> holder[0] == null ? 0 : holder[0].waiting());
        loop = new SinkLoop(config, consumer, outputs, connections, decoder, metrics, clock);
        holder[0] = loop;
        thread = new Thread(loop, "monday-sink");
        thread.setDaemon(false);
        thread.start();
        LOG.info("monday sink started: group {}, topic {}, monday {}, window {} ms", config.groupId(),
                config.topics().mondayCommands(), config.mondayEndpoint(), config.window().toMillis());
    }

    /** Whether the poll loop runs. */
    public synchronized boolean isRunning() {
        return thread != null && thread.isAlive();
    }

    /**
     * The state of a tenant's monday connection as the poll loop last saw it (empty before the sink's first request
     * for that tenant), for health checks. Read without stopping the loop, so it may be a moment behind.
     */
    public java.util.Optional<com.coeffection.sync.monday.sink.retry.ConnectionState> connectionState(String tenantId) {
        MondayConnections current = connections;
        MondayConnections.Connection connection = current == null ? null : current.lastKnown(tenantId);
        return connection == null ? java.util.Optional.empty() : java.util.Optional.of(connection.state());
    }

    /** Stops the loop (committing what monday confirmed) and closes the Kafka clients. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (loop == null) {
            return;
        }
        loop.stop();
        try {
            if (!loop.awaitStopped(Duration.ofSeconds(60))) {
                LOG.warn("the monday sink loop did not stop within 60 s");
            }
            thread.join(Duration.ofSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            producer.close(Duration.ofSeconds(10));
        } finally {
            try {
                // a static member does not leave on close by default; a clean stop hands its partitions over at once
                consumer.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                        .withTimeout(Duration.ofSeconds(10)));
            } finally {
                connections.close();
            }
        }
        LOG.info("monday sink stopped");
    }

    /** How long a silent worker keeps its partitions (classic group protocol). */
    static final int SESSION_TIMEOUT_MS = 6_000;

    private Map<String, Object> consumerConfig(String instance) {
        Map<String, Object> c = new HashMap<>();
        c.putAll(config.kafkaProperties());
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, instance + "-consumer");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        // the processor writes commands in transactions: a command of an aborted transaction never reaches monday
        c.putIfAbsent(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        if (!"consumer".equalsIgnoreCase(String.valueOf(c.get(ConsumerConfig.GROUP_PROTOCOL_CONFIG)))) {
            c.putIfAbsent(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
            // fast takeover: a worker killed without leaving is declared dead after 6 s (the broker's default
            // minimum), not Kafka's default 45 s; its partitions then go to the others
            c.putIfAbsent(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, Integer.toString(SESSION_TIMEOUT_MS));
            c.putIfAbsent(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, Integer.toString(SESSION_TIMEOUT_MS / 3));
        }
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return c;
    }

    private Map<String, Object> producerConfig(String instance) {
        Map<String, Object> c = new HashMap<>();
        config.kafkaProperties().forEach((k, v) -> {
            if (!k.startsWith("max.poll") && !k.startsWith("session.") && !k.startsWith("heartbeat.")
                    && !k.startsWith("auto.offset") && !k.startsWith("partition.assignment")) {
                c.put(k, v);
            }
        });
        c.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        c.put(ProducerConfig.CLIENT_ID_CONFIG, instance + "-producer");
        c.put(ProducerConfig.ACKS_CONFIG, "all");
        c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        c.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "5");
        c.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        c.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return c;
    }
}

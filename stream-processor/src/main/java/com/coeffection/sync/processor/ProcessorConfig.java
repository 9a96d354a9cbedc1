package com.coeffection.sync.processor;

import com.coeffection.sync.topics.SyncTopics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;

import java.nio.file.Path;
import java.util.Properties;

/**
 * What the topology needs to know.
 *
 * @param topics              the topic names
 * @param integrationUserId   the monday user the integration writes as: its webhooks are echoes of our writes;
 *                            null when not known (echoes are then recognised by value only)
 * @param recordPartitions    partitions of the record-keyed topics (record changes, monday results); monday item
 *                            events re-keyed to their record are repartitioned to this many partitions so that a
 *                            record's events from both sides meet in one task. 0 lets Kafka Streams choose.
 * @param applicationId       the Kafka Streams application id (consumer group, internal topic prefix)
 * @param instanceId          [PROCESSOR_INSTANCE_ID] a stable name of this processor instance (e.g. its host or pod
 *                            name), or null. When set, the processor is a static member of its consumer group
 *                            ({@code group.instance.id}): a restart within {@link #STATIC_SESSION_TIMEOUT_MS} takes its
 *                            tasks back at once, without a rebalance moving them to another instance and back. Each
 *                            running instance needs its own id.
 * @param parkedEventTimeoutMs how long a monday event of an item with no known link waits for the link before it
 *                            becomes an UNLINKED history entry [PROCESSOR_PARKED_EVENT_TIMEOUT_MS]
 * @param sessionTimeoutMs    [PROCESSOR_SESSION_TIMEOUT_MS] how long the group waits for an instance that stopped
 *                            answering before its tasks move to the others: the bound on a takeover after kill -9.
 *                            0 = the default ({@link #STATIC_SESSION_TIMEOUT_MS} for a static member, Kafka's own
 *                            45 s otherwise).
 */
public record ProcessorConfig(SyncTopics topics, Long integrationUserId, int recordPartitions, String applicationId,
                              String instanceId, long parkedEventTimeoutMs, int sessionTimeoutMs) {

    public static final String DEFAULT_APPLICATION_ID = "coeffection-monday-sync-processor";
    /** The environment variable naming this instance (static group membership). */
    public static final String INSTANCE_ID_ENV = "PROCESSOR_INSTANCE_ID";
    public static final String PARKED_EVENT_TIMEOUT_ENV = "PROCESSOR_PARKED_EVENT_TIMEOUT_MS";
    /** The environment variable of the group session timeout (takeover bound). */
    public static final String SESSION_TIMEOUT_ENV = "PROCESSOR_SESSION_TIMEOUT_MS";
    /**
     * Session timeout of a static member: a stopped instance keeps its tasks this long (nobody else processes them
     * meanwhile); a restart within it resumes them without a rebalance.
     */
    public static final int STATIC_SESSION_TIMEOUT_MS = 30_000;
    /** Record-state cache per instance: repeated writes of one record within a commit interval are merged. */
    public static final long STATE_CACHE_BYTES = 16L * 1024 * 1024;
    /** Default wait of a parked monday event for its item's link. */
    public static final long DEFAULT_PARKED_EVENT_TIMEOUT_MS = 30_000;

    /** No instance id (dynamic membership), the default parked-event wait. */
    public ProcessorConfig(SyncTopics topics, Long integrationUserId, int recordPartitions, String applicationId) {
        this(topics, integrationUserId, recordPartitions, applicationId, null, DEFAULT_PARKED_EVENT_TIMEOUT_MS, 0);
    }

    /**
     * This config with the instance id, parked-event wait and session timeout given by {@code env} (absent:
     * unchanged).
     */
    public ProcessorConfig withEnvironment(java.util.Map<String, String> env) {
        String id = env.get(INSTANCE_ID_ENV);
        String parked = env.get(PARKED_EVENT_TIMEOUT_ENV);
        String session = env.get(SESSION_TIMEOUT_ENV);
        return new ProcessorConfig(topics, integrationUserId, recordPartitions, applicationId,
                id == null || id.isBlank() ? instanceId : id.trim(),
                parked == null || parked.isBlank() ? parkedEventTimeoutMs : Long.parseLong(parked.trim()),
                session == null || session.isBlank() ? sessionTimeoutMs : Integer.parseInt(session.trim()));
    }

    /**
     * Kafka Streams settings: exactly-once v2 (the topology's state, its outputs and its input offsets commit
     * together), String keys, a 16 MB cache for the record-state store only (decisions are still forwarded as they
     * are made; only the store's writes are merged per commit), and the state directory.
     *
     * <p>{@code max.task.idle.ms = -1}: a record's inputs (its Coeffection changes, its re-keyed monday events, the
     * sink's results) are processed as they come, without waiting to interleave them by timestamp. The conflict
     * rules make the outcome independent of arrival order (see the arrival-order property test), so waiting would
     * only add latency: the re-keyed monday events become readable only when the routing step commits.
     */
    public Properties streamsProperties(String bootstrapServers, Path stateDir) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
        props.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, STATE_CACHE_BYTES);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, -1L);
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, -1);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        props.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
        if (instanceId != null) {
            // Static membership: Kafka Streams suffixes the id per stream thread; a restart within the session
            // timeout gets the same tasks back without a rebalance.
            props.put(StreamsConfig.consumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), instanceId);
            props.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG),
                    sessionTimeoutMs > 0 ? sessionTimeoutMs : STATIC_SESSION_TIMEOUT_MS);
        } else if (sessionTimeoutMs > 0) {
            props.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), sessionTimeoutMs);
        }
        if (sessionTimeoutMs > 0) {
            // Heartbeats must come several times per session or a live member is taken for dead.
            props.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG),
                    Math.max(500, sessionTimeoutMs / 4));
        }
        return props;
    }
}

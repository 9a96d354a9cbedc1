package com.coeffection.sync.processor;

import com.coeffection.sync.topics.SyncTopics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The stream processor as a runnable part: checks its topics, builds {@link SyncTopology}, runs it with exactly-once v2
 * and binds Kafka Streams' metrics to Micrometer. A failed stream thread is replaced, not left dead.
 */
public final class ProcessorApp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessorApp.class);

    private final String bootstrapServers;
    private final String registryUrl;
    private final SyncTopics topics;
    private final MeterRegistry meters;
    private final Long integrationUserId;
    private final Path stateDir;
    private final String applicationId;
    private final Map<String, String> env;
    private KafkaStreams streams;
    private KafkaStreamsMetrics streamsMetrics;
    private ProcessorConfig config;

    /**
     * @param integrationUserId the monday user the integration writes as (its webhooks are echoes); null if unknown
     * @param stateDir          where the record state (RocksDB) lives
     */
    public ProcessorApp(String bootstrapServers, String registryUrl, SyncTopics topics, MeterRegistry meters,
                        Long integrationUserId, Path stateDir) {
        this(bootstrapServers, registryUrl, topics, meters, integrationUserId, stateDir,
                ProcessorConfig.DEFAULT_APPLICATION_ID);
    }

    /**
     * As the full constructor, with the settings of {@link ProcessorConfig#withEnvironment} (PROCESSOR_INSTANCE_ID,
     * PROCESSOR_PARKED_EVENT_TIMEOUT_MS) read from the process environment.
     */
    public ProcessorApp(String bootstrapServers, String registryUrl, SyncTopics topics, MeterRegistry meters,
                        Long integrationUserId, Path stateDir, String applicationId) {
        this(bootstrapServers, registryUrl, topics, meters, integrationUserId, stateDir, applicationId, System.getenv());
    }

    /**
     * @param env settings read by {@link ProcessorConfig#withEnvironment}: PROCESSOR_INSTANCE_ID (static group
     *            membership, so a restarted instance takes its tasks back within seconds) and
     *            PROCESSOR_PARKED_EVENT_TIMEOUT_MS
     */
    public ProcessorApp(String bootstrapServers, String registryUrl, SyncTopics topics, MeterRegistry meters,
                        Long integrationUserId, Path stateDir, String applicationId, Map<String, String> env) {
        this.env = Map.copyOf(env);
        this.bootstrapServers = bootstrapServers;
        this.registryUrl = registryUrl;
        this.topics = topics;
        this.meters = meters;
        this.integrationUserId = integrationUserId;
        this.stateDir = stateDir;
        this.applicationId = applicationId;
    }

    /** Starts processing; returns once Kafka Streams is started (it then joins the group in the background). */
    public synchronized ProcessorApp start() {
        int partitions = checkTopics();
        config = new ProcessorConfig(topics, integrationUserId, partitions, applicationId).withEnvironment(env);
        StreamsBuilder builder = SyncTopology.build(new StreamsBuilder(), config, SyncSerdes.forRegistry(registryUrl),
                new ProcessorMetrics(meters), com.coeffection.sync.processor.match.MatchSetup.fromEnvironment(env));
        streams = new KafkaStreams(builder.build(), config.streamsProperties(bootstrapServers, stateDir));
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("Stream processor thread failed; replacing it: {}", e.toString(), e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(meters);
        streams.start();
        LOG.info("Stream processor started: application id {}, instance {}, {} record partitions, integration user {}",
                applicationId, config.instanceId() == null ? "(dynamic membership)" : config.instanceId(), partitions,
                integrationUserId);
        return this;
    }

    /**
     * Checks that the topics exist and that the record-keyed inputs (record changes, monday results) have the same
     * number of partitions, so one record's inputs meet in one task; returns that number.
     */
    private int checkTopics() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            List<String> inputs = List.of(topics.recordChanges(), topics.itemEvents(), topics.boardMappings(),
                    topics.links(), topics.mondayResults(), topics.control());
            Map<String, TopicDescription> described = admin.describeTopics(inputs).allTopicNames()
                    .get(30, TimeUnit.SECONDS);
            int changes = described.get(topics.recordChanges()).partitions().size();
            int results = described.get(topics.mondayResults()).partitions().size();
            if (changes != results) {
                throw new IllegalStateException("Topics " + topics.recordChanges() + " (" + changes + " partitions) and "
                        + topics.mondayResults() + " (" + results + ") must have the same number of partitions:"
                        + " both are keyed by record and must meet in one task");
            }
            int control = described.get(topics.control()).partitions().size();
            if (changes != control) {
                throw new IllegalStateException("Topics " + topics.recordChanges() + " (" + changes + " partitions) and "
                        + topics.control() + " (" + control + ") must have the same number of partitions:"
                        + " both are keyed by record and must meet in one task");
            }
            return changes;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while checking the processor's topics", e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("The processor's input topics are missing or the broker at "
                    + bootstrapServers + " cannot be reached: " + e.getMessage()
                    + "; provision the topics (see docs) before starting the processor", e);
        }
    }

    public synchronized KafkaStreams.State state() {
        return streams == null ? KafkaStreams.State.CREATED : streams.state();
    }

    public boolean running() {
        return state() == KafkaStreams.State.RUNNING;
    }

    /**
     * Stops processing. Without an instance id it leaves the consumer group, so the other instances take its tasks
     * at once; with one (static membership) it stays a member, so this instance started again within the session
     * timeout takes the same tasks back without a rebalance.
     */
    @Override
    public synchronized void close() {
        if (streams != null) {
            CloseOptions.GroupMembershipOperation membership = config != null && config.instanceId() != null
                    ? CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP
                    : CloseOptions.GroupMembershipOperation.LEAVE_GROUP;
            streams.close(CloseOptions.groupMembershipOperation(membership).withTimeout(Duration.ofSeconds(30)));
            streamsMetrics.close();
            streams = null;
        }
    }
}

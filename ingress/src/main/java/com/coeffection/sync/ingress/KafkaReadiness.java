package com.coeffection.sync.ingress;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Whether Kafka answers right now: a cluster description within two seconds. The result is reused for one second
 * so that a busy health check does not load the brokers.
 */
public final class KafkaReadiness implements AutoCloseable {
    private static final long REUSE_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** The last check: whether Kafka answered, and what went wrong when it did not. */
    public record State(boolean reachable, int brokers, String problem) {
    }

    private final Admin admin;
    private volatile State last = new State(false, 0, "not checked yet");
    private volatile long checkedAtNanos = System.nanoTime() - 2 * REUSE_NANOS;

    public KafkaReadiness(String bootstrapServers) {
        this.admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, "webhook-ingress-health",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2500,
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000));
    }

    /** Checks Kafka, or returns the result of a check less than a second old. */
    public synchronized State check() {
        if (System.nanoTime() - checkedAtNanos < REUSE_NANOS) {
            return last;
        }
        State state;
        try {
            int brokers = admin.describeCluster(new DescribeClusterOptions().timeoutMs(2000)).nodes()
                    .get(2500, TimeUnit.MILLISECONDS).size();
            state = brokers > 0 ? new State(true, brokers, null) : new State(false, 0, "the cluster has no brokers");
        } catch (Exception e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            state = new State(false, 0, cause.getClass().getSimpleName() + ": " + cause.getMessage());
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
        last = state;
        checkedAtNanos = System.nanoTime();
        return state;
    }

    /** The last result, without checking again. */
    public State last() {
        return last;
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(2));
    }
}

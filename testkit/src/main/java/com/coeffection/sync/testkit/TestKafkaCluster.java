package com.coeffection.sync.testkit;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real in-process KRaft Kafka cluster (one combined broker and controller) for tests. This is the only class
 * that touches Kafka's internal test kit, which has no compatibility promise: a Kafka upgrade changes this file.
 */
public final class TestKafkaCluster implements AutoCloseable {
    private final KafkaClusterTestKit cluster;
    private boolean closed;

    private TestKafkaCluster(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    /** Starts a new cluster and waits until its broker is ready. Tests normally share {@link RealInfra}'s instead. */
    public static TestKafkaCluster start() {
        try {
            KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                    .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("auto.create.topics.enable", "false")
                    .build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            return new TestKafkaCluster(cluster);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot start the in-process Kafka cluster: " + e.getMessage(), e);
        }
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            cluster.close();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot stop the in-process Kafka cluster", e);
        }
    }
}

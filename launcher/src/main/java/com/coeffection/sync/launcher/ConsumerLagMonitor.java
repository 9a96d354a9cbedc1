package com.coeffection.sync.launcher;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Consumer lag per group, topic and partition, from the broker's own view (committed offsets against log-end
 * offsets, through the Admin API), published as the gauge {@code sync.consumer.lag} (Prometheus:
 * {@code sync_consumer_lag_records}). Covers every consumer group of the pipeline, Kafka Streams applications included.
 */
public final class ConsumerLagMonitor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ConsumerLagMonitor.class);

    /** Lag of one group on one partition. */
    public record PartitionLag(String group, TopicPartition partition, long committed, long end) {
        public long lag() {
            return Math.max(0, end - committed);
        }
    }

    private final Admin admin;
    private final Predicate<String> groups;
    private final MultiGauge gauge;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "consumer-lag-monitor");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param groups which consumer groups to watch (e.g. those of the pipeline)
     */
    public ConsumerLagMonitor(Admin admin, MeterRegistry registry, Predicate<String> groups) {
        this.admin = admin;
        this.groups = groups;
        this.gauge = MultiGauge.builder("sync.consumer.lag").baseUnit("records")
                .description("Records not yet consumed, per consumer group and partition").register(registry);
    }

    public ConsumerLagMonitor start(Duration every) {
        scheduler.scheduleWithFixedDelay(this::refreshQuietly, 0, every.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (Exception e) {
            log.warn("Cannot read consumer lag: {}", e.toString());
        }
    }

    /** Reads the lag now and updates the gauge; returns what it read. */
    public List<PartitionLag> refresh() throws Exception {
        List<PartitionLag> lags = new ArrayList<>();
        for (ConsumerGroupListing group : admin.listConsumerGroups().all().get(10, TimeUnit.SECONDS)) {
            if (!groups.test(group.groupId())) {
                continue;
            }
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group.groupId())
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            committed.forEach((tp, offset) -> {
                if (offset != null) {
                    latest.put(tp, OffsetSpec.latest());
                }
            });
            if (latest.isEmpty()) {
                continue;
            }
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
            ends.forEach((tp, end) -> lags.add(new PartitionLag(group.groupId(), tp, committed.get(tp).offset(), end.offset())));
        }
        gauge.register(lags.stream().map(l -> MultiGauge.Row.of(Tags.of("group", l.group(), "topic", l.partition().topic(),
                "partition", Integer.toString(l.partition().partition())), l.lag())).toList(), true);
        return lags;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}

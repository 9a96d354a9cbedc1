package com.coeffection.sync.backfill;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Paces the backfill by the lag of the consumers downstream of it: the processor's group on the record changes and
 * the monday sink's group on the monday commands. Before each page it waits while their summed lag (records not yet
 * consumed) is above {@code maxLag}. The monday sink spends monday's budget as fast as monday allows, so its lag is
 * the measure of how far the backfill is ahead of monday.
 */
public final class LagPacer implements Pacer {
    private static final Logger log = LoggerFactory.getLogger(LagPacer.class);

    /** A consumer group and the topic whose lag counts. */
    public record Watched(String groupId, String topic) {
    }

    private final Admin admin;
    private final List<Watched> watched;
    private final long maxLag;
    private final Duration poll;
    private volatile long lastLag;

    public LagPacer(Admin admin, List<Watched> watched, long maxLag, Duration poll) {
        this.admin = admin;
        this.watched = List.copyOf(watched);
        this.maxLag = maxLag;
        this.poll = poll;
    }

    @Override
    public void awaitCapacity() throws InterruptedException {
        long waitingSince = System.nanoTime();
        long lastLog = waitingSince;
        while ((lastLag = lag()) > maxLag) {
            if (System.nanoTime() - lastLog > Duration.ofSeconds(10).toNanos()) {
                log.info("Backfill waits for the pipeline to catch up: {} records behind (at most {}), {} s so far",
                        lastLag, maxLag, Duration.ofNanos(System.nanoTime() - waitingSince).toSeconds());
                lastLog = System.nanoTime();
            }
            Thread.sleep(poll.toMillis());
        }
    }

    /** The summed lag last measured. */
    public long lastLag() {
        return lastLag;
    }

    /** The summed lag of the watched groups now; a group that has committed nothing counts from the log start. */
    long lag() throws InterruptedException {
        long total = 0;
        try {
            for (Watched w : watched) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(w.groupId())
                        .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
                List<TopicPartition> partitions = admin.describeTopics(List.of(w.topic())).allTopicNames()
                        .get(10, TimeUnit.SECONDS).get(w.topic()).partitions().stream()
                        .map(p -> new TopicPartition(w.topic(), p.partition())).toList();
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
                partitions.forEach(p -> {
                    latest.put(p, OffsetSpec.latest());
                    earliest.put(p, OffsetSpec.earliest());
                });
                Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
                Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> starts = admin.listOffsets(earliest).all().get(10, TimeUnit.SECONDS);
                for (TopicPartition p : partitions) {
                    OffsetAndMetadata c = committed.get(p);
                    long position = c != null ? c.offset() : starts.get(p).offset();
                    total += Math.max(0, ends.get(p).offset() - position);
                }
            }
        } catch (ExecutionException | TimeoutException e) {
            log.warn("Backfill could not measure the pipeline's lag ({}); going on", e.getMessage());
            return 0;
        }
        return total;
    }
}

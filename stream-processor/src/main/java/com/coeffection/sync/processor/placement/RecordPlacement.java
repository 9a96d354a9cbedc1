package com.coeffection.sync.processor.placement;

import com.coeffection.sync.processor.ProcessorMetrics;
import com.coeffection.sync.processor.routing.Input;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * Makes the processor independent of the partitioner its producers use. Every input of one record must reach the
 * one task that holds the record's state: task {@code n} reads partition {@code n} of every record-keyed topic, and
 * the processor's own re-keyed topics are partitioned the Java way (murmur2 of the key bytes). A record that arrived
 * on the partition its key maps to that way (any Java producer; librdkafka clients with
 * {@code partitioner=murmur2_random}) is processed where it is, at the cost of one hash. A record that did not (the
 * librdkafka default {@code consistent_random} is CRC32, or a custom partitioner) is sent once through the internal
 * repartition topic, which puts it on the right partition; its original position travels in a header so that a dead
 * letter still names the topic, partition and offset it was read from.
 *
 * <p>With {@code partitions = 0} (the partition count is unknown, as in topology tests) every record counts as placed.
 */
public final class RecordPlacement implements Processor<String, byte[], String, Placed> {
    /** Header carrying {@code topic:partition:offset} of a misplaced record's original position. */
    public static final String ORIGIN_HEADER = "sync.origin";

    private final int partitions;
    private final Function<byte[], Input> input;
    private final ProcessorMetrics metrics;
    private ProcessorContext<String, Placed> context;

    public RecordPlacement(int partitions, Function<byte[], Input> input, ProcessorMetrics metrics) {
        this.partitions = partitions;
        this.input = input;
        this.metrics = metrics;
    }

    /** The partition the Java client's default partitioner (and Kafka Streams) puts {@code key} on. */
    public static int partitionOf(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /** Whether a record with {@code key} read from {@code partition} sits where its key maps to. */
    public static boolean placed(String key, int partition, int partitions) {
        return partitions <= 0 || key == null || partition < 0 || partitionOf(key, partitions) == partition;
    }

    @Override
    public void init(ProcessorContext<String, Placed> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, byte[]> record) {
        RecordMetadata source = context.recordMetadata().orElse(null);
        int partition = source == null ? -1 : source.partition();
        Input value = input.apply(record.value());
        if (placed(record.key(), partition, partitions)) {
            context.forward(record.withValue(new Placed.Here(value)));
            return;
        }
        metrics.misplaced(source.topic());
        Headers headers = record.headers();
        headers.remove(ORIGIN_HEADER);
        headers.add(ORIGIN_HEADER, (source.topic() + ":" + source.partition() + ":" + source.offset())
                .getBytes(StandardCharsets.UTF_8));
        context.forward(record.withValue(new Placed.Misplaced(value)).withHeaders(headers));
    }
}

package com.coeffection.sync.processor.routing;

import com.coeffection.sync.processor.placement.RecordPlacement;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

import java.nio.charset.StandardCharsets;

/** Where an input was read from, as its dead letter names it (its replay target). */
final class InputSources {
    private InputSources() {
    }

    /**
     * Where an input came from, for its dead letter. A monday event reached this step through the internal re-keying
     * topic; its dead letter names the item-events topic instead, so replaying the (unchanged) bytes goes there.
     */
    static RecordMetadata of(Record<String, Input> record, RecordMetadata metadata, String itemEventsTopic) {
        Header origin = record.headers() == null ? null
                : record.headers().lastHeader(RecordPlacement.ORIGIN_HEADER);
        if (origin != null) {
            String[] parts = new String(origin.value(), StandardCharsets.UTF_8).split(":");
            if (parts.length == 3) {
                return position(parts[0], Integer.parseInt(parts[1]), Long.parseLong(parts[2]), metadata);
            }
        }
        if (!(record.value() instanceof Input.ItemEvent) || metadata == null) {
            return metadata;
        }
        return new RecordMetadata() {
            @Override
            public String topic() {
                return itemEventsTopic;
            }

            @Override
            public int partition() {
                return -1;
            }

            @Override
            public long offset() {
                return -1;
            }

            @Override
            public String toString() {
                return itemEventsTopic + " via " + metadata.topic() + "-" + metadata.partition() + "@" + metadata.offset();
            }
        };
    }

    /** A record position other than the one being read (the original of a misplaced input). */
    private static RecordMetadata position(String topic, int partition, long offset, RecordMetadata via) {
        return new RecordMetadata() {
            @Override
            public String topic() {
                return topic;
            }

            @Override
            public int partition() {
                return partition;
            }

            @Override
            public long offset() {
                return offset;
            }

            @Override
            public String toString() {
                return topic + "-" + partition + "@" + offset + (via == null ? "" : " via " + via.topic() + "-"
                        + via.partition() + "@" + via.offset());
            }
        };
    }
}

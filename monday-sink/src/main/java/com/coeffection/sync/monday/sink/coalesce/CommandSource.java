package com.coeffection.sync.monday.sink.coalesce;

import org.apache.kafka.common.TopicPartition;

/**
 * Where a command was read: its topic, partition and offset, and its raw key and value, kept unchanged so that a
 * command that cannot be delivered goes to the dead-letter topic exactly as it came.
 */
public record CommandSource(String topic, int partition, long offset, byte[] key, byte[] value) {
    public TopicPartition topicPartition() {
        return new TopicPartition(topic, partition);
    }

    @Override
    public String toString() {
        return topic + "-" + partition + "@" + offset;
    }
}

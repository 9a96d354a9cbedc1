package com.coeffection.sync.serde;

import org.apache.kafka.common.KafkaException;

/**
 * A record on a topic that cannot be decoded, with where it is: topic, partition and offset, so that support can
 * find it, and the typed serde failure that says why.
 */
public final class UndecodableRecordException extends KafkaException {
    private final String topic;
    private final int partition;
    private final long offset;
    private final SerdeException reason;

    public UndecodableRecordException(String topic, int partition, long offset, SerdeException reason) {
        super("Cannot decode the record at topic " + topic + " partition " + partition + " offset " + offset
                + " [" + reason.errorCode() + "]: " + reason.getMessage(), reason);
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.reason = reason;
    }

    public String topic() {
        return topic;
    }

    public int partition() {
        return partition;
    }

    public long offset() {
        return offset;
    }

    public SerdeException reason() {
        return reason;
    }
}

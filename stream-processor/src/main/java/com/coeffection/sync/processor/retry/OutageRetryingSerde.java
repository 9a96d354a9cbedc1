package com.coeffection.sync.processor.retry;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * An output serde whose serializer waits out a registry outage ({@link OutageRetry}) instead of failing at once: the
 * first write of each output type asks the registry for its schema id.
 */
public final class OutageRetryingSerde<T> implements Serde<T> {
    private final Serde<T> inner;
    private final OutageRetry retry;

    public OutageRetryingSerde(Serde<T> inner, OutageRetry retry) {
        this.inner = inner;
        this.retry = retry;
    }

    @Override
    public Serializer<T> serializer() {
        Serializer<T> serializer = inner.serializer();
        return (topic, value) -> {
            byte[][] out = new byte[1][];
            retry.run(() -> out[0] = serializer.serialize(topic, value), () -> { }, "an output to " + topic);
            return out[0];
        };
    }

    @Override
    public Deserializer<T> deserializer() {
        return inner.deserializer();
    }
}

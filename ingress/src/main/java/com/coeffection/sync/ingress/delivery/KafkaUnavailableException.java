package com.coeffection.sync.ingress.delivery;

/**
 * Kafka did not acknowledge a write within the bounded time (broker down, topic missing, registry unreachable for
 * the schema id). The delivery is answered 503 so that its sender retries; nothing was acknowledged.
 */
public final class KafkaUnavailableException extends RuntimeException {
    private final String topic;

    public KafkaUnavailableException(String topic, String message, Throwable cause) {
        super(message, cause);
        this.topic = topic;
    }

    /** The topic the write was meant for. */
    public String topic() {
        return topic;
    }
}

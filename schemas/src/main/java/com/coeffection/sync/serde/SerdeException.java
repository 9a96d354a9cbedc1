package com.coeffection.sync.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * Every failure of the Avro serde has one of these types, each with a message a support person can act on.
 * It extends Kafka's {@link SerializationException} so consumers and Kafka Streams treat it as bad input
 * (a record that cannot be decoded), not as a crash.
 */
public abstract sealed class SerdeException extends SerializationException
        permits WireFormatException, UnknownSchemaIdException, PayloadDecodeException, SchemaRegistryException {

    protected SerdeException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A short stable code for headers, metrics and history entries, e.g. {@code WIRE_FORMAT}. */
    public abstract String errorCode();
}

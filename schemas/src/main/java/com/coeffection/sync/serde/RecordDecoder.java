package com.coeffection.sync.serde;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Decodes a raw consumed record's value, turning any serde failure into an {@link UndecodableRecordException}
 * that names the topic, partition and offset. Consumers that must never stop on bad input read {@code byte[]}
 * and decode with this, so one bad record is dead-lettered and the rest flow.
 */
public final class RecordDecoder<T extends SpecificRecord> {
    private final AvroDeserializer<T> deserializer;

    public RecordDecoder(AvroDeserializer<T> deserializer) {
        this.deserializer = deserializer;
    }

    public T decode(ConsumerRecord<?, byte[]> record) {
        try {
            return deserializer.deserialize(record.topic(), record.value());
        } catch (SerdeException e) {
            throw new UndecodableRecordException(record.topic(), record.partition(), record.offset(), e);
        }
    }
}

package com.coeffection.sync.serde;

import org.apache.avro.AvroTypeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads the Confluent wire format into a generated Avro record. The writer's schema comes from the registry by the
 * id in the header and is resolved against the generated class's schema (Avro schema resolution), so records
 * written with an older or newer compatible schema are read. Failures are typed {@link SerdeException}s.
 */
public final class AvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {
    private final SchemaRegistryClient registry;
    private final Class<T> type;
    private final Schema readerSchema;
    private final SpecificData model;
    private final Map<Integer, SpecificDatumReader<T>> readers = new ConcurrentHashMap<>();
    private static final ThreadLocal<BinaryDecoder> DECODERS = new ThreadLocal<>();

    public AvroDeserializer(SchemaRegistryClient registry, Class<T> type) {
        this.registry = registry;
        this.type = type;
        this.model = SpecificData.getForClass(type);
        this.readerSchema = model.getSchema(type);
    }

    public Class<T> type() {
        return type;
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        ByteBuffer buffer = ByteBuffer.wrap(data);
        int id = WireFormat.readHeader(buffer);
        SpecificDatumReader<T> reader = readers.computeIfAbsent(id, this::readerFor);
        try {
            // the decoder is reused per thread (it only wraps the array; no copy, no new buffer per record)
            BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(data, buffer.position(), buffer.remaining(),
                    DECODERS.get());
            DECODERS.set(decoder);
            return reader.read(null, decoder);
        } catch (IOException | RuntimeException e) {
            throw new PayloadDecodeException("Avro body of " + data.length + " bytes cannot be read as "
                    + readerSchema.getFullName() + " with writer schema id " + id + " on topic " + topic + ": "
                    + e.getMessage(), id, e);
        }
    }

    private SpecificDatumReader<T> readerFor(int id) {
        Schema writerSchema = registry.schemaById(id);
        SchemaCompatibility.SchemaPairCompatibility compatibility =
                SchemaCompatibility.checkReaderWriterCompatibility(readerSchema, writerSchema);
        if (compatibility.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            throw new PayloadDecodeException("Schema id " + id + " (" + writerSchema.getFullName() + ") cannot be read as "
                    + readerSchema.getFullName() + ": " + compatibility.getDescription(), id,
                    new AvroTypeException(compatibility.getDescription()));
        }
        return new SpecificDatumReader<>(writerSchema, readerSchema, model);
    }
}

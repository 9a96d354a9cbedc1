package com.coeffection.sync.serde;

import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes a generated Avro record in the Confluent wire format, registering its schema under
 * {@code <topic>-value} (or {@code <topic>-key}) on first use, or only looking it up when auto-registration is off.
 */
public final class AvroSerializer<T extends SpecificRecord> implements Serializer<T> {
    private final SchemaRegistryClient registry;
    private final Schema schema;
    private final SpecificDatumWriter<T> writer;
    private final boolean autoRegister;
    private final boolean isKey;
    private final Map<String, Integer> ids = new ConcurrentHashMap<>();

    public AvroSerializer(SchemaRegistryClient registry, Class<T> type, boolean autoRegister, boolean isKey) {
        this.registry = registry;
        SpecificData model = SpecificData.getForClass(type);
        this.schema = model.getSchema(type);
        this.writer = new SpecificDatumWriter<>(schema, model);
        this.autoRegister = autoRegister;
        this.isKey = isKey;
    }

    public AvroSerializer(SchemaRegistryClient registry, Class<T> type) {
        this(registry, type, true, false);
    }

    public static String subject(String topic, boolean isKey) {
        return topic + (isKey ? "-key" : "-value");
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        int id = idFor(topic);
        Buffer out = BUFFERS.get();
        out.reset();
        out.write(WireFormat.MAGIC_BYTE);
        out.write(id >>> 24);
        out.write(id >>> 16);
        out.write(id >>> 8);
        out.write(id);
        try {
            // a buffered encoder reused per thread, over an unsynchronised buffer reused per thread
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, ENCODERS.get());
            ENCODERS.set(encoder);
            writer.write(data, encoder);
            encoder.flush();
        } catch (IOException | RuntimeException e) {
            throw new org.apache.kafka.common.errors.SerializationException("Cannot encode " + schema.getFullName()
                    + " for topic " + topic + ": " + e.getMessage(), e);
        }
        return out.bytes();
    }

    /** The schema id of this serializer's subject on {@code topic}: asked of the registry once per topic. */
    private int idFor(String topic) {
        Integer id = ids.get(topic);
        if (id == null) {
            String subject = subject(topic, isKey);
            id = autoRegister ? registry.register(subject, schema) : registry.lookup(subject, schema);
            ids.put(topic, id);
        }
        return id;
    }

    private static final ThreadLocal<Buffer> BUFFERS = ThreadLocal.withInitial(Buffer::new);
    private static final ThreadLocal<BinaryEncoder> ENCODERS = new ThreadLocal<>();

    /** A growable byte buffer without the locking of {@link java.io.ByteArrayOutputStream}. */
    private static final class Buffer extends OutputStream {
        private byte[] bytes = new byte[512];
        private int size;

        void reset() {
            size = 0;
        }

        byte[] bytes() {
            return Arrays.copyOf(bytes, size);
        }

        @Override
        public void write(int b) {
            ensure(1);
            bytes[size++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            ensure(len);
            System.arraycopy(b, off, bytes, size, len);
            size += len;
        }

        private void ensure(int more) {
            if (size + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
            }
        }
    }
}

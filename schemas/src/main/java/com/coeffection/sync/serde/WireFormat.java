package com.coeffection.sync.serde;

import java.nio.ByteBuffer;

/** The Confluent wire format: magic byte 0, a 4-byte big-endian schema id, then the Avro binary body. */
public final class WireFormat {
    public static final byte MAGIC_BYTE = 0;
    public static final int HEADER_LENGTH = 5;

    private WireFormat() {
    }

    /** Reads and checks the header; returns the schema id. The buffer is left at the start of the Avro body. */
    public static int readHeader(ByteBuffer buffer) {
        int length = buffer.remaining();
        if (length < HEADER_LENGTH) {
            throw new WireFormatException("Record value has " + length + " bytes, fewer than the 5-byte header of the"
                    + " Confluent wire format (magic byte 0 + 4-byte schema id): it was not written by an Avro"
                    + " schema-registry serializer", length, length == 0 ? -1 : buffer.get(buffer.position()) & 0xff);
        }
        byte magic = buffer.get();
        if (magic != MAGIC_BYTE) {
            throw new WireFormatException("Record value starts with byte 0x" + String.format("%02x", magic & 0xff)
                    + ", not the magic byte 0x00 of the Confluent wire format: it was not written by an Avro"
                    + " schema-registry serializer (plain JSON or text?)", length, magic & 0xff);
        }
        return buffer.getInt();
    }
}

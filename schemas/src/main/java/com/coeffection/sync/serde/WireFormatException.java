package com.coeffection.sync.serde;

/** The bytes are not in the Confluent wire format: missing magic byte 0, or shorter than its 5-byte header. */
public final class WireFormatException extends SerdeException {
    private final int length;
    private final int firstByte;

    public WireFormatException(String message, int length, int firstByte) {
        super(message, null);
        this.length = length;
        this.firstByte = firstByte;
    }

    public int length() {
        return length;
    }

    /** The first byte seen, or -1 when there was none. */
    public int firstByte() {
        return firstByte;
    }

    @Override
    public String errorCode() {
        return "WIRE_FORMAT";
    }
}

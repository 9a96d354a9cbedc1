package com.coeffection.sync.serde;

/** The header was valid but the Avro body could not be read with the writer's schema, or cannot be read as the expected type. */
public final class PayloadDecodeException extends SerdeException {
    private final int schemaId;

    public PayloadDecodeException(String message, int schemaId, Throwable cause) {
        super(message, cause);
        this.schemaId = schemaId;
    }

    public int schemaId() {
        return schemaId;
    }

    @Override
    public String errorCode() {
        return "AVRO_PAYLOAD";
    }
}

package com.coeffection.sync.serde;

/** The record names a schema id that the schema registry does not know (wrong registry, or the registry lost its data). */
public final class UnknownSchemaIdException extends SerdeException {
    private final int schemaId;

    public UnknownSchemaIdException(int schemaId, String registryUrl) {
        super("Schema id " + schemaId + " is unknown to the schema registry at " + registryUrl
                + ": the record was written against another registry, or this registry lost its schemas", null);
        this.schemaId = schemaId;
    }

    public int schemaId() {
        return schemaId;
    }

    @Override
    public String errorCode() {
        return "UNKNOWN_SCHEMA_ID";
    }
}

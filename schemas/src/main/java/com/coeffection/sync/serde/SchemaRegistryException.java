package com.coeffection.sync.serde;

/**
 * The schema registry could not be used: unreachable, answering with a server error, refusing a schema as
 * incompatible, or rejecting a request. {@link #retryable()} says whether trying again later can help.
 */
public final class SchemaRegistryException extends SerdeException {

    /** What went wrong with the registry. */
    public enum Kind {
        /** Connection refused, timeout, or an HTTP 5xx: try again later. */
        UNAVAILABLE(true),
        /** HTTP 409: the schema is not compatible with the subject's earlier versions. */
        INCOMPATIBLE(false),
        /** HTTP 422 or another 4xx: the request or schema is invalid. */
        REJECTED(false),
        /** HTTP 401/403: credentials missing or refused. */
        UNAUTHORIZED(false),
        /** The subject or schema is not registered and auto-registration is off. */
        NOT_REGISTERED(false);

        private final boolean retryable;

        Kind(boolean retryable) {
            this.retryable = retryable;
        }
    }

    private final Kind kind;
    private final int httpStatus;
    private final int registryErrorCode;

    public SchemaRegistryException(Kind kind, String message, int httpStatus, int registryErrorCode, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.httpStatus = httpStatus;
        this.registryErrorCode = registryErrorCode;
    }

    public Kind kind() {
        return kind;
    }

    public boolean retryable() {
        return kind.retryable;
    }

    /** The HTTP status, or 0 when no answer came. */
    public int httpStatus() {
        return httpStatus;
    }

    /** The registry's own {@code error_code}, or 0. */
    public int registryErrorCode() {
        return registryErrorCode;
    }

    @Override
    public String errorCode() {
        return "SCHEMA_REGISTRY_" + kind.name();
    }
}

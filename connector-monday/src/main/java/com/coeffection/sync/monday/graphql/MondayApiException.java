package com.coeffection.sync.monday.graphql;

/** A single operation failed; {@link #failure()} says how the caller should react. */
public final class MondayApiException extends RuntimeException {
    private final transient MondayFailure failure;

    public MondayApiException(String operation, MondayFailure failure) {
        super("monday " + operation + " failed: " + failure.code() + ": " + failure.message()
                + (failure.requestId() == null ? "" : " (request " + failure.requestId() + ")"));
        this.failure = failure;
    }

    public MondayFailure failure() {
        return failure;
    }
}

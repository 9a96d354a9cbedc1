package com.coeffection.sync.backfill;

/**
 * Coeffection's API refused a request for good: the key is not valid (401/403), the entity does not exist (404),
 * or retries of a failing request ran out. The message says what to fix; the key is never in it.
 */
public final class CoeffectionApiException extends RuntimeException {
    private final int status;

    public CoeffectionApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The HTTP status of the last answer, or -1 when there was none (network). */
    public int status() {
        return status;
    }
}

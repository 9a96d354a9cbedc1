package com.coeffection.sync.monday.sink.retry;

import java.time.Instant;

/**
 * Whether a monday connection (one API token) may be used now. Every write of a connection that is not
 * {@link Ready} waits in memory and holds back its offsets; nothing is sent until the state allows it.
 */
public sealed interface ConnectionState {
    /** Whether a request may be sent at {@code now}. */
    boolean allowsSendingAt(Instant now);

    /** Requests may go. */
    record Ready() implements ConnectionState {
        public boolean allowsSendingAt(Instant now) {
            return true;
        }
    }

    /**
     * A whole request failed with a retryable error (5xx, 429, budget exhausted, timeout): nothing goes until
     * {@code until}.
     */
    record BackingOff(Instant until, String code, String message) implements ConnectionState {
        public boolean allowsSendingAt(Instant now) {
            return !now.isBefore(until);
        }
    }

    /**
     * monday refused the token: nothing goes until a different token is configured (the token provider is read
     * again on every check, so a new token resumes the connection without a restart).
     */
    record Revoked(String revokedToken, Instant since, String code, String message, String requestId)
            implements ConnectionState {
        public boolean allowsSendingAt(Instant now) {
            return false;
        }
    }

    /** The account's daily call limit is used up: nothing goes until monday resets it. */
    record DailyLimit(Instant until, String message) implements ConnectionState {
        public boolean allowsSendingAt(Instant now) {
            return !now.isBefore(until);
        }
    }
}

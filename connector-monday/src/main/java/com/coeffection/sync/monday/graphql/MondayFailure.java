package com.coeffection.sync.monday.graphql;

import java.time.Duration;
import java.time.Instant;

/**
 * Why monday did not do something, as the caller must react to it. Every error shape monday answers with maps to
 * exactly one of these; {@link #code()} and {@link #message()} keep monday's own words for the sync history.
 */
public sealed interface MondayFailure {
    /** monday's error code ({@code extensions.code}, legacy {@code error_code}) or the client's own for transport failures. */
    String code();

    /** monday's message, for support. */
    String message();

    /** monday's request id when it gave one. */
    String requestId();

    /**
     * Try the same thing again after {@code delay}: budget exhausted, HTTP 429, too many concurrent requests, 5xx, timeouts. The delay honours monday's {@code retry_in_seconds} and {@code Retry-After}.
     *
     * @param budgetExhausted whether monday said the complexity budget is exhausted
     */
    record RetryLater(Duration delay, String code, String message, String requestId, boolean budgetExhausted)
            implements MondayFailure {
        /** The client's code for a request that got no answer within the call timeout. */
        public static final String TIMEOUT = "TIMEOUT";

        /** Whether the request got no answer within the call timeout (monday may or may not have carried it out). */
        public boolean timedOut() {
            return TIMEOUT.equals(code);
        }
    }

    /**
     * monday has locked the board (HTTP 423, {@code RESOURCE_LOCKED}): only changes of that board wait, for
     * {@code delay}; the connection and the other boards go on.
     */
    record BoardLocked(Duration delay, String code, String message, String requestId) implements MondayFailure {
    }

    /**
     * This item's change can never succeed as sent (a value the column rejects, an id that does not exist, a
     * request monday's schema rejects). Retrying is pointless; the change goes to history and the dead letters.
     *
     * @param columnId   the column monday blamed, when it named one
     * @param columnType the column's type, when monday named it ({@code error_data.column_type})
     */
    record Permanent(String code, String message, String requestId, String columnId, String columnType)
            implements MondayFailure {
    }

    /**
     * The token no longer works (401, unauthorised): the connection must be reconnected in Admin Settings by an
     * account with access; nothing for this connection should be sent until then.
     */
    record ConnectionRevoked(String code, String message, String requestId) implements MondayFailure {
    }

    /** The account's daily call limit is used up; calls resume at {@code resumeAt} (midnight UTC). */
    record DailyLimitReached(Instant resumeAt, String code, String message, String requestId) implements MondayFailure {
    }
}

package com.coeffection.sync.monday.sink;

import com.coeffection.sync.monday.graphql.MondayFailure;

/**
 * Why a command was not delivered, as the dead-letter topic, the history and the results carry it.
 *
 * @param errorType the typed error: {@code MONDAY_PERMANENT}, {@code MONDAY_RETRIES_EXHAUSTED},
 *                  {@code RECONNECT_NEEDED}, {@code COLUMN_VALUE}, {@code INVALID_COMMAND}, {@code NO_ITEM}, or a
 *                  serde code ({@code WIRE_FORMAT}, {@code UNKNOWN_SCHEMA_ID}, {@code AVRO_PAYLOAD})
 * @param code      monday's error code, or the sink's own when monday was not involved
 * @param message   monday's own message when monday refused, otherwise the sink's explanation
 * @param requestId monday's request id, when it gave one
 */
public record Failure(String errorType, String code, String message, String requestId) {
    /** A failure monday reported, under the given error type. */
    public static Failure fromMonday(String errorType, MondayFailure failure) {
        return new Failure(errorType, failure.code(), failure.message(), failure.requestId());
    }

    /** A failure found by the sink itself, before anything was sent. */
    public static Failure local(String errorType, String message) {
        return new Failure(errorType, errorType, message, null);
    }

    /** One line for a support person: what happened and monday's words. */
    public String reason() {
        return switch (errorType) {
            case "MONDAY_PERMANENT" -> "monday refused the change (" + code + "): " + message;
            case "MONDAY_RETRIES_EXHAUSTED" -> "monday kept failing (" + code + ") and the sink gave up: " + message;
            case "RECONNECT_NEEDED" -> "monday refused the connection's token (" + code + "): " + message
                    + ". Reconnect monday.com in Admin Settings -> Integrations.";
            default -> message;
        };
    }
}

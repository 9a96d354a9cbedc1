package com.coeffection.sync.monday.sink;

import com.coeffection.sync.contract.ErrorType;
import com.coeffection.sync.monday.graphql.MondayFailure;

/**
 * Why a command (or one column of it) was not delivered, as the dead-letter topic and the results carry it.
 *
 * @param errorType the typed error of the shared contract ({@link ErrorType})
 * @param code      monday's error code, or the sink's own when monday was not involved ({@code NO_ITEM},
 *                  {@code COLUMN_VALUE}, a serde code such as {@code WIRE_FORMAT})
 * @param message   monday's own message when monday refused, otherwise the sink's explanation
 * @param requestId monday's request id, when it gave one
 */
public record Failure(ErrorType errorType, String code, String message, String requestId) {
    /** A failure monday reported, under the given error type. */
    public static Failure fromMonday(ErrorType errorType, MondayFailure failure) {
        return new Failure(errorType, failure.code(), failure.message(), failure.requestId());
    }

    /** A failure found by the sink itself, before anything was sent; {@code code} says what exactly. */
    public static Failure local(ErrorType errorType, String code, String message) {
        return new Failure(errorType, code, message, null);
    }

    /** The error type of a record the serde could not read ({@code WIRE_FORMAT}, {@code UNKNOWN_SCHEMA_ID}, ...). */
    public static ErrorType ofSerdeCode(String code) {
        ErrorType type = ErrorType.parse(code);
        return type == ErrorType.OTHER ? ErrorType.UNDECODABLE : type;
    }

    /** One line for a support person: what happened and monday's words. */
    public String reason() {
        return switch (errorType) {
            case MONDAY_PERMANENT -> "monday refused the change (" + code + "): " + message;
            case MONDAY_COLUMN_REFUSED -> "monday refused this column's value (" + code + "): " + message
                    + "; the other columns were delivered";
            case MONDAY_RETRIES_EXHAUSTED -> "monday kept failing (" + code + ") and the sink gave up: " + message;
            case RECONNECT_NEEDED -> "monday refused the connection's token (" + code + "): " + message
                    + ". Reconnect monday.com in Admin Settings -> Integrations.";
            default -> message;
        };
    }
}

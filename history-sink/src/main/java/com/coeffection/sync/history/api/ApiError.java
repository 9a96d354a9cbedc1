package com.coeffection.sync.history.api;

/**
 * The body of every error answer.
 *
 * @param error   a stable code: UNAUTHENTICATED, FORBIDDEN, BAD_REQUEST, UNKNOWN_RECORD, UNKNOWN_ENTRY,
 *                NOT_RETRYABLE, NOT_READY, INSTANCE_UNAVAILABLE, KAFKA_UNAVAILABLE, INTERNAL_ERROR
 * @param message what is wrong and what to do, for a person
 */
public record ApiError(String error, String message) {
}

package com.coeffection.sync.contract;

import java.util.Locale;

/**
 * Every kind of failure one part of the pipeline reports to another, to support staff and to the metrics: the
 * {@code errorType} of a dead letter, of a REJECTED or FAILED history entry, and the {@code error_type} tag of the
 * dead-letter counters. The names are stable: dashboards, alert rules and replay filters use them. New kinds are
 * appended; a name is never reused for another meaning.
 *
 * <p>Each kind says whether retrying the same input unchanged can succeed ({@link #retryable()}): a bad input never
 * can (it is kept and replayed once fixed), an outage can (the part waits and retries instead of dead-lettering).
 */
public enum ErrorType {
    // --- bytes that cannot be read (any part) ---
    /** The bytes are not in the Confluent wire format (no magic byte, too short). */
    WIRE_FORMAT(false, "not in the Confluent wire format"),
    /** The schema id in the bytes is unknown to the registry. */
    UNKNOWN_SCHEMA_ID(false, "schema id unknown to the registry"),
    /** The Avro body does not decode with its writer schema. */
    UNDECODABLE(false, "Avro body does not decode"),
    /** The record key is not of the documented shape for its topic. */
    BAD_RECORD_KEY(false, "record key of the wrong shape"),

    // --- webhook bodies (ingress) ---
    MALFORMED_JSON(false, "webhook body is not JSON"),
    INVALID_PAYLOAD(false, "webhook body misses a required field or has the wrong type"),
    INVALID_TENANT(false, "tenant in the URL is not a usable tenant id"),
    TENANT_MISMATCH(false, "payload names another tenant than the URL"),
    UNKNOWN_EVENT_TYPE(false, "webhook event of a type this pipeline does not sync (kept)"),
    NOT_AN_ITEM_EVENT(false, "monday event about a board or group, not an item (kept)"),
    FIELD_TYPE_MISMATCH(false, "a field value does not fit its mapped type"),

    // --- mapping and values (processor) ---
    UNKNOWN_TENANT(false, "no board mapping for the tenant"),
    UNKNOWN_ENTITY_TYPE(false, "no board mapping for the entity type"),
    UNKNOWN_BOARD(false, "no board mapping for the monday board"),
    UNMAPPED_FIELD(false, "a Coeffection field with no mapped column"),
    UNMAPPED_COLUMN(false, "a monday column with no mapped field"),
    UNMAPPED_LABEL(false, "a status label with no mapped stage"),
    WRONG_VALUE_TYPE(false, "a value of another type than its field or column"),
    EMPTY_VALUE(false, "a required value is empty"),
    INVALID_COMMAND(false, "a monday command that cannot be sent as written"),
    /** Several fields of one input are bad, in different ways (each field's reason is in the dead letter). */
    BAD_FIELDS(false, "several fields bad in different ways"),
    /** The published board mapping cannot be decoded. */
    MAPPING_UNREADABLE(false, "the published board mapping cannot be read"),
    /** A request (sync.control) about a record the processor has never seen. */
    UNKNOWN_RECORD(false, "no such record known to the processor"),
    /** An unexpected failure while processing one input; the input is kept so it can be replayed once fixed. */
    PROCESSING_FAILED(false, "processing this input failed unexpectedly"),

    // --- monday deliveries (sink) ---
    /** monday refused the request for good (bad ids, a value it will never take). */
    MONDAY_PERMANENT(false, "monday refused the request"),
    /** monday refused the value of one column; the other columns were delivered. */
    MONDAY_COLUMN_REFUSED(false, "monday refused one column's value"),
    /** Retried the configured number of times without success. */
    MONDAY_RETRIES_EXHAUSTED(true, "monday kept failing; retries exhausted"),
    /** The tenant's token was refused; delivery resumes after a reconnect. */
    RECONNECT_NEEDED(true, "monday refused the token; reconnect needed"),
    /** The account's daily call limit was reached; delivery resumes after monday's reset. */
    DAILY_LIMIT(true, "monday's daily limit reached"),
    /** The board is locked (HTTP 423). */
    BOARD_LOCKED(true, "the monday board is locked"),
    /** A person (email or monday user id) that cannot be resolved on the other side. */
    UNKNOWN_PERSON(false, "a person that cannot be resolved on the other side"),
    /**
     * A person chosen on monday whose email monday could not be asked for (no token for the tenant, monday
     * unreachable or too slow); the value went on with the monday user id only. A later change resolves it.
     */
    PERSON_UNRESOLVED(true, "a person chosen on monday whose email could not be looked up"),

    // --- infrastructure (any part): never dead-lettered, the part waits and retries ---
    REGISTRY_UNAVAILABLE(true, "schema registry unreachable"),
    BROKER_UNAVAILABLE(true, "Kafka broker unreachable or timed out"),

    /** A name this version does not know (written by a newer part). */
    OTHER(false, "other");

    private final boolean retryable;
    private final String summary;

    ErrorType(boolean retryable, String summary) {
        this.retryable = retryable;
        this.summary = summary;
    }

    /** Whether the same input, unchanged, can succeed later (an outage rather than a bad input). */
    public boolean retryable() {
        return retryable;
    }

    /** A few words for a support person. */
    public String summary() {
        return summary;
    }

    /** The kind with this name, or {@link #OTHER} for a name this version does not know (never throws). */
    public static ErrorType parse(String name) {
        if (name == null || name.isBlank()) {
            return OTHER;
        }
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return OTHER;
        }
    }
}

package com.coeffection.sync.ingress;

import com.coeffection.sync.contract.ErrorType;

/**
 * Every way a webhook body can be unusable. Each is answered with its HTTP status and kept in the dead-letter
 * topic with its reason; none is dropped. Each names the shared {@link ErrorType} of the same name, which is what the
 * dead letter, its headers and the dead-letter counter carry.
 */
public enum ProblemType {
    /** The body is not JSON. Answered 400. */
    MALFORMED_JSON(400),
    /** JSON, but a required field is missing or has the wrong type. Answered 400. */
    INVALID_PAYLOAD(400),
    /** The tenant in the URL is not a usable tenant id. Answered 400. */
    INVALID_TENANT(400),
    /** The payload names another tenant than the URL. Answered 400. */
    TENANT_MISMATCH(400),
    /** A well-formed event of a type this pipeline does not sync. Accepted (200) and kept. */
    UNKNOWN_EVENT_TYPE(200),
    /** A monday event that concerns no item (a board or group event). Accepted (200) and kept. */
    NOT_AN_ITEM_EVENT(200),
    /** A Coeffection field whose value does not fit its mapped field type; the other fields go through. */
    FIELD_TYPE_MISMATCH(200);

    private final int httpStatus;

    ProblemType(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    /** The status the sender gets: 400 for input it must fix, 200 for input accepted and kept for review. */
    public int httpStatus() {
        return httpStatus;
    }

    /** The shared error type this problem is reported as (dead letters, headers, metrics tags). */
    public ErrorType errorType() {
        return ErrorType.valueOf(name());
    }

    /** Whether the delivery is accepted (and kept) rather than refused. */
    public boolean accepted() {
        return httpStatus == 200;
    }
}

package com.coeffection.sync.ingress.coeffection;

import com.coeffection.sync.ingress.WebhookProblem;
import com.coeffection.sync.schema.RecordChange;

import java.util.List;

/** What one Coeffection webhook body turned out to be. */
public sealed interface CoeffectionDelivery {

    /**
     * A record change for {@code coeffection.record-changes} under {@code key}.
     *
     * @param mismatched mapped fields whose value did not fit the mapped type: left out of the change, kept as a
     *                   dead letter
     * @param untyped    unmapped fields whose JSON (an object, a mixed array) cannot be typed without a mapping:
     *                   left out of the change and counted; no board maps them, so nothing syncs them
     */
    record Change(String key, RecordChange change, List<FieldProblem> mismatched, List<String> untyped)
            implements CoeffectionDelivery {
    }

    /** A body that cannot become a record change; kept in the dead-letter topic. */
    record Unusable(WebhookProblem problem, String recordKey) implements CoeffectionDelivery {
    }

    /** One field left out of a change, and why. */
    record FieldProblem(String field, String reason) {
    }
}

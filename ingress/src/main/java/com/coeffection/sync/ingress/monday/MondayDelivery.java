package com.coeffection.sync.ingress.monday;

import com.coeffection.sync.ingress.WebhookProblem;
import com.coeffection.sync.schema.MondayItemEvent;

/** What one monday webhook body turned out to be. */
public sealed interface MondayDelivery {

    /** The handshake monday sends when a webhook is created: echo {@code challenge} back. */
    record Challenge(String challenge) implements MondayDelivery {
    }

    /** An event about an item, ready for {@code monday.item-events} under {@code key}. */
    record ItemEvent(String key, MondayItemEvent event) implements MondayDelivery {
    }

    /** A body that cannot become an item event; kept in the dead-letter topic. */
    record Unusable(WebhookProblem problem, String triggerUuid, Long boardId, String deliveredType) implements MondayDelivery {
    }
}

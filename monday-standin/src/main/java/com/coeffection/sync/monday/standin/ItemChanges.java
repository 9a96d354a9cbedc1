package com.coeffection.sync.monday.standin;

import com.coeffection.sync.monday.standin.StandInState.Group;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.Map;

/** What the stand-in's state reports of each change to an item, for its webhooks. */
final class ItemChanges {
    private ItemChanges() {
    }

    /** A change to an item, as webhooks report it. */
    sealed interface Change {
        long boardId();

        /** The item changed (webhooks of one item are delivered in order). */
        long itemId();

        long userId();

        Instant at();
    }

    record ItemCreated(long boardId, long userId, Instant at, long itemId, String name, Group group,
                       Map<String, Object> webhookColumnValues) implements Change {
    }

    record ColumnChanged(long boardId, long userId, Instant at, long itemId, String itemName, String groupId,
                         String columnId, String columnType, String webhookType, String columnTitle,
                         JsonNode value, JsonNode previousValue) implements Change {
    }

    record NameChanged(long boardId, long userId, Instant at, long itemId, String groupId, String name, String previousName)
            implements Change {
    }

    record ItemRemoved(long boardId, long userId, Instant at, long itemId, String itemName, boolean deleted) implements Change {
    }

    record ItemMoved(long boardId, long userId, Instant at, long itemId, String itemName, String fromGroup, String toGroup)
            implements Change {
    }
}

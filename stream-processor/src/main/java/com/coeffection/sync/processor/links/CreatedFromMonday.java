package com.coeffection.sync.processor.links;

import com.coeffection.sync.schema.FieldChange;
import com.coeffection.sync.schema.MondayEventKind;
import com.coeffection.sync.schema.MondayItemEvent;
import com.coeffection.sync.schema.RecordChange;
import com.coeffection.sync.schema.RecordOperation;
import com.coeffection.sync.topics.RecordKeys;

import java.util.OptionalLong;

/**
 * Records that Coeffection creates from monday items (a mapping with {@code createFromMonday}). A person's new item
 * that no record is linked to is handled as the item of a <em>provisional</em> record, {@code monday-item-<itemId>}:
 * the processor merges its values as for any item and sends Coeffection a RecordUpdate with operation CREATE. The
 * Coeffection service creates the record under its own id with the item's id in its "Monday Item ID" field, and
 * publishes the creation with the update's id as causation id; that change links the new record to the item.
 *
 * <p>The provisional record's state stays in the store: a CREATE_ITEM event delivered again finds its values already
 * sent and creates nothing a second time.
 */
public final class CreatedFromMonday {
    /** The prefix of provisional record ids. */
    public static final String PREFIX = "monday-item-";

    private CreatedFromMonday() {
    }

    /** The provisional record id of a new monday item. */
    public static String provisionalId(long itemId) {
        return PREFIX + itemId;
    }

    /** The provisional record key of a new monday item of a board mapped to {@code entityType}. */
    public static String provisionalKey(String tenantId, String entityType, long itemId) {
        return RecordKeys.recordKey(tenantId, entityType, provisionalId(itemId));
    }

    public static boolean isProvisional(String recordId) {
        return recordId != null && recordId.startsWith(PREFIX);
    }

    /**
     * Whether the event is a person's new item (one that may create a record or be matched to one): created by a user
     * other than the integration's own. False when the integration's user is not known, as its items could not be
     * told from a person's.
     */
    public static boolean isPersonsNewItem(MondayItemEvent event, Long integrationUserId) {
        return integrationUserId != null && event.getKind() == MondayEventKind.CREATE_ITEM && event.getUserId() != null
                && !event.getUserId().equals(integrationUserId);
    }

    /**
     * The monday item a Coeffection change says it was created from: a creation that applies one of our updates
     * (causation id set) and carries the "Monday Item ID" field.
     */
    public static OptionalLong createdFrom(RecordChange change) {
        if (change.getOperation() != RecordOperation.CREATE || change.getCausationId() == null) {
            return OptionalLong.empty();
        }
        for (FieldChange field : change.getFields()) {
            if (ManualLink.isManualLinkField(field.getField())) {
                return ManualLink.itemId(field.getValue());
            }
        }
        return OptionalLong.empty();
    }
}

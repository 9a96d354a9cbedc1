package com.coeffection.sync.ingress.monday;

import com.coeffection.sync.ingress.ProblemType;
import com.coeffection.sync.ingress.WebhookProblem;
import com.coeffection.sync.schema.MondayEventKind;
import com.coeffection.sync.schema.MondayItemEvent;
import com.coeffection.sync.topics.RecordKeys;
import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a monday webhook body into a {@link MondayDelivery}. The body is {@code {"challenge": ...}} for the
 * handshake, otherwise {@code {"event": {...}}} with the fields listed in monday's webhook documentation. monday
 * delivers another type name than the one subscribed to ({@code create_item} arrives as {@code create_pulse}),
 * so both spellings are understood; any other type is kept as {@link MondayEventKind#OTHER}.
 *
 * <p>Column values stay monday's own JSON documents, as text, unchanged: a cleared value is the text
 * {@code null}; a value absent from the event is an Avro null.
 */
public final class MondayWebhookParser {

    private static final Map<String, MondayEventKind> KINDS = kinds();

    private static Map<String, MondayEventKind> kinds() {
        Map<String, MondayEventKind> kinds = new LinkedHashMap<>();
        for (String type : new String[]{"create_pulse", "create_item"}) {
            kinds.put(type, MondayEventKind.CREATE_ITEM);
        }
        for (String type : new String[]{"update_column_value", "change_column_value", "change_status_column_value",
                "change_specific_column_value"}) {
            kinds.put(type, MondayEventKind.UPDATE_COLUMN_VALUE);
        }
        for (String type : new String[]{"update_name", "change_name"}) {
            kinds.put(type, MondayEventKind.UPDATE_NAME);
        }
        for (String type : new String[]{"delete_pulse", "item_deleted", "delete_item"}) {
            kinds.put(type, MondayEventKind.DELETE_ITEM);
        }
        for (String type : new String[]{"move_pulse_into_group", "item_moved_to_any_group", "item_moved_to_specific_group"}) {
            kinds.put(type, MondayEventKind.MOVE_TO_GROUP);
        }
        for (String type : new String[]{"archive_pulse", "item_archived", "archive_item"}) {
            kinds.put(type, MondayEventKind.ARCHIVE_ITEM);
        }
        for (String type : new String[]{"restore_pulse", "unarchive_pulse", "item_restored", "restore_item"}) {
            kinds.put(type, MondayEventKind.RESTORE_ITEM);
        }
        return Map.copyOf(kinds);
    }

    /** The kind of a delivered type name; {@link MondayEventKind#OTHER} for any type not listed. */
    public static MondayEventKind kindOf(String deliveredType) {
        return KINDS.getOrDefault(deliveredType.toLowerCase(Locale.ROOT), MondayEventKind.OTHER);
    }

    /**
     * Reads a parsed body.
     *
     * @param tenantId   the tenant from the URL
     * @param body       the parsed JSON object
     * @param rawBody    the body as delivered, kept in the event
     * @param receivedAt when the ingress received it (used only when monday sent no triggerTime)
     */
    public MondayDelivery parse(String tenantId, JsonNode body, String rawBody, Instant receivedAt) {
        JsonNode event = body.get("event");
        if (event == null || event.isNull()) {
            JsonNode challenge = body.get("challenge");
            if (challenge != null && challenge.isTextual()) {
                return new MondayDelivery.Challenge(challenge.asText());
            }
            return unusable(ProblemType.INVALID_PAYLOAD, "The body has neither an 'event' object nor a 'challenge'",
                    null, null, null);
        }
        if (!event.isObject()) {
            return unusable(ProblemType.INVALID_PAYLOAD, "'event' is JSON " + event.getNodeType().name().toLowerCase(Locale.ROOT)
                    + ", not an object", null, null, null);
        }
        String type = text(event, "type");
        String triggerUuid = text(event, "triggerUuid");
        if (type == null || type.isBlank()) {
            return unusable(ProblemType.INVALID_PAYLOAD, "The event has no 'type'", triggerUuid, null, null);
        }
        if (triggerUuid == null || triggerUuid.isBlank()) {
            return unusable(ProblemType.INVALID_PAYLOAD, "The " + type + " event has no 'triggerUuid'", null, null, type);
        }
        Long boardId;
        Long itemId;
        Long userId;
        Long subscriptionId;
        try {
            boardId = id(event, "boardId");
            itemId = id(event, "pulseId");
            if (itemId == null) {
                itemId = id(event, "itemId");
            }
            userId = id(event, "userId");
            subscriptionId = id(event, "subscriptionId");
        } catch (NotAnIdException e) {
            return unusable(ProblemType.INVALID_PAYLOAD, "The " + type + " event " + triggerUuid + ": " + e.getMessage(),
                    triggerUuid, null, type);
        }
        if (boardId == null) {
            return unusable(ProblemType.INVALID_PAYLOAD, "The " + type + " event " + triggerUuid + " has no 'boardId'",
                    triggerUuid, null, type);
        }
        MondayEventKind kind = kindOf(type);
        if (itemId == null) {
            ProblemType problem = kind == MondayEventKind.OTHER ? ProblemType.NOT_AN_ITEM_EVENT : ProblemType.INVALID_PAYLOAD;
            return unusable(problem, "The " + type + " event " + triggerUuid + " on board " + boardId
                    + " names no item ('pulseId' or 'itemId')", triggerUuid, boardId, type);
        }
        Instant triggerTime;
        Instant changedAt;
        try {
            triggerTime = instant(event, "triggerTime", receivedAt);
            changedAt = epochSeconds(event, "changedAt");
        } catch (DateTimeParseException | NumberFormatException | ArithmeticException e) {
            return unusable(ProblemType.INVALID_PAYLOAD, "The " + type + " event " + triggerUuid + " has an unreadable time: "
                    + e.getMessage(), triggerUuid, boardId, type);
        }

        MondayItemEvent.Builder out = MondayItemEvent.newBuilder()
                .setTriggerUuid(triggerUuid)
                .setOriginalTriggerUuid(text(event, "originalTriggerUuid"))
                .setTenantId(tenantId)
                .setBoardId(boardId)
                .setItemId(itemId)
                .setKind(kind)
                .setDeliveredType(type)
                .setUserId(userId)
                .setTriggerTime(triggerTime)
                .setChangedAt(changedAt)
                .setSubscriptionId(subscriptionId)
                .setIsRetry(event.path("isRetry").asBoolean(false))
                .setRawEvent(rawBody)
                .setItemName(firstText(event, "pulseName", "itemName"))
                .setColumnId(text(event, "columnId"))
                .setColumnType(text(event, "columnType"))
                .setValue(json(event, "value"))
                .setPreviousValue(json(event, "previousValue"))
                .setColumnValues(columnValues(event.get("columnValues")));
        if (kind == MondayEventKind.MOVE_TO_GROUP) {
            out.setGroupId(firstText(event, "destGroupId", "groupId"));
            out.setPreviousGroupId(text(event, "sourceGroupId"));
        } else {
            out.setGroupId(text(event, "groupId"));
        }
        if (kind == MondayEventKind.UPDATE_NAME) {
            JsonNode name = event.path("value").path("name");
            if (name.isTextual()) {
                out.setItemName(name.asText());
            }
        }
        return new MondayDelivery.ItemEvent(RecordKeys.itemKey(tenantId, boardId, itemId), out.build());
    }

    private static MondayDelivery.Unusable unusable(ProblemType type, String message, String triggerUuid, Long boardId,
                                                    String deliveredType) {
        return new MondayDelivery.Unusable(new WebhookProblem(type, message), triggerUuid, boardId, deliveredType);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || value.isContainerNode()) {
            return null;
        }
        return value.asText();
    }

    private static String firstText(JsonNode node, String first, String second) {
        String value = text(node, first);
        return value != null ? value : text(node, second);
    }

    /** monday's JSON document as text, unchanged: {@code null} text for a JSON null, Avro null when absent. */
    private static String json(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null ? null : value.toString();
    }

    private static Map<String, String> columnValues(JsonNode values) {
        Map<String, String> out = new LinkedHashMap<>();
        if (values != null && values.isObject()) {
            values.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().toString()));
        }
        return out;
    }

    /** A monday id: a JSON integer or a string of digits (monday sends both); null when absent. */
    private static Long id(JsonNode node, String field) throws NotAnIdException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return value.asLong();
        }
        if (value.isTextual()) {
            try {
                return Long.parseLong(value.asText().trim());
            } catch (NumberFormatException e) {
                throw new NotAnIdException("'" + field + "' is not a number: '" + value.asText() + "'");
            }
        }
        throw new NotAnIdException("'" + field + "' is not a whole number: " + value);
    }

    private static Instant instant(JsonNode node, String field, Instant fallback) {
        String value = text(node, field);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            return OffsetDateTime.parse(value).toInstant();
        }
    }

    /** Fractional epoch seconds to an instant, kept to the microsecond. */
    private static Instant epochSeconds(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        BigDecimal seconds = value.isNumber() ? value.decimalValue() : new BigDecimal(value.asText().trim());
        BigDecimal micros = seconds.movePointRight(6).setScale(0, RoundingMode.HALF_EVEN);
        long totalMicros = micros.longValueExact();
        return Instant.ofEpochSecond(Math.floorDiv(totalMicros, 1_000_000L), Math.floorMod(totalMicros, 1_000_000L) * 1000L);
    }

    private static final class NotAnIdException extends Exception {
        NotAnIdException(String message) {
            super(message);
        }
    }
}

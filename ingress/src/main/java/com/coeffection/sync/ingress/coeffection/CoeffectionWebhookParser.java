package com.coeffection.sync.ingress.coeffection;

import com.coeffection.sync.ingress.ProblemType;
import com.coeffection.sync.ingress.WebhookProblem;
import com.coeffection.sync.schema.Actor;
import com.coeffection.sync.schema.ActorKind;
import com.coeffection.sync.schema.FieldChange;
import com.coeffection.sync.schema.RecordChange;
import com.coeffection.sync.topics.RecordKeys;
import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Turns a Coeffection webhook body into a {@link RecordChange}. The body is Coeffection's outbound webhook payload:
 * <pre>{"event": "contact.updated", "tenantId": "...", "timestamp": "2024-04-15T10:30:00Z", "data": {"id": "...", ...}}</pre>
 * Every member of {@code data} other than {@code id} becomes a field change whose change time is the webhook's
 * {@code timestamp}, except the record's own metadata ({@code createdAt}, {@code updatedAt}), which are not fields.
 * Optional members this ingress also reads: {@code eventId} (else the id is derived from the body, so a resent body
 * is recognised), {@code actor} ({@code {kind, id, name, email}}), {@code causationId} (set by a Coeffection service
 * when the change applies an update the pipeline sent) and {@code changedFields}: for an update whose {@code data}
 * is the full record, the names of the fields this change set. Only those become field changes, so a field edited
 * in monday a moment earlier is not overridden by the unchanged value the full record still carries.
 */
public final class CoeffectionWebhookParser {
    private final BiFunction<String, String, Map<String, String>> fieldTypes;

    /** @param fieldTypes tenant and entity type to the mapped field types (field name to Coeffection type) */
    public CoeffectionWebhookParser(BiFunction<String, String, Map<String, String>> fieldTypes) {
        this.fieldTypes = fieldTypes;
    }

    /**
     * Reads a parsed body posted for {@code tenantId}.
     *
     * @param rawBody the body as delivered, for the derived event id
     */
    public CoeffectionDelivery parse(String tenantId, JsonNode body, byte[] rawBody) {
        String event = text(body, "event");
        if (event == null || event.isBlank()) {
            return unusable(ProblemType.INVALID_PAYLOAD, "The body has no 'event' (e.g. \"contact.updated\")", null);
        }
        String payloadTenant = text(body, "tenantId");
        if (payloadTenant == null || payloadTenant.isBlank()) {
            return unusable(ProblemType.INVALID_PAYLOAD, "The " + event + " body has no 'tenantId'", null);
        }
        if (!payloadTenant.equals(tenantId)) {
            return unusable(ProblemType.TENANT_MISMATCH, "The " + event + " body is for tenant '" + payloadTenant
                    + "' but was posted to the URL of tenant '" + tenantId + "': fix the webhook URL in Coeffection", null);
        }
        JsonNode data = body.get("data");
        if (data == null || !data.isObject()) {
            return unusable(ProblemType.INVALID_PAYLOAD, "The " + event + " body has no 'data' object", null);
        }
        Instant timestamp;
        try {
            timestamp = instant(text(body, "timestamp"));
        } catch (DateTimeParseException e) {
            return unusable(ProblemType.INVALID_PAYLOAD, "The " + event + " body has an unreadable 'timestamp' ("
                    + e.getParsedString() + "): an ISO-8601 instant such as 2024-04-15T10:30:00Z is expected", null);
        }
        if (timestamp == null) {
            return unusable(ProblemType.INVALID_PAYLOAD, "The " + event + " body has no 'timestamp'", null);
        }
        JsonNode idNode = data.get("id");
        String recordId = idNode == null || idNode.isNull() || idNode.isContainerNode() ? null : idNode.asText();
        Optional<CoeffectionEventName> name = CoeffectionEventName.parse(event);
        if (name.isEmpty()) {
            return unusable(ProblemType.UNKNOWN_EVENT_TYPE, "The event type '" + event + "' is not one this pipeline "
                    + "syncs (<entity>.created, <entity>.updated or <entity>.deleted); it is kept for review", null);
        }
        if (recordId == null || recordId.isBlank()) {
            return unusable(ProblemType.INVALID_PAYLOAD, "The " + event + " body has no 'data.id'", null);
        }

        String entityType = name.get().entityType();
        String recordKey = RecordKeys.recordKey(tenantId, entityType, recordId);
        Map<String, String> types = fieldTypes.apply(tenantId, entityType);
        List<FieldChange> fields = new ArrayList<>();
        List<CoeffectionDelivery.FieldProblem> mismatched = new ArrayList<>();
        List<String> untyped = new ArrayList<>();
        java.util.Set<String> changedOnly = changedFields(body);
        Iterator<Map.Entry<String, JsonNode>> members = data.fields();
        while (members.hasNext()) {
            Map.Entry<String, JsonNode> member = members.next();
            String field = member.getKey();
            if (RECORD_METADATA.contains(field) || (changedOnly != null && !changedOnly.contains(field))) {
                continue;
            }
            String fieldType = types.get(field);
            FieldTyper.Typing typing = FieldTyper.type(fieldType, member.getValue());
            if (typing instanceof FieldTyper.Typed typed) {
                fields.add(new FieldChange(field, typed.value(), timestamp));
            } else if (typing instanceof FieldTyper.Untypeable bad) {
                if (fieldType != null) {
                    mismatched.add(new CoeffectionDelivery.FieldProblem(field, bad.reason()));
                } else {
                    untyped.add(field);
                }
            }
        }
        RecordChange change = RecordChange.newBuilder()
                .setEventId(eventId(body, tenantId, rawBody))
                .setTenantId(tenantId)
                .setEntityType(entityType)
                .setRecordId(recordId)
                .setOperation(name.get().operation())
                .setActor(actor(body.get("actor")))
                .setOccurredAt(timestamp)
                .setFields(fields)
                .setCausationId(text(body, "causationId"))
                .build();
        return new CoeffectionDelivery.Change(recordKey, change, List.copyOf(mismatched), List.copyOf(untyped));
    }

    /** Members of a record's {@code data} that describe the record, not fields of it. */
    static final java.util.Set<String> RECORD_METADATA = java.util.Set.of("id", "createdAt", "updatedAt");

    /** The names in the body's {@code changedFields} array, or null when it has none (every member is a change). */
    private static java.util.Set<String> changedFields(JsonNode body) {
        JsonNode changed = body.get("changedFields");
        if (changed == null || !changed.isArray()) {
            return null;
        }
        java.util.Set<String> names = new java.util.HashSet<>();
        changed.forEach(n -> {
            if (n.isTextual()) {
                names.add(n.asText());
            }
        });
        return names;
    }

    /** The body's own {@code eventId}, else {@code cw-} and 32 hex digits of SHA-256 over tenant and body. */
    static String eventId(JsonNode body, String tenantId, byte[] rawBody) {
        String given = text(body, "eventId");
        if (given != null && !given.isBlank()) {
            return given;
        }
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(tenantId.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(rawBody);
            return "cw-" + HexFormat.of().formatHex(digest.digest()).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static Actor actor(JsonNode actor) {
        if (actor == null || !actor.isObject()) {
            return new Actor(ActorKind.UNKNOWN, null, null, null);
        }
        ActorKind kind = ActorKind.USER;
        String kindText = text(actor, "kind");
        if (kindText != null) {
            try {
                kind = ActorKind.valueOf(kindText.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                kind = ActorKind.UNKNOWN;
            }
        }
        return new Actor(kind, text(actor, "id"), text(actor, "name"), text(actor, "email"));
    }

    private static Instant instant(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(text.trim());
        } catch (DateTimeParseException e) {
            return OffsetDateTime.parse(text.trim()).toInstant();
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || value.isContainerNode()) {
            return null;
        }
        return value.asText();
    }

    private static CoeffectionDelivery.Unusable unusable(ProblemType type, String message, String recordKey) {
        return new CoeffectionDelivery.Unusable(new WebhookProblem(type, message), recordKey);
    }
}

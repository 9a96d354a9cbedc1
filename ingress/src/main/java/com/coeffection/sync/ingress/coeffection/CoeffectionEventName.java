package com.coeffection.sync.ingress.coeffection;

import com.coeffection.sync.schema.RecordOperation;

import java.util.Locale;
import java.util.Optional;

/**
 * The entity type and operation named by a Coeffection webhook's {@code event}, e.g. {@code contact.created}:
 * the prefix is the entity ({@code contact} is Contact, {@code lead} Lead, {@code opportunity} Opportunity, a
 * custom entity its name capitalised), the suffix the operation ({@code created}, {@code updated},
 * {@code deleted}).
 *
 * @param entityType the entity type as the pipeline names it
 * @param operation  what happened to the record
 */
public record CoeffectionEventName(String entityType, RecordOperation operation) {

    /** The entity and operation of an event name, or empty when it is not {@code <entity>.<created|updated|deleted>}. */
    public static Optional<CoeffectionEventName> parse(String event) {
        if (event == null) {
            return Optional.empty();
        }
        int dot = event.lastIndexOf('.');
        if (dot <= 0 || dot == event.length() - 1) {
            return Optional.empty();
        }
        String prefix = event.substring(0, dot).trim();
        String suffix = event.substring(dot + 1).trim().toLowerCase(Locale.ROOT);
        RecordOperation operation = switch (suffix) {
            case "created" -> RecordOperation.CREATE;
            case "updated" -> RecordOperation.UPDATE;
            case "deleted" -> RecordOperation.DELETE;
            default -> null;
        };
        if (operation == null || prefix.isEmpty() || prefix.contains(":")) {
            return Optional.empty();
        }
        return Optional.of(new CoeffectionEventName(entityTypeOf(prefix), operation));
    }

    /** {@code contact} is Contact, {@code lead} Lead, {@code opportunity} Opportunity, anything else capitalised. */
    public static String entityTypeOf(String prefix) {
        return switch (prefix.toLowerCase(Locale.ROOT)) {
            case "contact" -> "Contact";
            case "lead" -> "Lead";
            case "opportunity" -> "Opportunity";
            default -> Character.toUpperCase(prefix.charAt(0)) + prefix.substring(1);
        };
    }
}

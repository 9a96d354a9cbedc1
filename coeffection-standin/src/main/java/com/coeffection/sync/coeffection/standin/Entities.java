package com.coeffection.sync.coeffection.standin;

import java.util.Locale;

/**
 * How Coeffection names an entity in its API paths, its webhook events and its record ids. The core entities are
 * {@code contacts} (Contact, ids {@code cnt_...}, events {@code contact.*}), {@code leads} (Lead, {@code led_...})
 * and {@code opportunities} (Opportunity, {@code opp_...}); any other path segment is a custom entity: its plural
 * path, the singular capitalised as the entity type ({@code projects} is Project), ids {@code ent_...}.
 */
public final class Entities {
    private Entities() {
    }

    /** The entity type of an API path segment, e.g. {@code opportunities} is Opportunity. */
    public static String typeOfPath(String path) {
        String p = path.toLowerCase(Locale.ROOT);
        return switch (p) {
            case "contacts" -> "Contact";
            case "leads" -> "Lead";
            case "opportunities" -> "Opportunity";
            default -> {
                String singular = p.endsWith("ies") ? p.substring(0, p.length() - 3) + "y"
                        : p.endsWith("s") ? p.substring(0, p.length() - 1) : p;
                yield Character.toUpperCase(singular.charAt(0)) + singular.substring(1);
            }
        };
    }

    /** The API path segment of an entity type, e.g. Opportunity is {@code opportunities}. */
    public static String pathOf(String entityType) {
        String singular = entityType.toLowerCase(Locale.ROOT);
        if (singular.endsWith("y")) {
            return singular.substring(0, singular.length() - 1) + "ies";
        }
        return singular + "s";
    }

    /** The prefix of the webhook event names of an entity type, e.g. Contact is {@code contact}. */
    public static String eventPrefix(String entityType) {
        return Character.toLowerCase(entityType.charAt(0)) + entityType.substring(1);
    }

    /** The prefix of record ids of an entity type. */
    public static String idPrefix(String entityType) {
        return switch (entityType) {
            case "Contact" -> "cnt_";
            case "Lead" -> "led_";
            case "Opportunity" -> "opp_";
            default -> "ent_";
        };
    }

    /** Whether a path segment can name an entity (lower-case letters only). */
    public static boolean isEntityPath(String path) {
        return path != null && path.matches("[a-z]{2,40}");
    }
}

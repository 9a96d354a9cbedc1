package com.coeffection.sync.backfill;

import java.util.Locale;

/** The API path of an entity type: Contact is {@code contacts}, Opportunity {@code opportunities}. */
final class EntityPaths {
    private EntityPaths() {
    }

    static String pathOf(String entityType) {
        String singular = entityType.toLowerCase(Locale.ROOT);
        return singular.endsWith("y") ? singular.substring(0, singular.length() - 1) + "ies" : singular + "s";
    }
}

package com.coeffection.sync.processor.mapping;

import com.coeffection.sync.schema.SyncDirection;

import java.util.Locale;
import java.util.Optional;

/** The direction words of a mapping file. */
public final class Directions {
    private Directions() {
    }

    /**
     * {@code two-way} (the default), {@code coeffection-to-monday}, {@code monday-to-coeffection} or
     * {@code do-not-sync}; the enum names are accepted too.
     */
    public static Optional<SyncDirection> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.of(SyncDirection.TWO_WAY);
        }
        String normalized = text.trim().toUpperCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
        return switch (normalized) {
            case "TWO_WAY", "BOTH" -> Optional.of(SyncDirection.TWO_WAY);
            case "COEFFECTION_TO_MONDAY" -> Optional.of(SyncDirection.COEFFECTION_TO_MONDAY);
            case "MONDAY_TO_COEFFECTION" -> Optional.of(SyncDirection.MONDAY_TO_COEFFECTION);
            case "DO_NOT_SYNC", "LOCKED" -> Optional.of(SyncDirection.DO_NOT_SYNC);
            default -> Optional.empty();
        };
    }
}

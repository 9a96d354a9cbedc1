package com.coeffection.sync.launcher.provisioning;

/**
 * The mark the sync leaves in the description of a board it creates, {@code [coeffection-sync tenant=acme
 * entity=Contact]}: how it finds that board again when the mapping that names it was never published (a crash
 * between creating the board and publishing the mapping) or was lost.
 */
public final class BoardMarker {
    private BoardMarker() {
    }

    public static String of(String tenantId, String entityType) {
        return "[coeffection-sync tenant=" + tenantId + " entity=" + entityType + "]";
    }

    /** The description of a board created for this tenant and entity type. */
    public static String description(String tenantId, String entityType) {
        return "Synced with Coeffection " + entityType + " records. " + of(tenantId, entityType)
                + " Do not remove this mark: it is how the sync finds this board again.";
    }

    public static boolean marks(String description, String tenantId, String entityType) {
        return description != null && description.contains(of(tenantId, entityType));
    }
}

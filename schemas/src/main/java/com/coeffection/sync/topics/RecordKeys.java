package com.coeffection.sync.topics;

/** The message keys of the contract: record key, item key and board key. */
public final class RecordKeys {
    private RecordKeys() {
    }

    /** {@code tenantId:entityType:recordId}. */
    public static String recordKey(String tenantId, String entityType, String recordId) {
        return tenantId + ':' + entityType + ':' + recordId;
    }

    /** {@code tenantId:boardId:itemId}. */
    public static String itemKey(String tenantId, long boardId, long itemId) {
        return tenantId + ':' + boardId + ':' + itemId;
    }

    /** {@code tenantId:boardId}: monday commands are keyed by board so one sink task owns a board's writes. */
    public static String boardKey(String tenantId, long boardId) {
        return tenantId + ':' + boardId;
    }

    /** {@code tenantId:entityType}: the board-mappings key. */
    public static String mappingKey(String tenantId, String entityType) {
        return tenantId + ':' + entityType;
    }
}

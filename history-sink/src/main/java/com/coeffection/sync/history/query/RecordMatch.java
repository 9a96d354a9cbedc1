package com.coeffection.sync.history.query;

/**
 * A record found by its id, an email address it holds or its monday item id, with its latest entry.
 *
 * @param lastStatus status of its newest entry
 * @param lastAt     when its newest entry occurred (ISO-8601)
 */
public record RecordMatch(String tenantId, String entityType, String recordId, Long boardId, Long itemId,
                          String lastStatus, String lastAt, String sortKey) {
}

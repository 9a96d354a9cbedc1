package com.coeffection.sync.processor.state;

import com.coeffection.sync.processor.merge.FieldState;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The processor's state for one record: per field its {@link FieldState} (value, change time, side, what each side
 * holds, last value sent to each side), and the monday item it is linked to.
 */
public final class RecordState {
    private final String tenantId;
    private final String entityType;
    private final String recordId;
    private Long boardId;
    private Long itemId;
    private String pendingCreateCommandId;
    private boolean deleted;
    private Long linkAwaitingIndex;
    private final Map<String, FieldState> fields = new TreeMap<>();
    private final Deque<String> recentRequests = new ArrayDeque<>();

    /** How many control request ids a record remembers, so a repeated request acts once. */
    public static final int RECENT_REQUESTS = 16;

    public RecordState(String tenantId, String entityType, String recordId) {
        this.tenantId = tenantId;
        this.entityType = entityType;
        this.recordId = recordId;
    }

    public String tenantId() {
        return tenantId;
    }

    public String entityType() {
        return entityType;
    }

    public String recordId() {
        return recordId;
    }

    public Long boardId() {
        return boardId;
    }

    public Long itemId() {
        return itemId;
    }

    public boolean linked() {
        return itemId != null && boardId != null;
    }

    public void link(long boardId, long itemId) {
        this.boardId = boardId;
        this.itemId = itemId;
        this.pendingCreateCommandId = null;
    }

    /** The id of the CREATE_ITEM command sent and not yet answered, or null. */
    public String pendingCreateCommandId() {
        return pendingCreateCommandId;
    }

    public void createRequested(long boardId, String commandId) {
        this.boardId = boardId;
        this.pendingCreateCommandId = commandId;
    }

    /**
     * A link this processor made by hand and published, which the link index may not show yet: until it does, an older
     * link still in the index does not override it. Null when none is awaited.
     */
    public Long linkAwaitingIndex() {
        return linkAwaitingIndex;
    }

    public void awaitLinkInIndex(Long itemId) {
        this.linkAwaitingIndex = itemId;
    }

    /** The item could not be created: the next Coeffection change asks again. */
    public void createFailed() {
        this.pendingCreateCommandId = null;
    }

    public boolean deleted() {
        return deleted;
    }

    public void markDeleted(boolean deleted) {
        this.deleted = deleted;
    }

    /** The field's state, created empty on first use. */
    public FieldState field(String field) {
        return fields.computeIfAbsent(field, k -> new FieldState());
    }

    public FieldState existingField(String field) {
        return fields.get(field);
    }

    /** All fields, by name. */
    public Map<String, FieldState> fields() {
        return fields;
    }

    /**
     * Remembers a control request id; false when it was seen already (the request then acts no second time). The
     * newest {@value #RECENT_REQUESTS} ids are kept.
     */
    public boolean rememberRequest(String requestId) {
        if (recentRequests.contains(requestId)) {
            return false;
        }
        recentRequests.addLast(requestId);
        while (recentRequests.size() > RECENT_REQUESTS) {
            recentRequests.removeFirst();
        }
        return true;
    }

    /** The remembered control request ids, oldest first. */
    public List<String> recentRequests() {
        return List.copyOf(recentRequests);
    }

    void restoreRequests(List<String> requestIds) {
        recentRequests.addAll(requestIds);
    }

    void restore(Long boardId, Long itemId, String pendingCreateCommandId, boolean deleted, Long linkAwaitingIndex,
                 Map<String, FieldState> fields) {
        this.linkAwaitingIndex = linkAwaitingIndex;
        this.boardId = boardId;
        this.itemId = itemId;
        this.pendingCreateCommandId = pendingCreateCommandId;
        this.deleted = deleted;
        this.fields.putAll(fields);
    }
}

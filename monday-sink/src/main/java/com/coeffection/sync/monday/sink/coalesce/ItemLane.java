package com.coeffection.sync.monday.sink.coalesce;

import org.apache.kafka.common.TopicPartition;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The pending changes of one record's monday item, in the order they must reach monday. Only the head is ever
 * sent; the next change waits until monday confirmed the head, so a move or an archive never overtakes an earlier
 * change of the same item.
 */
public final class ItemLane {
    private final String recordKey;
    private final String tenantId;
    private final String entityType;
    private final String recordId;
    private final long boardId;
    private final TopicPartition partition;
    private final Deque<ItemOp> ops = new ArrayDeque<>();
    private Long itemId;
    private String coeffectionIdColumn;

    ItemLane(PendingCommand first) {
        this.recordKey = first.recordKey();
        this.tenantId = first.command().getTenantId();
        this.entityType = first.command().getEntityType();
        this.recordId = first.command().getRecordId();
        this.boardId = first.boardId();
        this.partition = first.source().topicPartition();
    }

    public String recordKey() {
        return recordKey;
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

    public long boardId() {
        return boardId;
    }

    /** The commands-topic partition this record's commands come from. */
    public TopicPartition partition() {
        return partition;
    }

    /** The monday item, once a command named it or an ensure found or created it. */
    public Long itemId() {
        return itemId;
    }

    /** Learns the record's item (from a command or from monday) and fills it into the waiting changes. */
    public void itemId(long id) {
        this.itemId = id;
        for (ItemOp op : ops) {
            op.learnItem(id);
        }
    }

    /**
     * The board's column that carries the record's Coeffection ID, as the board mapping names it in the commands
     * (the latest command that names one wins); null when no command named one (the sink's default applies).
     */
    public String coeffectionIdColumn() {
        return coeffectionIdColumn;
    }

    void learnCoeffectionIdColumn(PendingCommand command) {
        String column = command.command().getCoeffectionIdColumnId();
        if (column != null && !column.isBlank()) {
            coeffectionIdColumn = column;
        }
    }

    /** The change to send next, or null. */
    public ItemOp head() {
        return ops.peekFirst();
    }

    /** The changes in order (for tests and diagnostics). */
    public List<ItemOp> ops() {
        return List.copyOf(ops);
    }

    public boolean isEmpty() {
        return ops.isEmpty();
    }

    ItemOp tail() {
        return ops.peekLast();
    }

    /** The waiting changes from the newest to the oldest. */
    java.util.Iterator<ItemOp> newestFirst() {
        return ops.descendingIterator();
    }

    void append(ItemOp op) {
        ops.addLast(op);
    }

    ItemOp removeHead() {
        return ops.pollFirst();
    }

    /** Replaces the head by {@code replacements} (an ensure that found its item becomes a write and maybe a move). */
    void replaceHead(List<ItemOp> replacements) {
        ops.pollFirst();
        for (int i = replacements.size() - 1; i >= 0; i--) {
            ops.addFirst(replacements.get(i));
        }
    }

    @Override
    public String toString() {
        return recordKey + " on board " + boardId + (itemId == null ? "" : " item " + itemId) + " " + ops.size() + " change(s)";
    }
}

package com.coeffection.sync.monday.sink.coalesce;

import com.coeffection.sync.monday.graphql.Model.ItemRef;
import com.coeffection.sync.monday.graphql.MondayOperation;
import com.coeffection.sync.monday.graphql.Operations;
import com.coeffection.sync.schema.ColumnWrite;
import com.coeffection.sync.values.FieldValues;
import com.fasterxml.jackson.databind.node.TextNode;

/** Write column values of an item ({@code change_multiple_column_values}). */
public final class WriteOp extends KnownItemOp {
    private final Columns columns = new Columns();
    private boolean foundByLookup;

    WriteOp(PendingCommand first, Long itemId) {
        super(first, itemId);
        columns.put(first);
    }

    /**
     * The write that replaces an ensure whose item monday already has (created before a crash, or by hand): the
     * ensure's values, and its item name when it differs from the item's.
     */
    public static WriteOp forFound(EnsureOp ensure, long itemId, String currentName) {
        WriteOp write = new WriteOp(ensure.commands().get(0), itemId);
        for (int i = 1; i < ensure.commands().size(); i++) {
            write.absorb(ensure.commands().get(i));
        }
        write.foundByLookup = true;
        write.inheritRefusals(ensure);
        write.columns.copyFrom(ensure.columns());
        String name = ensure.itemName();
        if (name != null && !name.equals(currentName) && !write.columns.has(NAME_COLUMN)) {
            PendingCommand last = ensure.commands().get(ensure.commands().size() - 1);
            ColumnWrite nameWrite = new ColumnWrite(NAME_COLUMN, "name", NAME_COLUMN, FieldValues.text(name));
            write.columns.putSlot(NAME_COLUMN, new Columns.Slot(
                    new EncodedColumn(nameWrite, TextNode.valueOf(name).toString()), last));
        }
        return write;
    }

    /** Whether the item was found by its Coeffection ID instead of being created (the result still links it). */
    public boolean foundByLookup() {
        return foundByLookup;
    }

    void merge(PendingCommand command) {
        columns.put(command);
    }

    @Override
    public Columns columns() {
        return columns;
    }

    @Override
    public String kind() {
        return "write";
    }

    @Override
    public String field() {
        return "change_multiple_column_values";
    }

    @Override
    public boolean linksItem() {
        return foundByLookup;
    }

    @Override
    public MondayOperation<ItemRef> operation(Target target) {
        return new Operations.ChangeColumnValues(target.boardId(), itemId(), columns.json(), target.createLabelsIfMissing());
    }
}

package com.coeffection.sync.monday.sink.coalesce;

import com.coeffection.sync.monday.graphql.Model.ItemRef;
import com.coeffection.sync.monday.graphql.MondayOperation;
import com.coeffection.sync.monday.graphql.Operations;

/** Archive an item ({@code archive_item}). */
public final class ArchiveOp extends KnownItemOp {
    ArchiveOp(PendingCommand first, Long itemId) {
        super(first, itemId);
    }

    @Override
    public String kind() {
        return "archive";
    }

    @Override
    public Columns columns() {
        return new Columns();
    }

    @Override
    public String field() {
        return "archive_item";
    }

    @Override
    public MondayOperation<ItemRef> operation(Target target) {
        return new Operations.ArchiveItem(target.boardId(), itemId());
    }
}

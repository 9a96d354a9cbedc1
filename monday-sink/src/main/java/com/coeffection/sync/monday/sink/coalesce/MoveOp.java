package com.coeffection.sync.monday.sink.coalesce;

import com.coeffection.sync.monday.graphql.Model.ItemRef;
import com.coeffection.sync.monday.graphql.MondayOperation;
import com.coeffection.sync.monday.graphql.Operations;

/** Move an item to a group ({@code move_item_to_group}); several moves in a row keep the last group. */
public final class MoveOp extends KnownItemOp {
    private String groupId;

    MoveOp(PendingCommand first, Long itemId, String groupId) {
        super(first, itemId);
        this.groupId = groupId;
    }

    /** The move that puts an item found by its Coeffection ID into the group its ensure asked for. */
    public static MoveOp companionOf(EnsureOp ensure, long itemId) {
        MoveOp move = new MoveOp(ensure.commands().get(0), itemId, ensure.groupId());
        move.markCompanion();
        return move;
    }

    void moveTo(PendingCommand command) {
        groupId = command.command().getGroupId();
        pointAt(command.command().getItemId());
    }

    public String groupId() {
        return groupId;
    }

    @Override
    public String kind() {
        return "move";
    }

    @Override
    public Columns columns() {
        return new Columns();
    }

    @Override
    public String field() {
        return "move_item_to_group";
    }

    @Override
    public MondayOperation<ItemRef> operation(Target target) {
        return new Operations.MoveItemToGroup(target.boardId(), itemId(), groupId);
    }
}

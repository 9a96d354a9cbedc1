package com.coeffection.sync.monday.sink.coalesce;

import com.coeffection.sync.monday.columns.ColumnCodecs;
import com.coeffection.sync.monday.columns.ColumnType;
import com.coeffection.sync.monday.graphql.Model.ItemRef;
import com.coeffection.sync.monday.graphql.MondayOperation;
import com.coeffection.sync.monday.graphql.Operations;
import com.coeffection.sync.values.FieldValues;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Make sure the record has an item: look it up by its "Coeffection ID" column first and update it when found,
 * create it otherwise. A create command, and an update for a record whose item id is not known yet, become this.
 */
public final class EnsureOp extends ItemOp {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Columns columns = new Columns();
    private String itemName;
    private String groupId;
    private boolean absenceConfirmed;

    EnsureOp(PendingCommand first) {
        super(first);
        merge(first);
    }

    void merge(PendingCommand command) {
        if (command.command().getItemName() != null) {
            itemName = command.command().getItemName();
        }
        if (command.command().getGroupId() != null) {
            groupId = command.command().getGroupId();
        }
        columns.put(command);
    }

    void moveTo(PendingCommand command) {
        groupId = command.command().getGroupId();
    }

    @Override
    public Columns columns() {
        return columns;
    }

    /** Whether monday was asked, since the last failure, and has no item with this record's Coeffection ID. */
    public boolean absenceConfirmed() {
        return absenceConfirmed;
    }

    /** Set when the lookup found nothing; cleared after a failed create (monday may have created it after all). */
    public void absenceConfirmed(boolean confirmed) {
        this.absenceConfirmed = confirmed;
    }

    /** The latest item name a command gave, or null. */
    public String itemName() {
        return itemName;
    }

    /** The group to create the item in, or null for the board's top group. */
    public String groupId() {
        return groupId;
    }

    @Override
    public String kind() {
        return "ensure";
    }

    @Override
    public Long itemId() {
        return null;
    }

    @Override
    public String field() {
        return "create_item";
    }

    @Override
    public boolean needsLookup() {
        return !absenceConfirmed;
    }

    @Override
    public boolean linksItem() {
        return true;
    }

    @Override
    public void sendFailed() {
        absenceConfirmed = false;
    }

    /**
     * Creates the item with the record's values and its Coeffection ID; its name is the latest name a command
     * gave (under the name column or as the item name), else the record id.
     */
    @Override
    public MondayOperation<ItemRef> operation(Target target) {
        Map<String, String> values = new LinkedHashMap<>(columns.json());
        String nameJson = values.remove(NAME_COLUMN);
        String name = nameJson != null ? textOf(nameJson) : itemName;
        if (name == null || name.isBlank()) {
            name = target.recordId();
        }
        values.putIfAbsent(target.coeffectionIdColumn(), ColumnCodecs.standard().toMonday(ColumnType.TEXT,
                target.coeffectionIdColumn(), FieldValues.text(target.recordId())));
        return new Operations.CreateItem(target.boardId(), name, groupId, values, target.createLabelsIfMissing());
    }

    private static String textOf(String json) {
        try {
            return JSON.readTree(json).asText();
        } catch (Exception e) {
            return json;
        }
    }
}

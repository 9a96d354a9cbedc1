package com.coeffection.sync.monday.sink.coalesce;

import com.coeffection.sync.contract.ErrorType;
import com.coeffection.sync.monday.columns.ColumnCodecs;
import com.coeffection.sync.monday.columns.ColumnType;
import com.coeffection.sync.monday.graphql.Model.ItemRef;
import com.coeffection.sync.monday.graphql.MondayFailure;
import com.coeffection.sync.monday.graphql.MondayOperation;
import com.coeffection.sync.monday.graphql.Operations;
import com.coeffection.sync.schema.ColumnWrite;
import com.coeffection.sync.values.FieldValues;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One pending change to one monday item, built from one or more commands for the same record that arrived
 * within the coalescing window. The set is closed: ensure the item exists (create it, or find it by its
 * "Coeffection ID" and update it), write column values, move it to a group, archive it.
 *
 * <p>Each kind knows what it sends to monday ({@link #operation(Target)}), what that costs ({@link #field()},
 * {@link #requestBytes()}), whether it must look the item up first ({@link #needsLookup()}) and whether its
 * success links the record to its item ({@link #linksItem()}).
 *
 * <p>Mutable: commands arriving while the change waits are merged into it (the latest value per column wins).
 * Owned by the sink's poll loop; not thread-safe.
 */
public abstract sealed class ItemOp permits ItemOp.Ensure, ItemOp.Write, ItemOp.Move, ItemOp.Archive {
    /** monday's built-in column for the item name; change_multiple_column_values sets the name under it. */
    public static final String NAME_COLUMN = "name";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<PendingCommand> commands = new ArrayList<>();
    private final Instant firstReceivedAt;
    private Instant notBefore;
    private int failedAttempts;
    private MondayFailure lastFailure;
    private boolean reconnectReported;
    private boolean companion;
    private boolean inFlight;
    private final Map<PendingCommand, List<RefusedColumn>> refusedByMonday = new LinkedHashMap<>();

    /** Where a change goes: the record's board, its Coeffection ID and the column that carries it. */
    public record Target(long boardId, String recordId, String coeffectionIdColumn, boolean createLabelsIfMissing) {
    }

    ItemOp(PendingCommand first) {
        this.firstReceivedAt = first.receivedAt();
        this.notBefore = first.receivedAt();
        commands.add(first);
    }

    /** The commands this change delivers, in the order they were read. */
    public List<PendingCommand> commands() {
        return Collections.unmodifiableList(commands);
    }

    void absorb(PendingCommand command) {
        commands.add(command);
    }

    /** When the first command of this change was read: the coalescing window runs from here. */
    public Instant firstReceivedAt() {
        return firstReceivedAt;
    }

    /** The earliest time this change may be sent again after a failure. */
    public Instant notBefore() {
        return notBefore;
    }

    /** How many attempts failed with a retryable error. */
    public int failedAttempts() {
        return failedAttempts;
    }

    /** The last failure monday reported for this change, or null. */
    public MondayFailure lastFailure() {
        return lastFailure;
    }

    /** Records a retryable failure: the change waits until {@code retryAt}. */
    public void failed(MondayFailure failure, Instant retryAt, boolean countsAsAttempt) {
        this.lastFailure = failure;
        this.notBefore = retryAt;
        if (countsAsAttempt) {
            failedAttempts++;
        }
    }

    /** Whether history was already told that this change waits for a reconnect. */
    public boolean reconnectReported() {
        return reconnectReported;
    }

    public void markReconnectReported() {
        this.reconnectReported = true;
    }

    /**
     * Whether this change only completes another one (the move that follows the update of an item found by its
     * Coeffection ID): its commands are reported by the other change, not again by this one.
     */
    public boolean companion() {
        return companion;
    }

    /**
     * Whether this change is being sent (a request carrying it is out). Nothing is merged into a change in flight:
     * a command arriving meanwhile becomes the next change of the item, sent after monday answered.
     */
    public boolean inFlight() {
        return inFlight;
    }

    public void inFlight(boolean inFlight) {
        this.inFlight = inFlight;
    }

    /** A short name for logs and metrics. */
    public abstract String kind();

    /** The item this change acts on, or null while the record has no item yet. */
    public abstract Long itemId();

    /** The column values it writes (empty for a move or an archive). */
    public abstract Columns columns();

    /** monday's mutation field, for the cost estimate. */
    public abstract String field();

    /** The mutation that carries this change out. */
    public abstract MondayOperation<ItemRef> operation(Target target);

    /** The record's item became known: a change still waiting for it acts on it (an ensure needs none). */
    void learnItem(long id) {
        if (this instanceof ItemIdHolder holder && holder.itemId() == null) {
            holder.itemId(id);
        }
    }

    /** The kinds that act on a known item. */
    private interface ItemIdHolder {
        Long itemId();

        void itemId(long id);
    }

    /** Whether monday must first be asked whether the record's item exists (an ensure that has not asked yet). */
    public boolean needsLookup() {
        return false;
    }

    /** Whether a confirmed answer links the record to its item (a create, or the update of an item found by lookup). */
    public boolean linksItem() {
        return false;
    }

    /** A failed attempt: monday may have done it after all (an ensure looks its item up again). */
    public void sendFailed() {
    }

    /** A rough size of the mutation in bytes, for monday's request-size limit. */
    public long requestBytes() {
        return 200 + columns().json().entrySet().stream().mapToLong(e -> e.getKey().length() + e.getValue().length() + 8).sum();
    }

    /**
     * monday refused the value of one column: the column is left out and the change is sent again without it (not
     * a failed attempt). Returns false when the change does not write that column (the whole change is refused).
     */
    public boolean refuseColumn(String columnId, ErrorType errorType, String code, String message, String requestId) {
        Columns.Slot slot = columns().remove(columnId);
        if (slot == null) {
            return false;
        }
        refusedByMonday.computeIfAbsent(slot.from(), c -> new ArrayList<>())
                .add(new RefusedColumn(slot.column().write(), errorType, code, message, requestId));
        return true;
    }

    /** Every column of {@code command} that was left out: refused by the codec before sending or by monday. */
    public List<RefusedColumn> refusedFor(PendingCommand command) {
        List<RefusedColumn> all = new ArrayList<>(command.refused());
        all.addAll(refusedByMonday.getOrDefault(command, List.of()));
        return all;
    }

    void inheritRefusals(ItemOp from) {
        from.refusedByMonday.forEach((c, r) -> refusedByMonday.computeIfAbsent(c, k -> new ArrayList<>()).addAll(r));
    }

    /** Column values, latest per column, with the command each value came from. */
    public static final class Columns {
        private final LinkedHashMap<String, Slot> slots = new LinkedHashMap<>();

        /** A column's latest value and the command that set it. */
        public record Slot(EncodedColumn column, PendingCommand from) {
        }

        void put(PendingCommand from) {
            for (EncodedColumn column : from.columns()) {
                slots.remove(column.columnId());
                slots.put(column.columnId(), new Slot(column, from));
            }
        }

        /** Column id to monday JSON, in the order the columns were last written. */
        public Map<String, String> json() {
            Map<String, String> json = new LinkedHashMap<>();
            slots.forEach((id, slot) -> json.put(id, slot.column().json()));
            return json;
        }

        public Map<String, Slot> slots() {
            return Collections.unmodifiableMap(slots);
        }

        public boolean isEmpty() {
            return slots.isEmpty();
        }

        /** The columns whose people must still be resolved to monday user ids. */
        public List<Slot> unresolved() {
            return slots.values().stream().filter(s -> s.column().needsPeople()).toList();
        }

        /** Sets the JSON of a column whose people were resolved. */
        public void resolve(String columnId, String json) {
            Slot slot = slots.get(columnId);
            if (slot != null) {
                slots.put(columnId, new Slot(new EncodedColumn(slot.column().write(), json), slot.from()));
            }
        }

        /** Drops a column (the item name, which create_item takes as its own argument). */
        public Slot remove(String columnId) {
            return slots.remove(columnId);
        }
    }

    /**
     * Make sure the record has an item: look it up by its "Coeffection ID" column first and update it when found,
     * create it otherwise. A create command, and an update for a record whose item id is not known yet, become this.
     */
    public static final class Ensure extends ItemOp {
        private final Columns columns = new Columns();
        private String itemName;
        private String groupId;
        private boolean absenceConfirmed;

        Ensure(PendingCommand first) {
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

    /** Write column values of an item ({@code change_multiple_column_values}). */
    public static final class Write extends ItemOp implements ItemIdHolder {
        private final Columns columns = new Columns();
        private Long itemId;
        private boolean foundByLookup;

        Write(PendingCommand first, Long itemId) {
            super(first);
            this.itemId = itemId;
            columns.put(first);
        }

        /**
         * The write that replaces an ensure whose item monday already has (created before a crash, or by hand): the
         * ensure's values, and its item name when it differs from the item's.
         */
        public static Write forFound(Ensure ensure, long itemId, String currentName) {
            Write write = new Write(ensure.commands().get(0), itemId);
            for (int i = 1; i < ensure.commands().size(); i++) {
                write.absorb(ensure.commands().get(i));
            }
            write.foundByLookup = true;
            write.inheritRefusals(ensure);
            write.columns.slots.clear();
            write.columns.slots.putAll(ensure.columns().slots);
            String name = ensure.itemName();
            if (name != null && !name.equals(currentName) && !write.columns.slots.containsKey(NAME_COLUMN)) {
                PendingCommand last = ensure.commands().get(ensure.commands().size() - 1);
                ColumnWrite nameWrite = new ColumnWrite(NAME_COLUMN, "name", NAME_COLUMN, FieldValues.text(name));
                write.columns.slots.put(NAME_COLUMN, new Columns.Slot(
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

        /** The item, or null while an earlier ensure of the same record has not found or created it. */
        @Override
        public Long itemId() {
            return itemId;
        }

        public void itemId(long id) {
            this.itemId = id;
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
            return new Operations.ChangeColumnValues(target.boardId(), itemId, columns.json(), target.createLabelsIfMissing());
        }
    }

    /** Move an item to a group ({@code move_item_to_group}); several moves in a row keep the last group. */
    public static final class Move extends ItemOp implements ItemIdHolder {
        private Long itemId;
        private String groupId;

        Move(PendingCommand first, Long itemId, String groupId) {
            super(first);
            this.itemId = itemId;
            this.groupId = groupId;
        }

        /** The move that puts an item found by its Coeffection ID into the group its ensure asked for. */
        public static Move companionOf(Ensure ensure, long itemId) {
            Move move = new Move(ensure.commands().get(0), itemId, ensure.groupId());
            ((ItemOp) move).companion = true;
            return move;
        }

        void moveTo(PendingCommand command) {
            groupId = command.command().getGroupId();
            if (command.command().getItemId() != null) {
                itemId = command.command().getItemId();
            }
        }

        @Override
        public Long itemId() {
            return itemId;
        }

        public void itemId(long id) {
            this.itemId = id;
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
            return new Operations.MoveItemToGroup(target.boardId(), itemId, groupId);
        }
    }

    /** Archive an item ({@code archive_item}). */
    public static final class Archive extends ItemOp implements ItemIdHolder {
        private Long itemId;

        Archive(PendingCommand first, Long itemId) {
            super(first);
            this.itemId = itemId;
        }

        @Override
        public Long itemId() {
            return itemId;
        }

        public void itemId(long id) {
            this.itemId = id;
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
            return new Operations.ArchiveItem(target.boardId(), itemId);
        }
    }
}

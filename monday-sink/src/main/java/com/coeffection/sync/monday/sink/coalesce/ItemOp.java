package com.coeffection.sync.monday.sink.coalesce;

import com.coeffection.sync.contract.ErrorType;
import com.coeffection.sync.monday.graphql.Model.ItemRef;
import com.coeffection.sync.monday.graphql.MondayFailure;
import com.coeffection.sync.monday.graphql.MondayOperation;

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
public abstract sealed class ItemOp permits EnsureOp, KnownItemOp {
    /** monday's built-in column for the item name; change_multiple_column_values sets the name under it. */
    public static final String NAME_COLUMN = "name";

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

    void markCompanion() {
        this.companion = true;
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
        // only the kinds that act on a known item ({@link KnownItemOp}) take it
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

        /** Takes over another change's columns (the write that replaces an ensure). */
        void copyFrom(Columns other) {
            slots.clear();
            slots.putAll(other.slots);
        }

        boolean has(String columnId) {
            return slots.containsKey(columnId);
        }

        void putSlot(String columnId, Slot slot) {
            slots.put(columnId, slot);
        }

        /** Drops a column (the item name, which create_item takes as its own argument). */
        public Slot remove(String columnId) {
            return slots.remove(columnId);
        }
    }
}

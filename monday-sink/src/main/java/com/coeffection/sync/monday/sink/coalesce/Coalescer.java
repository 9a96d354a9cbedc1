package com.coeffection.sync.monday.sink.coalesce;

import com.coeffection.sync.schema.MondayAction;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns the commands for one record that arrive within the coalescing window into as few monday changes as
 * possible, keeping their order where order matters.
 *
 * <ul>
 *   <li>Column updates merge into the waiting change of the same item: one {@code change_multiple_column_values}
 *       with the latest value per column.</li>
 *   <li>A create followed by updates before it was sent is one create carrying every value (and a move before it
 *       was sent creates the item in that group).</li>
 *   <li>An update for a record whose item is not known yet becomes an ensure: the item is looked up by its
 *       "Coeffection ID" column and updated, or created.</li>
 *   <li>Column values and the group do not depend on each other, so an update joins the waiting write of the item
 *       even when a move waits after it, and a move joins the waiting move across writes: within a window an item
 *       gets at most one column change and one move.</li>
 *   <li>An archive keeps its place: nothing after it is merged into changes before it, so a change made after an
 *       archive is sent after it.</li>
 *   <li>Nothing is merged into a change whose request is out ({@link ItemOp#inFlight()}): the command becomes the
 *       item's next change; an update after a create that is out writes the item that create makes.</li>
 * </ul>
 * The window runs from the first command of a change: a record edited continuously is still sent every window.
 * Not thread-safe: the sink's poll loop owns it.
 */
public final class Coalescer {
    private final Duration window;
    private final Map<String, ItemLane> lanes = new LinkedHashMap<>();

    public Coalescer(Duration window) {
        this.window = Objects.requireNonNull(window, "window");
    }

    public Duration window() {
        return window;
    }

    /**
     * Adds a command. Returns true when it was merged into a change already waiting (an edit coalesced), false when
     * it started a new change.
     */
    public boolean add(PendingCommand command) {
        ItemLane lane = lanes.computeIfAbsent(laneKey(command.recordKey(), command.boardId()), k -> new ItemLane(command));
        lane.learnCoeffectionIdColumn(command);
        Long commandItem = command.command().getItemId();
        if (commandItem != null && lane.itemId() == null) {
            lane.itemId(commandItem);
        }
        Long item = commandItem != null ? commandItem : lane.itemId();
        ItemOp tail = lane.tail();
        MondayAction action = command.command().getAction();
        switch (action) {
            case CREATE_ITEM -> {
                if (tail instanceof EnsureOp ensure && !ensure.inFlight()) {
                    ensure.absorb(command);
                    ensure.merge(command);
                    return true;
                }
                lane.append(new EnsureOp(command));
                return false;
            }
            case UPDATE_COLUMNS -> {
                // column values and the group are independent: an update may join a waiting write across moves
                boolean ensuring = false;
                for (Iterator<ItemOp> it = lane.newestFirst(); it.hasNext(); ) {
                    ItemOp op = it.next();
                    if (op.inFlight()) {
                        // being sent: the update follows it; an item being created is learnt from its answer
                        ensuring = op instanceof EnsureOp;
                        break;
                    }
                    if (op instanceof EnsureOp ensure) {
                        ensure.absorb(command);
                        ensure.merge(command);
                        return true;
                    }
                    if (op instanceof WriteOp write) {
                        if (write.itemId() == null || commandItem == null || write.itemId().equals(commandItem)) {
                            write.absorb(command);
                            write.merge(command);
                            return true;
                        }
                        break;
                    }
                    if (!(op instanceof MoveOp)) {
                        break;
                    }
                }
                lane.append(item == null && !ensuring ? new EnsureOp(command) : new WriteOp(command, item));
                return false;
            }
            case MOVE_TO_GROUP -> {
                // likewise a move may join a waiting move (or the create) across column writes
                for (Iterator<ItemOp> it = lane.newestFirst(); it.hasNext(); ) {
                    ItemOp op = it.next();
                    if (op.inFlight()) {
                        break;
                    }
                    if (op instanceof EnsureOp ensure) {
                        ensure.absorb(command);
                        ensure.moveTo(command);
                        return true;
                    }
                    if (op instanceof MoveOp move) {
                        move.absorb(command);
                        move.moveTo(command);
                        return true;
                    }
                    if (!(op instanceof WriteOp)) {
                        break;
                    }
                }
                lane.append(new MoveOp(command, item, command.command().getGroupId()));
                return false;
            }
            case ARCHIVE_ITEM -> {
                if (tail instanceof ArchiveOp archive && !archive.inFlight()) {
                    archive.absorb(command);
                    return true;
                }
                lane.append(new ArchiveOp(command, item));
                return false;
            }
            default -> throw new IllegalArgumentException("command " + command.command().getCommandId()
                    + " has action " + action + ", which the monday sink does not know");
        }
    }

    /** Lanes whose next change may be sent at {@code now}: its window has passed and it is not waiting to retry. */
    public List<ItemLane> ready(Instant now) {
        List<ItemLane> ready = new ArrayList<>();
        for (ItemLane lane : lanes.values()) {
            ItemOp head = lane.head();
            if (head != null && !head.inFlight() && isDue(head, now)) {
                ready.add(lane);
            }
        }
        return ready;
    }

    private boolean isDue(ItemOp op, Instant now) {
        return !op.firstReceivedAt().plus(window).isAfter(now) && !op.notBefore().isAfter(now);
    }

    /** When the next change becomes ready, if any waits. */
    public Optional<Instant> nextDue() {
        return nextDueAfter(Instant.MIN);
    }

    /** When the next change that is not ready at {@code now} becomes ready, if any. */
    public Optional<Instant> nextDueAfter(Instant now) {
        Instant next = null;
        for (ItemLane lane : lanes.values()) {
            ItemOp head = lane.head();
            if (head == null || head.inFlight()) {
                continue;
            }
            Instant due = head.firstReceivedAt().plus(window);
            if (head.notBefore().isAfter(due)) {
                due = head.notBefore();
            }
            if (due.isAfter(now) && (next == null || due.isBefore(next))) {
                next = due;
            }
        }
        return Optional.ofNullable(next);
    }

    /** monday confirmed (or the sink gave up on) the lane's head: the next change of the item may go. */
    public ItemOp completeHead(ItemLane lane) {
        ItemOp done = lane.removeHead();
        if (lane.isEmpty()) {
            lanes.remove(laneKey(lane.recordKey(), lane.boardId()));
        }
        return done;
    }

    /** Replaces the lane's head by other changes (an ensure that found its item). */
    public void replaceHead(ItemLane lane, List<ItemOp> replacements) {
        lane.replaceHead(replacements);
        if (lane.isEmpty()) {
            lanes.remove(laneKey(lane.recordKey(), lane.boardId()));
        }
    }

    /** A record's changes on one board (a record re-mapped to another board gets a lane of its own there). */
    private static String laneKey(String recordKey, long boardId) {
        return recordKey + "@" + boardId;
    }

    /** Whether this very lane is still held (it is not once its partition was given up or replayed). */
    public boolean holds(ItemLane lane) {
        return lanes.get(laneKey(lane.recordKey(), lane.boardId())) == lane;
    }

    /** All lanes with waiting changes. */
    public Collection<ItemLane> lanes() {
        return List.copyOf(lanes.values());
    }

    /** How many records have changes waiting. */
    public int size() {
        return lanes.size();
    }

    /** Drops the lanes of partitions this worker no longer owns; their commands will be replayed by the next owner. */
    public List<ItemLane> dropPartitions(Collection<TopicPartition> partitions) {
        List<ItemLane> dropped = new ArrayList<>();
        for (Iterator<ItemLane> it = lanes.values().iterator(); it.hasNext(); ) {
            ItemLane lane = it.next();
            if (partitions.contains(lane.partition())) {
                dropped.add(lane);
                it.remove();
            }
        }
        return dropped;
    }
}

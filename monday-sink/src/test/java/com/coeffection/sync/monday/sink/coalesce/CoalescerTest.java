package com.coeffection.sync.monday.sink.coalesce;

import com.coeffection.sync.schema.MondayAction;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static com.coeffection.sync.monday.sink.Commands.command;
import static com.coeffection.sync.monday.sink.Commands.create;
import static com.coeffection.sync.monday.sink.Commands.pending;
import static com.coeffection.sync.monday.sink.Commands.status;
import static com.coeffection.sync.monday.sink.Commands.text;
import static com.coeffection.sync.monday.sink.Commands.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CoalescerTest {
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private final Coalescer coalescer = new Coalescer(Duration.ofMillis(300));

    @Test
    void tenEditsOfOneItemWithinTheWindowBecomeOneWriteWithTheLatestValuePerColumn() {
        // given ten edits of the same item, alternating two columns
        for (int i = 0; i < 10; i++) {
            boolean merged = coalescer.add(pending(update("r1", 7L, text("text", "v" + i), status("status", "S" + (i % 3))),
                    T0.plusMillis(i * 10)));
            assertThat(merged).isEqualTo(i > 0);
        }

        // when the window has passed
        List<ItemLane> ready = coalescer.ready(T0.plusMillis(300));

        // then one write carries the last value of each column and all ten commands
        assertThat(ready).hasSize(1);
        WriteOp write = (WriteOp) ready.get(0).head();
        assertThat(ready.get(0).ops()).hasSize(1);
        assertThat(write.itemId()).isEqualTo(7L);
        assertThat(write.columns().json()).containsExactly(
                org.assertj.core.api.Assertions.entry("text", "\"v9\""),
                org.assertj.core.api.Assertions.entry("status", "{\"label\":\"S0\"}"));
        assertThat(write.commands()).hasSize(10);
    }

    @Test
    void aChangeIsNotReadyBeforeItsWindowHasPassedEvenWhenEditsKeepComing() {
        // given a first edit at T0 and more edits later
        coalescer.add(pending(update("r1", 7L, text("text", "a")), T0));
        coalescer.add(pending(update("r1", 7L, text("text", "b")), T0.plusMillis(250)));

        // then it is not ready before T0 + window, and ready at T0 + window (the window runs from the first edit)
        assertThat(coalescer.ready(T0.plusMillis(299))).isEmpty();
        assertThat(coalescer.nextDue()).contains(T0.plusMillis(300));
        assertThat(coalescer.ready(T0.plusMillis(300))).hasSize(1);
    }

    @Test
    void aCreateFollowedByUpdatesBeforeItIsSentIsOneCreateWithAllValues() {
        // given a create, two updates and a move of a record with no item yet
        coalescer.add(pending(create("r2", "Ada", text("text", "first"), status("status", "New")), T0));
        coalescer.add(pending(command("t1", 100L, "r2", null, MondayAction.UPDATE_COLUMNS, null, null,
                List.of(text("text", "second")), T0), T0.plusMillis(5)));
        coalescer.add(pending(command("t1", 100L, "r2", null, MondayAction.MOVE_TO_GROUP, null, "won", List.of(), T0),
                T0.plusMillis(6)));

        // when ready
        ItemLane lane = coalescer.ready(T0.plusSeconds(1)).get(0);

        // then one ensure (create) holds all values, the name and the group
        assertThat(lane.ops()).hasSize(1);
        EnsureOp ensure = (EnsureOp) lane.head();
        assertThat(ensure.itemName()).isEqualTo("Ada");
        assertThat(ensure.groupId()).isEqualTo("won");
        assertThat(ensure.columns().json()).containsEntry("text", "\"second\"").containsEntry("status", "{\"label\":\"New\"}");
        assertThat(ensure.commands()).hasSize(3);
    }

    @Test
    void withinAWindowAnItemGetsOneColumnChangeAndOneMoveBecauseTheyDoNotDependOnEachOther() {
        // given write, move, move, write
        coalescer.add(pending(update("r3", 9L, text("text", "a")), T0));
        coalescer.add(pending(command("t1", 100L, "r3", 9L, MondayAction.MOVE_TO_GROUP, null, "g1", List.of(), T0), T0));
        coalescer.add(pending(update("r3", 9L, status("status", "Done")), T0));
        coalescer.add(pending(command("t1", 100L, "r3", 9L, MondayAction.MOVE_TO_GROUP, null, "g2", List.of(), T0), T0));
        coalescer.add(pending(update("r3", 9L, text("text", "b")), T0));

        // then one write with the latest values, then one move to the last group
        ItemLane lane = coalescer.lanes().iterator().next();
        assertThat(lane.ops()).extracting(ItemOp::kind).containsExactly("write", "move");
        assertThat(((WriteOp) lane.ops().get(0)).columns().json())
                .containsEntry("text", "\"b\"").containsEntry("status", "{\"label\":\"Done\"}");
        assertThat(((MoveOp) lane.ops().get(1)).groupId()).isEqualTo("g2");
        assertThat(lane.ops().get(0).commands()).hasSize(3);
        assertThat(lane.ops().get(1).commands()).hasSize(2);

        // and only the head is ever ready; completing it exposes the next
        assertThat(coalescer.ready(T0.plusSeconds(1))).singleElement().extracting(ItemLane::head).isInstanceOf(WriteOp.class);
        coalescer.completeHead(lane);
        assertThat(lane.head()).isInstanceOf(MoveOp.class);
    }

    @Test
    void nothingAfterAnArchiveIsMergedIntoChangesBeforeIt() {
        coalescer.add(pending(update("r7", 9L, text("text", "before")), T0));
        coalescer.add(pending(command("t1", 100L, "r7", 9L, MondayAction.ARCHIVE_ITEM, null, null, List.of(), T0), T0));
        coalescer.add(pending(command("t1", 100L, "r7", 9L, MondayAction.ARCHIVE_ITEM, null, null, List.of(), T0), T0));
        coalescer.add(pending(update("r7", 9L, text("text", "after")), T0));
        coalescer.add(pending(command("t1", 100L, "r7", 9L, MondayAction.MOVE_TO_GROUP, null, "g", List.of(), T0), T0));

        ItemLane lane = coalescer.lanes().iterator().next();
        assertThat(lane.ops()).extracting(ItemOp::kind).containsExactly("write", "archive", "write", "move");
        assertThat(((WriteOp) lane.ops().get(0)).columns().json()).containsEntry("text", "\"before\"");
        assertThat(((WriteOp) lane.ops().get(2)).columns().json()).containsEntry("text", "\"after\"");
    }

    @Test
    void anUpdateForARecordWhoseItemIsUnknownBecomesAnEnsureAndLaterChangesGetTheFoundItem() {
        // given an update without an item id, then a move
        coalescer.add(pending(command("t1", 100L, "r4", null, MondayAction.UPDATE_COLUMNS, null, null,
                List.of(text("text", "x")), T0), T0));
        coalescer.add(pending(command("t1", 100L, "r4", null, MondayAction.ARCHIVE_ITEM, null, null, List.of(), T0), T0));
        ItemLane lane = coalescer.lanes().iterator().next();
        assertThat(lane.head()).isInstanceOf(EnsureOp.class);

        // when the item becomes known
        lane.itemId(55L);

        // then the waiting archive targets it
        assertThat(((ArchiveOp) lane.ops().get(1)).itemId()).isEqualTo(55L);
    }

    @Test
    void aChangeWaitingToRetryIsNotReadyUntilItsRetryTime() {
        coalescer.add(pending(update("r5", 1L, text("text", "x")), T0));
        ItemLane lane = coalescer.lanes().iterator().next();
        lane.head().failed(null, T0.plusSeconds(5), true);

        assertThat(coalescer.ready(T0.plusSeconds(4))).isEmpty();
        assertThat(coalescer.nextDue()).contains(T0.plusSeconds(5));
        assertThat(coalescer.ready(T0.plusSeconds(5))).hasSize(1);
        assertThat(lane.head().failedAttempts()).isEqualTo(1);
    }

    @Test
    void anUnknownActionIsRefused() {
        assertThatThrownBy(() -> coalescer.add(pending(command("t1", 100L, "r6", 1L, MondayAction.OTHER, null, null,
                List.of(), T0), T0))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("OTHER");
    }

    @Test
    void aRecordsChangesOnAnotherBoardAreNeverMergedIntoItsChangesOnTheFirst() {
        coalescer.add(pending(command("t1", 100L, "r8", 1L, MondayAction.UPDATE_COLUMNS, null, null,
                List.of(text("text", "on 100")), T0), T0));
        coalescer.add(pending(command("t1", 200L, "r8", 2L, MondayAction.UPDATE_COLUMNS, null, null,
                List.of(text("text", "on 200")), T0), T0));

        assertThat(coalescer.lanes()).extracting(ItemLane::boardId).containsExactlyInAnyOrder(100L, 200L);
        coalescer.lanes().forEach(lane -> assertThat(lane.ops()).hasSize(1));
    }
}

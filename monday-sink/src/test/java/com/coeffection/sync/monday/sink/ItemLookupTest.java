package com.coeffection.sync.monday.sink;

import com.coeffection.sync.monday.sink.coalesce.Coalescer;
import com.coeffection.sync.monday.sink.coalesce.ItemLane;
import com.coeffection.sync.monday.sink.coalesce.EnsureOp;
import com.coeffection.sync.monday.sink.coalesce.WriteOp;
import com.coeffection.sync.monday.sink.retry.ConnectionState;
import com.coeffection.sync.schema.MondayAction;
import com.coeffection.sync.schema.MondayCommand;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static com.coeffection.sync.monday.sink.Commands.command;
import static com.coeffection.sync.monday.sink.Commands.pending;
import static com.coeffection.sync.monday.sink.Commands.text;
import static org.assertj.core.api.Assertions.assertThat;

/** Finding a record's item by its Coeffection ID before creating it, against the monday stand-in (no broker). */
class ItemLookupTest {
    private static final String ID = MondaySinkConfig.DEFAULT_COEFFECTION_ID_COLUMN;

    private final Coalescer coalescer = new Coalescer(Duration.ZERO);

    private ItemLookup lookup(StandInConnection s) {
        ConnectionPolicy policy = new ConnectionPolicy(s.config, s.metrics, null);
        return new ItemLookup(s.config, new MondayRequests(s.config, s.metrics), policy, coalescer, s.metrics,
                Clock.systemUTC(), s.inFlight);
    }

    private ItemLane lane(MondayCommand command) {
        coalescer.add(pending(command, Instant.now()));
        return coalescer.lanes().stream().filter(l -> l.recordId().equals(command.getRecordId())).findFirst().orElseThrow();
    }

    private static MondayCommand create(long board, String record) {
        return command(StandInConnection.TENANT, board, record, null, MondayAction.CREATE_ITEM, record, null,
                List.of(text("text", "v")), Instant.now());
    }

    @Test
    void givenOneRecordWithAnItemAndOneWithout_whenLookedUp_thenTheFoundOneIsUpdatedAndTheOtherMayBeCreated() {
        try (StandInConnection s = new StandInConnection()) {
            long board = s.board(ID);
            long existing = s.item(board, ID, "r-found");
            ItemLane found = lane(create(board, "r-found"));
            ItemLane absent = lane(create(board, "r-new"));

            lookup(s).lookUp(s.connection, List.of(found, absent));
            assertThat(found.head().inFlight()).isTrue();
            s.answers();

            assertThat(found.itemId()).isEqualTo(existing);
            assertThat(found.head()).isInstanceOfSatisfying(WriteOp.class, w -> {
                assertThat(w.itemId()).isEqualTo(existing);
                assertThat(w.foundByLookup()).isTrue();
                assertThat(w.inFlight()).isFalse();
            });
            assertThat(absent.head()).isInstanceOfSatisfying(EnsureOp.class, e -> {
                assertThat(e.absenceConfirmed()).isTrue();
                assertThat(e.needsLookup()).isFalse();
            });
            // one aliased query for both records
            assertThat(s.monday.receivedQueries()).filteredOn(q -> q.contains("items_page_by_column_values")).hasSize(1);
        }
    }

    @Test
    void givenABoardWhoseMappingNamesItsOwnIdColumn_whenLookedUp_thenThatColumnIsSearched() {
        try (StandInConnection s = new StandInConnection()) {
            long board = s.board("crm_record_id");
            long existing = s.item(board, "crm_record_id", "r-1");
            ItemLane lane = lane(MondayCommand.newBuilder(create(board, "r-1")).setCoeffectionIdColumnId("crm_record_id").build());

            lookup(s).lookUp(s.connection, List.of(lane));
            s.answers();

            assertThat(lane.coeffectionIdColumn()).isEqualTo("crm_record_id");
            assertThat(lane.itemId()).isEqualTo(existing);
        }
    }

    @Test
    void givenMondayFailingTheWholeQuery_whenLookedUp_thenTheCreateWaitsAndTheConnectionBacksOff() {
        try (StandInConnection s = new StandInConnection()) {
            long board = s.board(ID);
            ItemLane lane = lane(create(board, "r-1"));
            s.monday.faults().serverErrors(1, 503);
            Instant before = Instant.now();

            lookup(s).lookUp(s.connection, List.of(lane));
            s.answers();

            assertThat(lane.head()).isInstanceOfSatisfying(EnsureOp.class, e -> {
                assertThat(e.needsLookup()).isTrue();
                assertThat(e.failedAttempts()).isEqualTo(1);
                assertThat(e.notBefore()).isAfter(before);
            });
            assertThat(s.connection.state()).isInstanceOf(ConnectionState.BackingOff.class);
        }
    }
}

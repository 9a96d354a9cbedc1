package com.coeffection.sync.monday.sink;

import com.coeffection.sync.contract.ErrorType;
import com.coeffection.sync.monday.sink.coalesce.CommandSource;
import com.coeffection.sync.monday.sink.coalesce.Coalescer;
import com.coeffection.sync.monday.sink.coalesce.EncodedColumn;
import com.coeffection.sync.monday.sink.coalesce.ItemLane;
import com.coeffection.sync.monday.sink.coalesce.PendingCommand;
import com.coeffection.sync.schema.ColumnWrite;
import com.coeffection.sync.schema.MondayAction;
import com.coeffection.sync.schema.MondayCommand;
import com.coeffection.sync.values.FieldValues;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static com.coeffection.sync.monday.sink.Commands.command;
import static org.assertj.core.api.Assertions.assertThat;

/** Resolving people named by email to monday user ids, against the monday stand-in (no broker). */
class PeopleResolutionTest {

    private static PendingCommand ownerByEmail(long board, String record, long item, String column, String email) {
        ColumnWrite write = new ColumnWrite(column, "people", column, FieldValues.person(email, null, null));
        MondayCommand command = command(StandInConnection.TENANT, board, record, item, MondayAction.UPDATE_COLUMNS, null,
                null, List.of(write), Instant.now());
        return new PendingCommand(command, List.of(EncodedColumn.unresolvedPeople(write)),
                new CommandSource("commands", 0, 1, new byte[0], new byte[0]), Instant.now());
    }

    @Test
    void givenAnOwnerWhoIsAMondayUserAndOneWhoIsNot_whenResolved_thenOneQueryFindsTheUserAndOnlyTheOtherColumnIsLeftOut() {
        try (StandInConnection s = new StandInConnection()) {
            long board = s.board(MondaySinkConfig.DEFAULT_COEFFECTION_ID_COLUMN);
            Coalescer coalescer = new Coalescer(Duration.ZERO);
            coalescer.add(ownerByEmail(board, "r-1", 1L, "owner", "ana@customer.example"));
            coalescer.add(ownerByEmail(board, "r-2", 2L, "owner", "nobody@elsewhere.example"));
            List<ItemLane> lanes = List.copyOf(coalescer.lanes());
            PeopleResolution people = new PeopleResolution(s.config, new ConnectionPolicy(s.config, s.metrics, null),
                    coalescer, Clock.systemUTC(), s.inFlight);

            // when the emails are not known yet: one users query goes out and the changes wait for it
            List<ItemLane> writes = new ArrayList<>(lanes);
            people.resolve(s.connection, writes);
            assertThat(writes).isEmpty();
            assertThat(lanes).allSatisfy(l -> assertThat(l.head().inFlight()).isTrue());
            s.answers();

            // then, from the cache, Ana's column gets her user id and the unknown person's column is left out
            writes = new ArrayList<>(lanes);
            people.resolve(s.connection, writes);
            assertThat(writes).hasSize(2);
            ItemLane ana = lanes.get(0);
            assertThat(ana.head().columns().json().get("owner")).contains("60000002").contains("person");
            ItemLane nobody = lanes.get(1);
            assertThat(nobody.head().columns().isEmpty()).isTrue();
            assertThat(nobody.head().refusedFor(nobody.head().commands().get(0)))
                    .singleElement().satisfies(r -> {
                        assertThat(r.errorType()).isEqualTo(ErrorType.UNKNOWN_PERSON);
                        assertThat(r.message()).contains("nobody@elsewhere.example");
                    });
            assertThat(s.monday.receivedQueries()).filteredOn(q -> q.contains("users(")).hasSize(1);
        }
    }

    @Test
    void givenMondayFailingTheUsersQuery_whenResolved_thenTheChangesWaitToBeRetried() {
        try (StandInConnection s = new StandInConnection()) {
            long board = s.board(MondaySinkConfig.DEFAULT_COEFFECTION_ID_COLUMN);
            Coalescer coalescer = new Coalescer(Duration.ZERO);
            coalescer.add(ownerByEmail(board, "r-1", 1L, "owner", "ana@customer.example"));
            ItemLane lane = coalescer.lanes().iterator().next();
            PeopleResolution people = new PeopleResolution(s.config, new ConnectionPolicy(s.config, s.metrics, null),
                    coalescer, Clock.systemUTC(), s.inFlight);
            s.monday.faults().serverErrors(1, 500);
            Instant before = Instant.now();

            people.resolve(s.connection, new ArrayList<>(List.of(lane)));
            s.answers();

            assertThat(lane.head().inFlight()).isFalse();
            assertThat(lane.head().failedAttempts()).isEqualTo(1);
            assertThat(lane.head().notBefore()).isAfter(before);
            assertThat(lane.head().columns().unresolved()).hasSize(1);
        }
    }
}

package com.coeffection.sync.monday.sink;

import com.coeffection.sync.contract.ErrorType;
import com.coeffection.sync.monday.columns.ColumnValueConversionException;
import com.coeffection.sync.monday.graphql.MondayApiException;
import com.coeffection.sync.monday.graphql.MondayFailure;
import com.coeffection.sync.monday.sink.MondayConnections.Connection;
import com.coeffection.sync.monday.sink.coalesce.ItemLane;
import com.coeffection.sync.monday.sink.coalesce.ItemOp;
import com.coeffection.sync.schema.FieldValue;
import com.coeffection.sync.schema.PeopleValue;
import com.coeffection.sync.schema.PersonValue;

import com.coeffection.sync.monday.sink.coalesce.Coalescer;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * People named by email only get their monday user ids just before sending: one {@code users} query for all the
 * emails of a round that are not cached, cached per connection (misses too). The query is one of the connection's
 * requests in flight; the changes waiting for it are sent in a later round, from the cache. A column naming someone
 * who is not a monday user is left out of the change (a refused column with the codec's explanation,
 * {@code UNKNOWN_PERSON}); the other columns are delivered. A failed query is handled like any failed request.
 */
final class PeopleResolution {
    private final MondaySinkConfig config;
    private final ConnectionPolicy policy;
    private final Coalescer coalescer;
    private final Clock clock;
    private final RequestsInFlight inFlight;

    PeopleResolution(MondaySinkConfig config, ConnectionPolicy policy, Coalescer coalescer, Clock clock,
                     RequestsInFlight inFlight) {
        this.config = config;
        this.policy = policy;
        this.coalescer = coalescer;
        this.clock = clock;
        this.inFlight = inFlight;
    }

    /**
     * Resolves the people of these lanes' heads from the connection's cache. When some emails are not cached yet,
     * one {@code users} query for them is started instead and the lanes needing people wait for its answer; lanes
     * that cannot be sent now are removed from {@code writes}.
     */
    void resolve(Connection connection, List<ItemLane> writes) {
        List<ItemLane> needing = writes.stream().filter(l -> !l.head().columns().unresolved().isEmpty()).toList();
        if (needing.isEmpty()) {
            return;
        }
        Set<String> emails = new LinkedHashSet<>();
        for (ItemLane lane : needing) {
            for (ItemOp.Columns.Slot slot : lane.head().columns().unresolved()) {
                emailsOf(slot.column().write().getValue(), emails);
            }
        }
        if (!connection.people().knowsEmails(emails)) {
            writes.removeAll(needing);
            if (inFlight.hasRoom(connection)) {
                List<ItemOp> heads = needing.stream().map(ItemLane::head).toList();
                heads.forEach(h -> h.inFlight(true));
                inFlight.start(connection, Set.of(), () -> ask(connection, emails), failure -> answered(connection,
                        needing, heads, failure));
            }
            return;
        }
        for (ItemLane lane : needing) {
            ItemOp head = lane.head();
            for (ItemOp.Columns.Slot slot : head.columns().unresolved()) {
                String columnId = slot.column().columnId();
                try {
                    head.columns().resolve(columnId, connection.people()
                            .columnValues(columnId, slot.column().write().getValue(), Optional.empty()).get(columnId));
                } catch (ColumnValueConversionException e) {
                    // one person who is no monday user leaves out that column only; the rest is delivered
                    head.refuseColumn(columnId, ErrorType.UNKNOWN_PERSON, "UNKNOWN_PERSON",
                            "a person cannot be written to " + e.getMessage(), null);
                }
            }
        }
    }

    /** Asks monday for these emails (off the poll loop); the failure, if the query failed. */
    private Optional<MondayFailure> ask(Connection connection, Set<String> emails) {
        try {
            connection.people().byEmails(emails);
            return Optional.empty();
        } catch (MondayApiException e) {
            return Optional.of(e.failure());
        } catch (RuntimeException e) {
            return Optional.of(new MondayFailure.RetryLater(config.backoff().base(), "CLIENT_ERROR", e.toString(), null, false));
        }
    }

    private void answered(Connection connection, List<ItemLane> lanes, List<ItemOp> heads, Optional<MondayFailure> failure) {
        Instant now = clock.instant();
        for (int i = 0; i < lanes.size(); i++) {
            ItemLane lane = lanes.get(i);
            ItemOp head = heads.get(i);
            head.inFlight(false);
            if (failure.isPresent() && coalescer.holds(lane) && lane.head() == head) {
                policy.failed(connection, lane, head, failure.get(), true, now);
            }
        }
    }

    private static void emailsOf(FieldValue value, Set<String> emails) {
        if (value == null) {
            return;
        }
        if (value.getValue() instanceof PersonValue p && p.getEmail() != null && p.getMondayUserId() == null) {
            emails.add(p.getEmail());
        } else if (value.getValue() instanceof PeopleValue people) {
            people.getPeople().forEach(p -> emailsOf(new FieldValue(p), emails));
        }
    }
}

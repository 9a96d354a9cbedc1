package com.coeffection.sync.monday.sink;

import com.coeffection.sync.contract.ErrorType;
import com.coeffection.sync.contract.SyncIds;
import com.coeffection.sync.monday.columns.ColumnValueConversionException;
import com.coeffection.sync.monday.graphql.MondayApiException;
import com.coeffection.sync.monday.graphql.MondayFailure;
import com.coeffection.sync.monday.sink.MondayConnections.Connection;
import com.coeffection.sync.monday.sink.coalesce.ItemLane;
import com.coeffection.sync.monday.sink.coalesce.ItemOp;
import com.coeffection.sync.schema.FieldValue;
import com.coeffection.sync.schema.PeopleValue;
import com.coeffection.sync.schema.PersonValue;
import com.coeffection.sync.monday.users.MondayUserDirectory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * People named by email only get their monday user ids just before sending: one {@code users} query for all the
 * emails of a round, cached per connection (misses too). A column naming someone who is not a monday user is left
 * out of the change (a refused column with the codec's explanation, {@code UNKNOWN_PERSON}); the other columns are
 * delivered. A failed query is handled like any failed request.
 *
 * <p>Rule (a retry sees a fix made on monday): a "no such user" answer is not reused for a command a person or the
 * processor asked for again (a resend, its history entry {@code ctl:...}): such a command asks monday afresh, so a
 * person an admin has added to the account since is found, and the retry delivers the column.
 */
final class PeopleResolution {
    /** How long a resend's fresh answer is kept: the one round it was asked for. */
    private static final Duration ROUND = Duration.ofMinutes(1);

    private final MondaySinkConfig config;
    private final ConnectionPolicy policy;

    PeopleResolution(MondaySinkConfig config, ConnectionPolicy policy) {
        this.config = config;
        this.policy = policy;
    }

    /** Resolves the people of these lanes' heads; lanes that cannot be sent now are removed from {@code writes}. */
    void resolve(Connection connection, List<ItemLane> writes, Instant now) {
        List<ItemLane> needing = writes.stream().filter(l -> !l.head().columns().unresolved().isEmpty()).toList();
        if (needing.isEmpty()) {
            return;
        }
        Set<String> emails = new LinkedHashSet<>();
        Set<String> resentEmails = new LinkedHashSet<>();
        for (ItemLane lane : needing) {
            for (ItemOp.Columns.Slot slot : lane.head().columns().unresolved()) {
                emailsOf(slot.column().write().getValue(), resent(slot) ? resentEmails : emails);
            }
        }
        // asked only for this round's resends: not the connection's cache, which may remember "no such user"
        MondayUserDirectory afresh = resentEmails.isEmpty() ? null
                : new MondayUserDirectory(connection.client(), ROUND, Clock.systemUTC());
        MondayFailure failure = null;
        try {
            if (!emails.isEmpty()) {
                connection.people().byEmails(emails);
            }
            if (afresh != null) {
                afresh.byEmails(resentEmails);
            }
        } catch (MondayApiException e) {
            failure = e.failure();
        } catch (RuntimeException e) {
            failure = new MondayFailure.RetryLater(config.backoff().base(), "CLIENT_ERROR", e.toString(), null, false);
        }
        if (failure != null) {
            for (ItemLane lane : needing) {
                policy.failed(connection, lane, lane.head(), failure, true, now);
            }
            writes.removeAll(needing);
            return;
        }
        for (ItemLane lane : needing) {
            ItemOp head = lane.head();
            for (ItemOp.Columns.Slot slot : head.columns().unresolved()) {
                String columnId = slot.column().columnId();
                try {
                    MondayUserDirectory people = resent(slot) ? afresh : connection.people();
                    head.columns().resolve(columnId, people
                            .columnValues(columnId, slot.column().write().getValue(), Optional.empty()).get(columnId));
                } catch (ColumnValueConversionException e) {
                    // one person who is no monday user leaves out that column only; the rest is delivered
                    head.refuseColumn(columnId, ErrorType.UNKNOWN_PERSON, "UNKNOWN_PERSON",
                            "a person cannot be written to " + e.getMessage(), null);
                }
            }
        }
    }

    /** Whether this column comes from a command asked for again (a retry or another control request). */
    private static boolean resent(ItemOp.Columns.Slot slot) {
        String entryId = slot.from() == null ? null : slot.from().command().getHistoryEntryId();
        return entryId != null && entryId.startsWith(SyncIds.controlEntry(""));
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

package com.coeffection.sync.monday.sink;

import com.coeffection.sync.monday.graphql.AliasResult;
import com.coeffection.sync.monday.graphql.BatchResult;
import com.coeffection.sync.monday.graphql.Model.ItemSnapshot;
import com.coeffection.sync.monday.graphql.Model.ItemsPage;
import com.coeffection.sync.monday.graphql.MondayOperation;
import com.coeffection.sync.monday.graphql.Operations;
import com.coeffection.sync.monday.sink.MondayConnections.Connection;
import com.coeffection.sync.monday.sink.coalesce.Coalescer;
import com.coeffection.sync.monday.sink.coalesce.ItemLane;
import com.coeffection.sync.monday.sink.coalesce.EnsureOp;
import com.coeffection.sync.monday.sink.coalesce.ItemOp;
import com.coeffection.sync.monday.sink.coalesce.MoveOp;
import com.coeffection.sync.monday.sink.coalesce.WriteOp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Before an item is created, monday is asked for an item carrying the record's Coeffection ID (one aliased query for
 * many records of one board). Found: the create becomes an update of that item (and a move to the asked group), so an
 * item created before a crash, or by hand, is never created twice. Not found: the create may go.
 *
 * <p>The Coeffection ID column is the board mapping's (carried by the commands); a command without one uses the
 * sink's configured default ({@code MONDAY_COEFFECTION_ID_COLUMN}).
 */
final class ItemLookup {
    private static final Logger LOG = LoggerFactory.getLogger(ItemLookup.class);
    private static final int LOOKUP_LIMIT = 5;
    /** The query field of the lookup, for the cost estimate. */
    static final String FIELD = "items_page_by_column_values";

    private final MondaySinkConfig config;
    private final MondayRequests requests;
    private final ConnectionPolicy policy;
    private final Coalescer coalescer;
    private final SinkMetrics metrics;
    private final Clock clock;
    private final RequestsInFlight inFlight;

    ItemLookup(MondaySinkConfig config, MondayRequests requests, ConnectionPolicy policy, Coalescer coalescer,
               SinkMetrics metrics, Clock clock, RequestsInFlight inFlight) {
        this.config = config;
        this.requests = requests;
        this.policy = policy;
        this.coalescer = coalescer;
        this.metrics = metrics;
        this.clock = clock;
        this.inFlight = inFlight;
    }

    /** The column of the lane's board that carries the record's Coeffection ID. */
    static String idColumn(MondaySinkConfig config, ItemLane lane) {
        return lane.coeffectionIdColumn() != null ? lane.coeffectionIdColumn() : config.coeffectionIdColumn();
    }

    /**
     * Starts the lookup of the items of these lanes (all of one board), whose heads are ensures that have not asked
     * yet; monday's answer is applied when the poll loop drains the requests in flight.
     */
    void lookUp(Connection connection, List<ItemLane> planned) {
        List<MondayOperation<ItemsPage>> operations = new ArrayList<>();
        for (ItemLane lane : planned) {
            operations.add(new Operations.FindItemsByColumnValues(lane.boardId(), idColumn(config, lane),
                    List.of(lane.recordId()), LOOKUP_LIMIT));
        }
        // a document with too many grammar tokens is refused as a whole: the lookups beyond the limit go next time
        int fit = MondayRequests.operationsWithinTokens(operations);
        List<ItemLane> lanes = planned.subList(0, fit);
        operations.subList(fit, operations.size()).clear();
        List<EnsureOp> ensures = new ArrayList<>();
        Set<Long> boards = new TreeSet<>();
        for (ItemLane lane : lanes) {
            EnsureOp ensure = (EnsureOp) lane.head();
            ensure.inFlight(true);
            ensures.add(ensure);
            boards.add(lane.boardId());
        }
        inFlight.start(connection, boards, () -> requests.<ItemsPage>send(connection, operations, false),
                result -> answered(connection, lanes, ensures, result));
    }

    private void answered(Connection connection, List<ItemLane> lanes, List<EnsureOp> ensures,
                          BatchResult<ItemsPage> result) {
        boolean wholeRequest = MondayRequests.failedTogether(result);
        Instant now = clock.instant();
        for (int i = 0; i < lanes.size(); i++) {
            ItemLane lane = lanes.get(i);
            EnsureOp ensure = ensures.get(i);
            ensure.inFlight(false);
            if (!coalescer.holds(lane) || lane.head() != ensure) {
                continue; // the partition was given up meanwhile: its new owner asks again
            }
            AliasResult<ItemsPage> outcome = result.results().get(i);
            if (outcome instanceof AliasResult.Succeeded<ItemsPage> found) {
                found(lane, ensure, found.value().items());
            } else {
                policy.failed(connection, lane, ensure, ((AliasResult.Failed<ItemsPage>) outcome).failure(), wholeRequest, now);
            }
        }
        MondayRequests.logWholeFailure(connection, result, lanes);
    }

    private void found(ItemLane lane, EnsureOp ensure, List<ItemSnapshot> found) {
        List<ItemSnapshot> items = found.stream().sorted(Comparator.comparingLong(ItemSnapshot::id)).toList();
        if (items.isEmpty()) {
            ensure.absenceConfirmed(true);
            return;
        }
        ItemSnapshot item = items.get(0);
        if (items.size() > 1) {
            LOG.warn("tenant {} board {} record {}: {} items carry this Coeffection ID; using the oldest, {}",
                    lane.tenantId(), lane.boardId(), lane.recordId(), items.size(), item.id());
        }
        LOG.info("tenant {} board {} record {}: item {} already exists; it is updated, not created again",
                lane.tenantId(), lane.boardId(), lane.recordId(), item.id());
        metrics.found();
        List<ItemOp> replacement = new ArrayList<>();
        replacement.add(WriteOp.forFound(ensure, item.id(), item.name()));
        if (ensure.groupId() != null && !ensure.groupId().equals(item.groupId())) {
            replacement.add(MoveOp.companionOf(ensure, item.id()));
        }
        coalescer.replaceHead(lane, replacement);
        lane.itemId(item.id());
    }
}

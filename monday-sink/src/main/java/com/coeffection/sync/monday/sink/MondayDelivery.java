package com.coeffection.sync.monday.sink;

import com.coeffection.sync.monday.columns.ColumnCodecs;
import com.coeffection.sync.monday.columns.ColumnType;
import com.coeffection.sync.monday.columns.ColumnValueConversionException;
import com.coeffection.sync.monday.graphql.AliasResult;
import com.coeffection.sync.monday.graphql.BatchResult;
import com.coeffection.sync.monday.graphql.Model.ItemRef;
import com.coeffection.sync.monday.graphql.Model.ItemSnapshot;
import com.coeffection.sync.monday.graphql.Model.ItemsPage;
import com.coeffection.sync.monday.graphql.MondayApiException;
import com.coeffection.sync.monday.graphql.MondayFailure;
import com.coeffection.sync.monday.graphql.MondayOperation;
import com.coeffection.sync.monday.graphql.Operations;
import com.coeffection.sync.monday.ratelimit.ComplexityBudget;
import com.coeffection.sync.monday.sink.MondayConnections.Connection;
import com.coeffection.sync.monday.sink.batch.BatchPlanner;
import com.coeffection.sync.monday.sink.coalesce.Coalescer;
import com.coeffection.sync.monday.sink.coalesce.ItemLane;
import com.coeffection.sync.monday.sink.coalesce.ItemOp;
import com.coeffection.sync.monday.sink.coalesce.PendingCommand;
import com.coeffection.sync.monday.sink.offsets.OffsetTracker;
import com.coeffection.sync.monday.sink.retry.ConnectionState;
import com.coeffection.sync.schema.ColumnWrite;
import com.coeffection.sync.schema.MondayAction;
import com.coeffection.sync.values.FieldValues;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

/**
 * The monday side of the sink: chooses what is due, looks items up by their Coeffection ID, sends aliased batches
 * the budget allows (one board per mutation request), and turns every outcome into results, history entries, dead
 * letters, back-offs and connection pauses. Called by the poll loop on its thread; never blocks beyond one monday
 * request.
 */
final class MondayDelivery {
    private static final Logger LOG = LoggerFactory.getLogger(MondayDelivery.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration MAX_SENDING_PER_ROUND = Duration.ofSeconds(5);
    private static final Duration TOKEN_RECHECK = Duration.ofSeconds(1);
    /** A refused token is tried again this long after it was refused, in case monday refused it by mistake. */
    private static final Duration REVOKED_PROBE = Duration.ofMinutes(5);
    private static final int LOOKUP_LIMIT = 5;
    private static final String LOOKUP_FIELD = "items_page_by_column_values";

    private final MondaySinkConfig config;
    private final SinkOutputs outputs;
    private final MondayConnections connections;
    private final SinkMetrics metrics;
    private final Clock clock;
    private final Coalescer coalescer;
    private final OffsetTracker offsets;
    private final BatchPlanner planner;
    private final BooleanSupplier running;
    private final SplittableRandom random = new SplittableRandom();

    MondayDelivery(MondaySinkConfig config, SinkOutputs outputs, MondayConnections connections, SinkMetrics metrics,
                   Clock clock, Coalescer coalescer, OffsetTracker offsets, BooleanSupplier running) {
        this.config = config;
        this.outputs = outputs;
        this.connections = connections;
        this.metrics = metrics;
        this.clock = clock;
        this.coalescer = coalescer;
        this.offsets = offsets;
        this.planner = new BatchPlanner(config.limits());
        this.running = running;
    }

    // ---------------------------------------------------------------- delivery

    /** Sends what is due, tenant by tenant, within this round's time. */
    void deliver() {
        Instant now = clock.instant();
        List<ItemLane> ready = coalescer.ready(now);
        if (ready.isEmpty()) {
            return;
        }
        Map<String, List<ItemLane>> byTenant = new LinkedHashMap<>();
        for (ItemLane lane : ready) {
            byTenant.computeIfAbsent(lane.tenantId(), t -> new ArrayList<>()).add(lane);
        }
        long deadline = System.nanoTime() + MAX_SENDING_PER_ROUND.toNanos();
        for (Map.Entry<String, List<ItemLane>> tenant : byTenant.entrySet()) {
            if (System.nanoTime() > deadline || !running.getAsBoolean()) {
                return;
            }
            Connection connection = connections.forTenant(tenant.getKey());
            if (connection.client() != null && connection.state() instanceof ConnectionState.Revoked revoked
                    && !revoked.since().plus(REVOKED_PROBE).isAfter(now)) {
                LOG.info("tenant {}: trying monday again with the refused token (refused since {})", tenant.getKey(),
                        revoked.since());
                connection.state(new ConnectionState.Ready());
            }
            if (!connection.allowsSendingAt(now)) {
                if (connection.state() instanceof ConnectionState.Revoked revoked) {
                    reportReconnect(tenant.getValue(), revoked);
                    holdUntil(tenant.getValue(), now.plus(TOKEN_RECHECK));
                }
                continue;
            }
            if (connection.state() instanceof ConnectionState.BackingOff || connection.state() instanceof ConnectionState.DailyLimit) {
                connection.state(new ConnectionState.Ready());
            }
            deliverTenant(connection, tenant.getValue(), deadline);
        }
    }

    /** A paused connection's changes are looked at again at {@code at}, not in every round. */
    private void holdUntil(List<ItemLane> lanes, Instant at) {
        for (ItemLane lane : lanes) {
            ItemOp head = lane.head();
            if (head != null && head.notBefore().isBefore(at)) {
                head.failed(head.lastFailure(), at, false);
            }
        }
    }

    private void deliverTenant(Connection connection, List<ItemLane> lanes, long deadline) {
        List<ItemLane> lookups = new ArrayList<>();
        for (ItemLane lane : lanes) {
            if (lane.head() instanceof ItemOp.Ensure ensure && !ensure.absenceConfirmed()) {
                lookups.add(lane);
            }
        }
        while (!lookups.isEmpty() && sendable(connection, deadline)) {
            List<BatchPlanner.Candidate<ItemLane>> candidates = lookups.stream()
                    .map(l -> new BatchPlanner.Candidate<>(l, LOOKUP_FIELD, 300L)).toList();
            BatchPlanner.Batch<ItemLane> batch = plan(connection, candidates);
            if (batch.isEmpty()) {
                return;
            }
            lookUp(connection, batch.items());
            lookups.removeAll(batch.items());
        }
        Instant now = clock.instant();
        List<ItemLane> writes = new ArrayList<>();
        for (ItemLane lane : lanes) {
            ItemOp head = lane.head();
            if (head == null || head.notBefore().isAfter(now) || head.firstReceivedAt().plus(config.window()).isAfter(now)) {
                continue;
            }
            if (head instanceof ItemOp.Ensure ensure) {
                if (ensure.absenceConfirmed()) {
                    writes.add(lane);
                }
            } else if (itemOf(head) == null) {
                deadLetter(lane, head, Failure.local("NO_ITEM", "the record " + lane.recordKey()
                        + " has no monday item yet, so its " + head.kind() + " cannot be carried out"), head.failedAttempts());
            } else if (head instanceof ItemOp.Write write && write.columns().isEmpty()) {
                delivered(lane, head, null, 0);
            } else {
                writes.add(lane);
            }
        }
        resolvePeople(connection, writes, now);
        // one board per mutation request: a board monday has locked then holds up only its own changes
        Map<Long, List<ItemLane>> byBoard = new LinkedHashMap<>();
        for (ItemLane lane : writes) {
            byBoard.computeIfAbsent(lane.boardId(), b -> new ArrayList<>()).add(lane);
        }
        for (List<ItemLane> boardWrites : byBoard.values()) {
            int share = planner.evenShare(boardWrites.size());
            while (!boardWrites.isEmpty() && sendable(connection, deadline)) {
                if (shouldWaitToFill(boardWrites, now)) {
                    break;
                }
                List<BatchPlanner.Candidate<ItemLane>> candidates = boardWrites.stream()
                        .map(l -> new BatchPlanner.Candidate<>(l, fieldOf(l.head()), bytesOf(l.head()))).toList();
                BatchPlanner.Batch<ItemLane> batch = plan(connection, candidates, share);
                if (batch.isEmpty()) {
                    return;
                }
                write(connection, batch.items());
                boardWrites.removeAll(batch.items());
            }
        }
    }

    /**
     * People named by email only get their monday user ids (one {@code users} query for all emails of the round,
     * cached). A change naming someone who is not a monday user is dead-lettered with the codec's explanation; a
     * failed query is handled like any failed request.
     */
    private void resolvePeople(Connection connection, List<ItemLane> writes, Instant now) {
        List<ItemLane> needing = writes.stream().filter(l -> columnsOf(l.head()) != null
                && !columnsOf(l.head()).unresolved().isEmpty()).toList();
        if (needing.isEmpty()) {
            return;
        }
        java.util.Set<String> emails = new java.util.LinkedHashSet<>();
        for (ItemLane lane : needing) {
            for (ItemOp.Columns.Slot slot : columnsOf(lane.head()).unresolved()) {
                emailsOf(slot.column().write().getValue(), emails);
            }
        }
        MondayFailure failure = null;
        try {
            connection.people().byEmails(emails);
        } catch (MondayApiException e) {
            failure = e.failure();
        } catch (RuntimeException e) {
            failure = new MondayFailure.RetryLater(config.backoff().base(), "CLIENT_ERROR", e.toString(), null, false);
        }
        if (failure != null) {
            for (ItemLane lane : needing) {
                failed(connection, lane, lane.head(), failure, true, now);
            }
            writes.removeAll(needing);
            return;
        }
        for (ItemLane lane : needing) {
            ItemOp.Columns columns = columnsOf(lane.head());
            try {
                for (ItemOp.Columns.Slot slot : columns.unresolved()) {
                    String columnId = slot.column().columnId();
                    columns.resolve(columnId, connection.people()
                            .columnValues(columnId, slot.column().write().getValue(), java.util.Optional.empty()).get(columnId));
                }
            } catch (ColumnValueConversionException e) {
                writes.remove(lane);
                deadLetter(lane, lane.head(), Failure.local("COLUMN_VALUE", "a person cannot be written to " + e.getMessage()),
                        lane.head().failedAttempts());
            }
        }
    }

    private static ItemOp.Columns columnsOf(ItemOp op) {
        return op instanceof ItemOp.Ensure e ? e.columns() : op instanceof ItemOp.Write w ? w.columns() : null;
    }

    private static void emailsOf(com.coeffection.sync.schema.FieldValue value, java.util.Set<String> emails) {
        if (value == null) {
            return;
        }
        if (value.getValue() instanceof com.coeffection.sync.schema.PersonValue p && p.getEmail() != null
                && p.getMondayUserId() == null) {
            emails.add(p.getEmail());
        } else if (value.getValue() instanceof com.coeffection.sync.schema.PeopleValue people) {
            people.getPeople().forEach(p -> emailsOf(new com.coeffection.sync.schema.FieldValue(p), emails));
        }
    }

    /** A failure that concerns one board (monday locked it), not the whole connection. */
    private static boolean boardLevel(MondayFailure.RetryLater retry) {
        String code = retry.code() == null ? "" : retry.code().toUpperCase(java.util.Locale.ROOT);
        return code.contains("LOCK") || code.equals("HTTP_423");
    }

    /**
     * Whether a request of only these few changes should wait a little: more changes of the same board become due
     * before the oldest of these has waited its window plus the fill wait.
     */
    private boolean shouldWaitToFill(List<ItemLane> writes, Instant now) {
        if (writes.size() >= config.fillTo() || config.fillWait().isZero()) {
            return false;
        }
        Instant oldest = writes.stream().map(l -> l.head().firstReceivedAt()).min(Comparator.naturalOrder()).orElse(now);
        if (!oldest.plus(config.window()).plus(config.fillWait()).isAfter(now)) {
            return false;
        }
        String tenant = writes.get(0).tenantId();
        long board = writes.get(0).boardId();
        Instant sendBy = oldest.plus(config.window()).plus(config.fillWait());
        for (ItemLane lane : coalescer.lanes()) {
            ItemOp head = lane.head();
            if (head == null || !lane.tenantId().equals(tenant) || lane.boardId() != board || writes.contains(lane)) {
                continue;
            }
            Instant due = head.firstReceivedAt().plus(config.window());
            if (head.notBefore().isAfter(due)) {
                due = head.notBefore();
            }
            if (due.isAfter(now) && due.isBefore(sendBy)) {
                return true;
            }
        }
        return false;
    }

    private boolean sendable(Connection connection, long deadline) {
        return running.getAsBoolean() && System.nanoTime() < deadline && connection.allowsSendingAt(clock.instant());
    }

    /** The next batch the budget allows; when nothing fits, the connection waits for the budget (not an error). */
    private BatchPlanner.Batch<ItemLane> plan(Connection connection, List<BatchPlanner.Candidate<ItemLane>> candidates) {
        return plan(connection, candidates, planner.limits().maxOperations());
    }

    private BatchPlanner.Batch<ItemLane> plan(Connection connection, List<BatchPlanner.Candidate<ItemLane>> candidates,
                                              int maxOperations) {
        ComplexityBudget budget = connection.client().budget();
        BatchPlanner.Batch<ItemLane> batch = planner.next(candidates, connection.client().costs()::estimate,
                budget.snapshot().available(), maxOperations);
        if (batch.isEmpty()) {
            long first = connection.client().costs().estimate(candidates.get(0).field());
            Duration wait = budget.waitFor(first);
            Instant until = clock.instant().plus(wait.isZero() ? Duration.ofMillis(50) : wait);
            connection.state(new ConnectionState.BackingOff(until, "BUDGET_WAIT",
                    "waiting for monday's complexity budget to reset"));
            LOG.debug("waiting {} ms for monday's complexity budget", wait.toMillis());
        }
        return batch;
    }

    private void lookUp(Connection connection, List<ItemLane> lanes) {
        List<MondayOperation<ItemsPage>> operations = new ArrayList<>();
        for (ItemLane lane : lanes) {
            operations.add(new Operations.FindItemsByColumnValues(lane.boardId(), config.coeffectionIdColumn(),
                    List.of(lane.recordId()), LOOKUP_LIMIT));
        }
        BatchResult<ItemsPage> result = send(connection, operations);
        account(connection, result, false, operations.size());
        boolean wholeRequest = failedTogether(result);
        Instant now = clock.instant();
        for (int i = 0; i < lanes.size(); i++) {
            ItemLane lane = lanes.get(i);
            ItemOp.Ensure ensure = (ItemOp.Ensure) lane.head();
            AliasResult<ItemsPage> outcome = result.results().get(i);
            if (outcome instanceof AliasResult.Succeeded<ItemsPage> found) {
                List<ItemSnapshot> items = found.value().items().stream()
                        .sorted(Comparator.comparingLong(ItemSnapshot::id)).toList();
                if (items.isEmpty()) {
                    ensure.absenceConfirmed(true);
                    continue;
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
                replacement.add(ItemOp.Write.forFound(ensure, item.id(), item.name()));
                if (ensure.groupId() != null && !ensure.groupId().equals(item.groupId())) {
                    replacement.add(ItemOp.Move.companionOf(ensure, item.id()));
                }
                coalescer.replaceHead(lane, replacement);
                lane.itemId(item.id());
            } else {
                failed(connection, lane, ensure, ((AliasResult.Failed<ItemsPage>) outcome).failure(), wholeRequest, now);
            }
        }
        logBackOff(connection, result, wholeRequest, lanes);
    }

    private void write(Connection connection, List<ItemLane> lanes) {
        List<MondayOperation<ItemRef>> operations = new ArrayList<>();
        List<ItemLane> sendable = new ArrayList<>();
        for (ItemLane lane : lanes) {
            try {
                operations.add(operationFor(lane));
                sendable.add(lane);
            } catch (RuntimeException e) {
                deadLetter(lane, lane.head(), Failure.local("INVALID_COMMAND", "the change cannot be expressed as a monday"
                        + " operation: " + e.getMessage()), lane.head().failedAttempts());
            }
        }
        if (sendable.isEmpty()) {
            return;
        }
        lanes = sendable;
        BatchResult<ItemRef> result = send(connection, operations);
        account(connection, result, true, operations.size());
        boolean wholeRequest = failedTogether(result);
        Instant now = clock.instant();
        for (int i = 0; i < lanes.size(); i++) {
            ItemLane lane = lanes.get(i);
            ItemOp op = lane.head();
            AliasResult<ItemRef> outcome = result.results().get(i);
            if (outcome instanceof AliasResult.Succeeded<ItemRef> done) {
                delivered(lane, op, done.value(), result.attempts());
            } else {
                if (op instanceof ItemOp.Ensure ensure) {
                    ensure.absenceConfirmed(false);
                }
                failed(connection, lane, op, ((AliasResult.Failed<ItemRef>) outcome).failure(), wholeRequest, now);
            }
        }
        logBackOff(connection, result, wholeRequest, lanes);
    }

    private <T> void logBackOff(Connection connection, BatchResult<T> result, boolean wholeRequest, List<ItemLane> lanes) {
        if (!wholeRequest || result.failures().isEmpty()) {
            return;
        }
        MondayFailure failure = result.failures().get(0).failure();
        if (failure instanceof MondayFailure.RetryLater retry && boardLevel(retry)) {
            LOG.warn("tenant {} board {}: monday refused a request of {} change(s) with {} ({}); that board's changes wait",
                    lanes.get(0).tenantId(), lanes.get(0).boardId(), lanes.size(), retry.code(), abbreviate(retry.message()));
        } else if (connection.state() instanceof ConnectionState.BackingOff b) {
            LOG.warn("tenant {}: monday failed a whole request of {} operation(s) with {} ({}); backing off until {}",
                    lanes.get(0).tenantId(), lanes.size(), b.code(), abbreviate(b.message()), b.until());
        }
    }

    private static String abbreviate(String text) {
        return text == null || text.length() <= 200 ? text : text.substring(0, 197) + "...";
    }

    /**
     * Sends one request. Anything the client throws (it should report every failure as a typed outcome) is taken as
     * a retryable failure of the whole request, so that no input can make the loop fail over and over.
     */
    private <T> BatchResult<T> send(Connection connection, List<? extends MondayOperation<? extends T>> operations) {
        long started = System.nanoTime();
        try {
            return connection.client().executeBatch(operations);
        } catch (RuntimeException e) {
            LOG.warn("the monday client failed unexpectedly; the request will be retried: {}", e.toString(), e);
            MondayFailure failure = new MondayFailure.RetryLater(config.backoff().base(), "CLIENT_ERROR", e.toString(),
                    null, false);
            List<AliasResult<T>> failed = new ArrayList<>();
            for (int i = 0; i < operations.size(); i++) {
                failed.add(new AliasResult.Failed<>("a" + i, operations.get(i), failure));
            }
            return new BatchResult<>(failed, java.util.Optional.empty(), 1);
        } finally {
            metrics.requestTime(operations.get(0).kind().name().toLowerCase(java.util.Locale.ROOT),
                    Duration.ofNanos(System.nanoTime() - started));
        }
    }

    private MondayOperation<ItemRef> operationFor(ItemLane lane) {
        ItemOp op = lane.head();
        boolean labels = config.createLabelsIfMissing();
        if (op instanceof ItemOp.Ensure ensure) {
            Map<String, String> values = new LinkedHashMap<>(ensure.columns().json());
            String nameJson = values.remove(ItemOp.NAME_COLUMN);
            String name = nameJson != null ? textOf(nameJson) : ensure.itemName();
            if (name == null || name.isBlank()) {
                name = lane.recordId();
            }
            values.putIfAbsent(config.coeffectionIdColumn(),
                    ColumnCodecs.standard().toMonday(ColumnType.TEXT, config.coeffectionIdColumn(), FieldValues.text(lane.recordId())));
            return new Operations.CreateItem(lane.boardId(), name, ensure.groupId(), values, labels);
        } else if (op instanceof ItemOp.Write write) {
            return new Operations.ChangeColumnValues(lane.boardId(), write.itemId(), write.columns().json(), labels);
        } else if (op instanceof ItemOp.Move move) {
            return new Operations.MoveItemToGroup(lane.boardId(), move.itemId(), move.groupId());
        } else {
            return new Operations.ArchiveItem(lane.boardId(), ((ItemOp.Archive) op).itemId());
        }
    }

    private static String textOf(String json) {
        try {
            return JSON.readTree(json).asText();
        } catch (Exception e) {
            return json;
        }
    }

    private static Long itemOf(ItemOp op) {
        if (op instanceof ItemOp.Write w) {
            return w.itemId();
        } else if (op instanceof ItemOp.Move m) {
            return m.itemId();
        } else if (op instanceof ItemOp.Archive a) {
            return a.itemId();
        }
        return null;
    }

    private static String fieldOf(ItemOp op) {
        if (op instanceof ItemOp.Ensure) {
            return "create_item";
        } else if (op instanceof ItemOp.Write) {
            return "change_multiple_column_values";
        } else if (op instanceof ItemOp.Move) {
            return "move_item_to_group";
        }
        return "archive_item";
    }

    private static long bytesOf(ItemOp op) {
        long bytes = 200;
        if (op instanceof ItemOp.Ensure e) {
            bytes += e.columns().json().entrySet().stream().mapToLong(x -> x.getKey().length() + x.getValue().length() + 8).sum();
        } else if (op instanceof ItemOp.Write w) {
            bytes += w.columns().json().entrySet().stream().mapToLong(x -> x.getKey().length() + x.getValue().length() + 8).sum();
        }
        return bytes;
    }

    private static <T> boolean failedTogether(BatchResult<T> result) {
        return !result.results().isEmpty() && result.complexity().isEmpty()
                && result.results().stream().allMatch(r -> r instanceof AliasResult.Failed<T>);
    }

    private <T> void account(Connection connection, BatchResult<T> result, boolean mutation, int operations) {
        long ok = result.results().stream().filter(r -> r instanceof AliasResult.Succeeded<T>).count();
        String outcome = ok == operations ? "ok" : ok == 0 ? "failed" : "partial";
        for (int i = 0; i < Math.max(1, result.attempts()); i++) {
            metrics.call(mutation ? "mutation" : "query", outcome);
        }
        metrics.request(mutation, operations);
        long used = result.complexity().map(ComplexityBudget.Report::query).orElse(0L);
        metrics.complexity(used, connection.client().budget().snapshot().remaining());
    }

    // ---------------------------------------------------------------- outcomes

    private void delivered(ItemLane lane, ItemOp op, ItemRef ref, int attempts) {
        boolean linked = false;
        if (op instanceof ItemOp.Ensure && ref != null) {
            lane.itemId(ref.id());
            linked = true;
            metrics.created();
        } else if (op instanceof ItemOp.Write write && write.foundByLookup()) {
            linked = true;
        }
        Long itemId = ref != null ? Long.valueOf(ref.id()) : lane.itemId();
        int tries = op.failedAttempts() + Math.max(1, attempts);
        Instant now = clock.instant();
        if (!op.companion()) {
            Map<PendingCommand, List<ColumnWrite>> deliveredColumns = deliveredColumns(op);
            PendingCommand linking = linked ? linkingCommand(op) : null;
            for (PendingCommand command : op.commands()) {
                if (command != linking) {
                    outputs.delivered(command, itemId, false, deliveredColumns.getOrDefault(command, List.of()), tries);
                }
                metrics.latency(Duration.between(command.sourceChangedAt(), now));
            }
            if (linking != null) {
                List<ColumnWrite> all = new ArrayList<>();
                deliveredColumns.values().forEach(all::addAll);
                outputs.delivered(linking, itemId, true, all, tries);
            }
            metrics.delivered(op.commands().size());
        }
        for (PendingCommand command : op.commands()) {
            offsets.done(command.source().topicPartition(), command.source().offset());
        }
        LOG.debug("tenant {} board {} record {}: {} of {} command(s) confirmed by monday (item {})", lane.tenantId(),
                lane.boardId(), lane.recordId(), op.kind(), op.commands().size(), itemId);
        coalescer.completeHead(lane);
    }

    /**
     * The command whose result links the record to its item: the (first) create, or the first command when the item
     * was ensured for an update. Its result goes last and carries every value monday now holds, so the processor has
     * seen all delivered values when it learns the link.
     */
    private static PendingCommand linkingCommand(ItemOp op) {
        return op.commands().stream().filter(c -> c.command().getAction() == MondayAction.CREATE_ITEM).findFirst()
                .orElse(op.commands().get(0));
    }

    /** For each command, the column values of it that monday now holds (a later command's value replaced the rest). */
    private static Map<PendingCommand, List<ColumnWrite>> deliveredColumns(ItemOp op) {
        ItemOp.Columns columns = op instanceof ItemOp.Ensure e ? e.columns() : op instanceof ItemOp.Write w ? w.columns() : null;
        Map<PendingCommand, List<ColumnWrite>> byCommand = new LinkedHashMap<>();
        if (columns != null) {
            for (ItemOp.Columns.Slot slot : columns.slots().values()) {
                byCommand.computeIfAbsent(slot.from(), c -> new ArrayList<>()).add(slot.column().write());
            }
        }
        return byCommand;
    }

    private void failed(Connection connection, ItemLane lane, ItemOp op, MondayFailure failure, boolean wholeRequest,
                        Instant now) {
        if (failure instanceof MondayFailure.RetryLater retry) {
            boolean counts = !retry.budgetExhausted();
            int failedAttempts = op.failedAttempts() + (counts ? 1 : 0);
            metrics.retry(retry.code());
            if (counts && failedAttempts >= config.maxAttempts()) {
                deadLetter(lane, op, Failure.fromMonday("MONDAY_RETRIES_EXHAUSTED", retry), failedAttempts);
                return;
            }
            Duration delay = config.backoff().delay(Math.max(1, failedAttempts), retry.delay(), random);
            op.failed(retry, now.plus(delay), counts);
            if (wholeRequest && !boardLevel(retry)) {
                Instant until = now.plus(delay);
                if (!(connection.state() instanceof ConnectionState.BackingOff b) || b.until().isBefore(until)) {
                    connection.state(new ConnectionState.BackingOff(until, retry.code(), retry.message()));
                }
            } else {
                LOG.info("tenant {} board {} record {}: {} will be retried in {} ms after {}: {}", lane.tenantId(),
                        lane.boardId(), lane.recordId(), op.kind(), delay.toMillis(), retry.code(), retry.message());
            }
        } else if (failure instanceof MondayFailure.Permanent permanent) {
            deadLetter(lane, op, Failure.fromMonday("MONDAY_PERMANENT", permanent), op.failedAttempts() + 1);
        } else if (failure instanceof MondayFailure.ConnectionRevoked revoked) {
            metrics.retry(revoked.code());
            if (!(connection.state() instanceof ConnectionState.Revoked)) {
                LOG.error("tenant {}: monday refused the API token ({}: {}); the connection is paused until a new"
                        + " token is configured", lane.tenantId(), revoked.code(), revoked.message());
            }
            ConnectionState.Revoked state = new ConnectionState.Revoked(connection.token(), now, revoked.code(),
                    revoked.message(), revoked.requestId());
            connection.state(state);
            op.failed(revoked, now.plus(TOKEN_RECHECK), false);
            reportReconnect(List.of(lane), state);
        } else if (failure instanceof MondayFailure.DailyLimitReached daily) {
            metrics.retry(daily.code());
            if (!(connection.state() instanceof ConnectionState.DailyLimit)) {
                LOG.warn("tenant {}: monday's daily call limit is reached ({}); paused until {}", lane.tenantId(),
                        daily.message(), daily.resumeAt());
            }
            connection.state(new ConnectionState.DailyLimit(daily.resumeAt(), daily.message()));
            op.failed(daily, daily.resumeAt(), false);
        }
    }

    private void reportReconnect(List<ItemLane> lanes, ConnectionState.Revoked revoked) {
        Failure failure = new Failure("RECONNECT_NEEDED", revoked.code(), revoked.message(), revoked.requestId());
        for (ItemLane lane : lanes) {
            ItemOp head = lane.head();
            if (head == null || head.reconnectReported()) {
                continue;
            }
            head.markReconnectReported();
            if (!head.companion()) {
                for (PendingCommand command : head.commands()) {
                    outputs.reconnectNeeded(command, lane.itemId(), failure, head.failedAttempts());
                }
            }
        }
    }

    private void deadLetter(ItemLane lane, ItemOp op, Failure failure, int attempts) {
        LOG.warn("tenant {} board {} record {}: {} of {} command(s) goes to the dead letters: {}", lane.tenantId(),
                lane.boardId(), lane.recordId(), op.kind(), op.commands().size(), failure.reason());
        for (PendingCommand command : op.commands()) {
            outputs.deadLettered(command, lane.itemId(), failure, attempts);
            metrics.deadLetter(failure.errorType());
            offsets.done(command.source().topicPartition(), command.source().offset());
        }
        coalescer.completeHead(lane);
    }
}

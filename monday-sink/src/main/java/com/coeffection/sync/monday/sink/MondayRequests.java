package com.coeffection.sync.monday.sink;

import com.coeffection.sync.monday.graphql.AliasResult;
import com.coeffection.sync.monday.graphql.BatchResult;
import com.coeffection.sync.monday.graphql.GraphQlRequest;
import com.coeffection.sync.monday.graphql.MondayFailure;
import com.coeffection.sync.monday.graphql.MondayOperation;
import com.coeffection.sync.monday.ratelimit.ComplexityBudget;
import com.coeffection.sync.monday.sink.MondayConnections.Connection;
import com.coeffection.sync.monday.sink.coalesce.ItemLane;
import com.coeffection.sync.monday.sink.retry.ConnectionState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Sends one aliased request on a connection and counts it (calls, operations, complexity, time). */
final class MondayRequests {
    private static final Logger LOG = LoggerFactory.getLogger(MondayRequests.class);

    private final MondaySinkConfig config;
    private final SinkMetrics metrics;

    MondayRequests(MondaySinkConfig config, SinkMetrics metrics) {
        this.config = config;
        this.metrics = metrics;
    }

    /**
     * Sends one request. Anything the client throws (it should report every failure as a typed outcome) is taken as
     * a retryable failure of the whole request, so that no input can make the loop fail over and over.
     */
    <T> BatchResult<T> send(Connection connection, List<? extends MondayOperation<? extends T>> operations, boolean mutation) {
        long started = System.nanoTime();
        BatchResult<T> result;
        try {
            result = connection.client().executeBatch(operations);
        } catch (RuntimeException e) {
            LOG.warn("the monday client failed unexpectedly; the request will be retried: {}", e.toString(), e);
            MondayFailure failure = new MondayFailure.RetryLater(config.backoff().base(), "CLIENT_ERROR", e.toString(),
                    null, false);
            List<AliasResult<T>> failed = new ArrayList<>();
            for (int i = 0; i < operations.size(); i++) {
                failed.add(new AliasResult.Failed<>("a" + i, operations.get(i), failure));
            }
            result = new BatchResult<>(failed, Optional.empty(), 1);
        } finally {
            metrics.requestTime(operations.get(0).kind().name().toLowerCase(Locale.ROOT),
                    Duration.ofNanos(System.nanoTime() - started));
        }
        account(connection, result, mutation, operations.size());
        return result;
    }

    /**
     * The grammar tokens one request may have: below the 15,000 above which GraphQL parsers (graphql-java's default)
     * refuse a document as a whole; monday documents no figure. About 270 column changes fit.
     */
    static final int MAX_TOKENS = 12_000;

    /** How many of {@code operations}, from the first, fit in one request of at most {@link #MAX_TOKENS} tokens. */
    static int operationsWithinTokens(List<? extends MondayOperation<?>> operations) {
        int size = operations.size();
        int tokens = GraphQlRequest.of(operations).tokens();
        while (tokens > MAX_TOKENS && size > 1) {
            size = Math.max(1, Math.min(size - 1, (int) ((long) size * MAX_TOKENS / tokens)));
            tokens = GraphQlRequest.of(operations.subList(0, size)).tokens();
        }
        return size;
    }

    /** Whether every operation failed and monday reported no complexity: the request itself failed. */
    static <T> boolean failedTogether(BatchResult<T> result) {
        return !result.results().isEmpty() && result.complexity().isEmpty()
                && result.results().stream().allMatch(r -> r instanceof AliasResult.Failed<T>);
    }

    /** Logs a whole request's failure once (not once per change). */
    static <T> void logWholeFailure(Connection connection, BatchResult<T> result, List<ItemLane> lanes) {
        if (!failedTogether(result) || result.failures().isEmpty()) {
            return;
        }
        MondayFailure failure = result.failures().get(0).failure();
        if (failure instanceof MondayFailure.BoardLocked locked) {
            LOG.warn("tenant {} board {}: monday has locked the board ({}: {}); {} change(s) of that board wait",
                    lanes.get(0).tenantId(), lanes.get(0).boardId(), locked.code(), abbreviate(locked.message()), lanes.size());
        } else if (connection.state() instanceof ConnectionState.BackingOff b) {
            LOG.warn("tenant {}: monday failed a whole request of {} operation(s) with {} ({}); backing off until {}",
                    lanes.get(0).tenantId(), lanes.size(), b.code(), abbreviate(b.message()), b.until());
        }
    }

    private static String abbreviate(String text) {
        return text == null || text.length() <= 200 ? text : text.substring(0, 197) + "...";
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
}

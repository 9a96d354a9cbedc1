package com.coeffection.sync.monday.sink.batch;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Chooses which waiting operations go together in the next request to monday (one request, several operations
 * under aliases). A request takes operations in order until the next one would exceed any of: the most operations
 * per request, the complexity one request may cost, the complexity the budget has left now, or the request size.
 */
public final class BatchPlanner {
    private final Limits limits;

    /**
     * @param maxOperations  operations per request
     * @param maxComplexity  complexity points one request may cost (monday refuses a query above 5,000,000)
     * @param maxRequestBytes the largest request body this sink sends
     */
    public record Limits(int maxOperations, long maxComplexity, long maxRequestBytes) {
        public Limits {
            if (maxOperations < 1 || maxComplexity < 1 || maxRequestBytes < 1) {
                throw new IllegalArgumentException("batch limits must be positive");
            }
        }
    }

    /**
     * An operation that could go in the next request.
     *
     * @param item  what the caller needs back
     * @param field monday's field name (its cost is estimated by it)
     * @param bytes about how many bytes it adds to the request body
     */
    public record Candidate<T>(T item, String field, long bytes) {
    }

    /**
     * The next request.
     *
     * @param items          the operations in it, in order (empty when even the first one does not fit the budget now)
     * @param estimatedCost  their estimated complexity
     * @param budgetLimited  whether the budget left, not a limit of the request itself, stopped it from taking more
     */
    public record Batch<T>(List<T> items, long estimatedCost, boolean budgetLimited) {
        public boolean isEmpty() {
            return items.isEmpty();
        }
    }

    public BatchPlanner(Limits limits) {
        this.limits = limits;
    }

    public Limits limits() {
        return limits;
    }

    /**
     * The next request from {@code candidates} (in order).
     *
     * @param cost            estimated complexity of one operation by field name
     * @param budgetAvailable complexity points the budget can spend now
     */
    public <T> Batch<T> next(List<Candidate<T>> candidates, ToLongFunction<String> cost, long budgetAvailable) {
        return next(candidates, cost, budgetAvailable, limits.maxOperations());
    }

    /**
     * The number of operations per request that splits {@code waiting} operations evenly over as few requests as the
     * limit allows (105 waiting with a limit of 50: three requests of 35, not 50 + 50 + 5).
     */
    public int evenShare(int waiting) {
        if (waiting <= limits.maxOperations()) {
            return Math.max(1, waiting);
        }
        int requests = (waiting + limits.maxOperations() - 1) / limits.maxOperations();
        return (waiting + requests - 1) / requests;
    }

    /** The next request, taking at most {@code maxOperations} (never more than the limit). */
    public <T> Batch<T> next(List<Candidate<T>> candidates, ToLongFunction<String> cost, long budgetAvailable,
                             int maxOperations) {
        int most = Math.min(Math.max(1, maxOperations), limits.maxOperations());
        List<T> chosen = new ArrayList<>();
        long points = 0;
        long bytes = 0;
        boolean budgetLimited = false;
        for (Candidate<T> candidate : candidates) {
            if (chosen.size() >= most) {
                break;
            }
            long c = Math.max(0, cost.applyAsLong(candidate.field()));
            boolean first = chosen.isEmpty();
            if (points + c > budgetAvailable) {
                budgetLimited = true;
                break;
            }
            if (!first && (points + c > limits.maxComplexity() || bytes + candidate.bytes() > limits.maxRequestBytes())) {
                break;
            }
            chosen.add(candidate.item());
            points += c;
            bytes += candidate.bytes();
        }
        return new Batch<>(List.copyOf(chosen), points, budgetLimited);
    }
}

package com.coeffection.sync.monday.graphql;

import com.coeffection.sync.monday.ratelimit.ComplexityBudget;

import java.util.List;
import java.util.Optional;

/**
 * The outcomes of a request's operations, in the order they were given.
 *
 * @param complexity what monday reported the request cost (empty when it was not charged)
 * @param attempts   how many times the request was sent (retries of whole-request failures included)
 */
public record BatchResult<T>(List<AliasResult<T>> results, Optional<ComplexityBudget.Report> complexity, int attempts) {
    public boolean allSucceeded() {
        return results.stream().allMatch(r -> r instanceof AliasResult.Succeeded<T>);
    }

    /** The values of the operations that succeeded, in order. */
    public List<T> values() {
        return results.stream().filter(r -> r instanceof AliasResult.Succeeded<T>)
                .map(r -> ((AliasResult.Succeeded<T>) r).value()).toList();
    }

    public List<AliasResult.Failed<T>> failures() {
        return results.stream().filter(r -> r instanceof AliasResult.Failed<T>).map(r -> (AliasResult.Failed<T>) r).toList();
    }
}

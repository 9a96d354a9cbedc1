package com.coeffection.sync.monday.graphql;

/**
 * The outcome of one aliased operation of a request: monday reports failures per alias, so one bad item does not
 * fail the others in the same request.
 */
public sealed interface AliasResult<T> {
    String alias();

    MondayOperation<? extends T> operation();

    record Succeeded<T>(String alias, MondayOperation<? extends T> operation, T value) implements AliasResult<T> {
    }

    record Failed<T>(String alias, MondayOperation<? extends T> operation, MondayFailure failure) implements AliasResult<T> {
    }
}

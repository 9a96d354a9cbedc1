package com.coeffection.sync.monday.graphql;

/** Whether an operation reads (GraphQL query) or changes (mutation) monday. One request holds one kind. */
public enum OperationKind {
    QUERY("query"),
    MUTATION("mutation");

    private final String keyword;

    OperationKind(String keyword) {
        this.keyword = keyword;
    }

    String keyword() {
        return keyword;
    }
}

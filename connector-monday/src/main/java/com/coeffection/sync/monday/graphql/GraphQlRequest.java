package com.coeffection.sync.monday.graphql;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One request to monday: several operations of one kind, each under its alias ({@code a0}, {@code a1}, ...),
 * plus {@code complexity { before after query reset_in_x_seconds }} so the client always learns the budget.
 */
public record GraphQlRequest(OperationKind kind, String query, Map<String, Object> variables, List<String> aliases) {
    /** The complexity selection asked in every request. */
    public static final String COMPLEXITY_FIELD = "complexity { before after query reset_in_x_seconds }";

    /** Renders operations (all of one kind) into one request. */
    public static GraphQlRequest of(List<? extends MondayOperation<?>> operations) {
        if (operations.isEmpty()) {
            throw new IllegalArgumentException("a request needs at least one operation");
        }
        OperationKind kind = operations.get(0).kind();
        Map<String, String> variableTypes = new LinkedHashMap<>();
        Map<String, Object> variables = new LinkedHashMap<>();
        List<String> aliases = new ArrayList<>();
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < operations.size(); i++) {
            MondayOperation<?> op = operations.get(i);
            if (op.kind() != kind) {
                throw new IllegalArgumentException("queries and mutations cannot share a request: " + operations);
            }
            String alias = "a" + i;
            aliases.add(alias);
            FieldWriter writer = new FieldWriter(alias, op.field(), variableTypes, variables);
            op.write(writer);
            body.append("  ").append(writer.render()).append('\n');
        }
        StringBuilder query = new StringBuilder(kind.keyword()).append(' ')
                .append(kind == OperationKind.QUERY ? "SyncRead" : "SyncWrite");
        if (!variableTypes.isEmpty()) {
            query.append('(');
            boolean first = true;
            for (Map.Entry<String, String> v : variableTypes.entrySet()) {
                if (!first) {
                    query.append(", ");
                }
                query.append('$').append(v.getKey()).append(": ").append(v.getValue());
                first = false;
            }
            query.append(')');
        }
        query.append(" {\n").append(body).append("  ").append(COMPLEXITY_FIELD).append("\n}");
        return new GraphQlRequest(kind, query.toString(), java.util.Collections.unmodifiableMap(variables), List.copyOf(aliases));
    }
}

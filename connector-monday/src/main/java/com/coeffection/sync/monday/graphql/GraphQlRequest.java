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

    /**
     * How many grammar tokens the query has (names, numbers, strings, punctuators and the end of the document; not
     * whitespace, commas or comments). GraphQL servers refuse documents with too many (graphql-java, for one, above 15,000 by default) as
     * a whole, so a sink keeps its requests below such a count. A small lexer of GraphQL's lexical grammar: the
     * production client carries no GraphQL library.
     */
    public int tokens() {
        return countTokens(query);
    }

    static int countTokens(String text) {
        int count = 0;
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c) || c == ',' || c == '\uFEFF') {
                i++;
            } else if (c == '#') {
                while (i < n && text.charAt(i) != '\n' && text.charAt(i) != '\r') {
                    i++;
                }
            } else if (c == '"') {
                count++;
                if (text.startsWith("\"\"\"", i)) {
                    int end = text.indexOf("\"\"\"", i + 3);
                    i = end < 0 ? n : end + 3;
                } else {
                    i++;
                    while (i < n && text.charAt(i) != '"') {
                        i += text.charAt(i) == '\\' ? 2 : 1;
                    }
                    i++;
                }
            } else if (c == '.' && text.startsWith("...", i)) {
                count++;
                i += 3;
            } else if (Character.isLetterOrDigit(c) || c == '_' || c == '-') {
                count++;
                i++;
                while (i < n && (Character.isLetterOrDigit(text.charAt(i)) || "_.+-".indexOf(text.charAt(i)) >= 0)) {
                    i++;
                }
            } else {
                count++; // a punctuator: ! $ & ( ) : = @ [ ] { | }
                i++;
            }
        }
        return count + 1; // the end of the document counts too
    }

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

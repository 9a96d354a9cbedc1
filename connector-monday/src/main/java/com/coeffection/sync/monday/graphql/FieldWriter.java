package com.coeffection.sync.monday.graphql;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes one aliased top-level field of a request. Every argument becomes a GraphQL variable named after the
 * alias ({@code $a3_board_id}), so values are never spliced into the query text.
 */
public final class FieldWriter {
    private final String alias;
    private final String field;
    private final Map<String, String> arguments = new LinkedHashMap<>();
    private final Map<String, String> variableTypes;
    private final Map<String, Object> variables;
    private String selection = "";

    FieldWriter(String alias, String field, Map<String, String> variableTypes, Map<String, Object> variables) {
        this.alias = alias;
        this.field = field;
        this.variableTypes = variableTypes;
        this.variables = variables;
    }

    /** An argument of GraphQL type {@code type}; a null value for a nullable type is left out. */
    public FieldWriter arg(String name, String type, Object value) {
        if (value == null && !type.endsWith("!")) {
            return this;
        }
        if (value == null) {
            throw new IllegalArgumentException("argument " + name + " of " + field + " is required");
        }
        String variable = alias + "_" + name;
        variableTypes.put(variable, type);
        variables.put(variable, value);
        arguments.put(name, "$" + variable);
        return this;
    }

    /** A variable used inside the selection (an argument of a nested field); returns its reference. */
    public String variable(String name, String type, Object value) {
        String variable = alias + "_" + name;
        variableTypes.put(variable, type);
        variables.put(variable, value);
        return "$" + variable;
    }

    /** The selection set (without braces); empty for a scalar field. */
    public FieldWriter select(String selection) {
        this.selection = selection;
        return this;
    }

    String render() {
        StringBuilder sb = new StringBuilder().append(alias).append(": ").append(field);
        if (!arguments.isEmpty()) {
            sb.append('(');
            boolean first = true;
            for (Map.Entry<String, String> a : arguments.entrySet()) {
                if (!first) {
                    sb.append(", ");
                }
                sb.append(a.getKey()).append(": ").append(a.getValue());
                first = false;
            }
            sb.append(')');
        }
        if (!selection.isBlank()) {
            sb.append(" { ").append(selection).append(" }");
        }
        return sb.toString();
    }
}

package com.coeffection.sync.monday.standin;

import graphql.language.Argument;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.IntValue;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.language.VariableReference;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** What a parsed request names and costs: its operation, the boards it touches and its complexity. */
final class QueryShape {
    private QueryShape() {
    }

    static OperationDefinition operation(Document document, String name) {
        List<OperationDefinition> ops = document.getDefinitionsOfType(OperationDefinition.class);
        return ops.stream().filter(o -> name == null || name.equals(o.getName())).findFirst().orElse(ops.get(0));
    }

    /** The boards a request names: {@code board_id} arguments, and the board of each {@code item_id}. */
    static Set<Long> touchedBoards(OperationDefinition operation, Map<String, Object> variables, StandInState state) {
        Set<Long> boards = new TreeSet<>();
        for (Field field : topFields(operation.getSelectionSet())) {
            Object board = argument(field, "board_id", variables);
            Object item = argument(field, "item_id", variables);
            try {
                if (board != null) {
                    boards.add(Long.parseLong(board.toString()));
                } else if (item != null) {
                    StandInState.Item i = state.itemOrNull(Long.parseLong(item.toString()));
                    if (i != null) {
                        boards.add(i.boardId);
                    }
                }
            } catch (NumberFormatException ignored) {
                // a bad id is reported by the field itself
            }
        }
        return boards;
    }

    /**
     * The complexity of a query: each top-level field costs its configured points (reads a base cost), plus
     * {@code costPerItem} for every item a page asks for ({@code limit}).
     */
    static long cost(OperationDefinition operation, Map<String, Object> variables, StandInConfig config) {
        long total = 0;
        for (Field field : topFields(operation.getSelectionSet())) {
            String name = field.getName();
            if (name.startsWith("__")) {
                continue;
            }
            total += config.costs().getOrDefault(name, config.defaultReadCost());
            total += config.costPerItem() * pageSize(field, variables);
        }
        return total;
    }

    private static long pageSize(Field field, Map<String, Object> variables) {
        long size = 0;
        Object limit = argument(field, "limit", variables);
        if (limit instanceof Number n && (field.getName().contains("items") || field.getName().equals("next_items_page"))) {
            size += n.longValue();
        }
        if (field.getSelectionSet() != null) {
            for (Field nested : topFields(field.getSelectionSet())) {
                if (nested.getName().equals("items_page")) {
                    Object l = argument(nested, "limit", variables);
                    size += l instanceof Number n ? n.longValue() : 25;
                }
            }
        }
        return size;
    }

    private static List<Field> topFields(SelectionSet set) {
        List<Field> fields = new ArrayList<>();
        for (Selection<?> s : set.getSelections()) {
            if (s instanceof Field f) {
                fields.add(f);
            }
        }
        return fields;
    }

    private static Object argument(Field field, String name, Map<String, Object> variables) {
        for (Argument a : field.getArguments()) {
            if (a.getName().equals(name)) {
                Value<?> v = a.getValue();
                if (v instanceof VariableReference ref) {
                    return variables.get(ref.getName());
                } else if (v instanceof StringValue s) {
                    return s.getValue();
                } else if (v instanceof IntValue i) {
                    return i.getValue().longValue();
                }
            }
        }
        return null;
    }
}

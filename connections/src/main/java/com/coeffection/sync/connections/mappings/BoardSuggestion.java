package com.coeffection.sync.connections.mappings;

import com.coeffection.sync.monday.columns.ColumnType;
import com.coeffection.sync.processor.mapping.FieldType;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A suggested mapping of an entity's fields to the columns of an existing board: each field gets the column whose
 * type holds its kind of value and whose title or id is most like the field's name (equal first, then one
 * containing the other); a column is used once. Fields with no such column are left unmatched for the admin, who
 * confirms or edits the suggestion before publishing it.
 */
public final class BoardSuggestion {
    private BoardSuggestion() {
    }

    /** A column of the board: id, title, monday type. */
    public record Column(String id, String title, String type) {
    }

    /** A field paired with a column. */
    public record Pair(String field, String type, String columnId, String columnTitle, String columnType) {
    }

    /** The pairs, the fields left without a column, the columns left without a field, the stage column found. */
    public record Suggestion(List<Pair> pairs, List<String> unmatchedFields, List<String> unusedColumns,
                             String statusColumn) {
    }

    public static Suggestion suggest(List<MappingDocument.Field> fields, String stageField, List<Column> columns) {
        Set<String> used = new HashSet<>();
        List<Pair> pairs = new ArrayList<>();
        List<String> unmatched = new ArrayList<>();
        for (MappingDocument.Field field : fields) {
            Optional<FieldType> type = FieldType.parse(field.type());
            Column best = null;
            int bestScore = 0;
            for (Column column : columns) {
                Optional<ColumnType> columnType = ColumnType.fromMonday(column.type());
                if (used.contains(column.id()) || type.isEmpty() || columnType.isEmpty() || !type.get().fits(columnType.get())) {
                    continue;
                }
                int score = Math.max(likeness(field.field(), column.title()), likeness(field.field(), column.id()));
                if (score > bestScore) {
                    best = column;
                    bestScore = score;
                }
            }
            if (best == null) {
                unmatched.add(field.field());
            } else {
                used.add(best.id());
                pairs.add(new Pair(field.field(), field.type(), best.id(), best.title(), best.type()));
            }
        }
        String statusColumn = null;
        if (stageField != null) {
            statusColumn = columns.stream().filter(c -> !used.contains(c.id()) && "status".equals(c.type()))
                    .filter(c -> stageLikeness(stageField, c) > 0)
                    .max(java.util.Comparator.comparingInt(c -> stageLikeness(stageField, c)))
                    .map(Column::id).orElse(null);
            if (statusColumn != null) {
                used.add(statusColumn);
            }
        }
        List<String> unused = columns.stream().map(Column::id).filter(id -> !used.contains(id)).toList();
        return new Suggestion(pairs, unmatched, unused, statusColumn);
    }

    private static int stageLikeness(String stageField, Column c) {
        return Math.max(Math.max(likeness(stageField, c.title()), likeness(stageField, c.id())),
                Math.max(likeness("stage", c.title()), likeness("status", c.title())));
    }

    /** 3: the same words; 2: one contains the other; 0: unlike. */
    static int likeness(String a, String b) {
        String x = normal(a);
        String y = normal(b);
        if (x.isEmpty() || y.isEmpty()) {
            return 0;
        }
        if (x.equals(y)) {
            return 3;
        }
        return x.contains(y) || y.contains(x) ? 2 : 0;
    }

    private static String normal(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }
}

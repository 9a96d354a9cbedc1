package com.coeffection.sync.processor.match;

import com.coeffection.sync.matching.ItemFacts;
import com.coeffection.sync.monday.graphql.Model;
import com.coeffection.sync.processor.mapping.MappedBoard;
import com.coeffection.sync.schema.FieldMapping;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads what matching compares from a monday item: its name, group, and the values of the board's mapped email and
 * phone columns. A column value that cannot be read as monday documents it (not JSON, or not the shape of its column
 * type) is read from monday's display text when there is one, and reported; it never stops the item from being
 * indexed by what can be read.
 */
final class ItemFactsReader {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The item's facts, and the columns whose values could not be read as documented. */
    record Read(ItemFacts facts, List<String> malformed) {
    }

    private final String emailColumn;
    private final String phoneColumn;

    ItemFactsReader(MappedBoard board) {
        this(column(board, "email").orElse(null), column(board, "phone").orElse(null));
    }

    ItemFactsReader(String emailColumn, String phoneColumn) {
        this.emailColumn = emailColumn;
        this.phoneColumn = phoneColumn;
    }

    private static Optional<String> column(MappedBoard board, String type) {
        return board.fields().stream().filter(f -> type.equals(f.getColumnType())).map(FieldMapping::getColumnId)
                .findFirst();
    }

    String emailColumn() {
        return emailColumn;
    }

    String phoneColumn() {
        return phoneColumn;
    }

    /** From an item read with the monday client. */
    Read read(Model.ItemSnapshot item) {
        List<String> malformed = new ArrayList<>();
        String email = value(item.columnValues().get(emailColumn), "email", malformed);
        String phone = value(item.columnValues().get(phoneColumn), "phone", malformed);
        return new Read(new ItemFacts(item.id(), item.name(), item.groupId(), email, phone), List.copyOf(malformed));
    }

    /** From a created item's webhook (column id to monday's JSON document). */
    Read read(long itemId, String name, String groupId, Map<String, String> columnValues) {
        List<String> malformed = new ArrayList<>();
        String email = emailColumn == null ? null : value(emailColumn, columnValues.get(emailColumn), null, "email", malformed);
        String phone = phoneColumn == null ? null : value(phoneColumn, columnValues.get(phoneColumn), null, "phone", malformed);
        return new Read(new ItemFacts(itemId, name, groupId, email, phone), List.copyOf(malformed));
    }

    /**
     * A changed column applied to what is known of the item; the facts unchanged when the column is neither the
     * email nor the phone column.
     */
    Read changed(ItemFacts item, String columnId, String json) {
        List<String> malformed = new ArrayList<>();
        if (columnId == null) {
            return new Read(item, List.of());
        }
        if (columnId.equals(emailColumn)) {
            item = new ItemFacts(item.itemId(), item.name(), item.groupId(), value(columnId, json, null, "email", malformed),
                    item.phone());
        } else if (columnId.equals(phoneColumn)) {
            item = new ItemFacts(item.itemId(), item.name(), item.groupId(), item.email(),
                    value(columnId, json, null, "phone", malformed));
        }
        return new Read(item, List.copyOf(malformed));
    }

    private static String value(Model.ColumnValueSnapshot column, String key, List<String> malformed) {
        if (column == null) {
            return null;
        }
        return value(column.id(), column.value(), column.text(), key, malformed);
    }

    /**
     * monday's email value is {@code {"email": ..., "text": ...}}, its phone value {@code {"phone": ...,
     * "countryShortName": ...}}; a cleared column is null or empty. Anything else is malformed: the display text is
     * used instead when there is one.
     */
    private static String value(String columnId, String json, String text, String key, List<String> malformed) {
        if (json == null || json.isBlank() || "null".equals(json.trim()) || "{}".equals(json.trim())) {
            return blankToNull(text);
        }
        try {
            JsonNode node = JSON.readTree(json);
            if (node.isTextual()) {
                return blankToNull(node.asText());
            }
            JsonNode v = node.path(key);
            if (v.isTextual()) {
                return blankToNull(v.asText());
            }
            if (v.isMissingNode() || v.isNull()) {
                if (node.isObject() && !node.fields().hasNext()) {
                    return blankToNull(text);
                }
            }
        } catch (java.io.IOException e) {
            // fall through: reported below
        }
        malformed.add(columnId);
        return blankToNull(text);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}

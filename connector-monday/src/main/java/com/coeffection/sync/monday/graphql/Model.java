package com.coeffection.sync.monday.graphql;

import com.coeffection.sync.monday.columns.ColumnCodecs;
import com.coeffection.sync.monday.columns.ColumnType;
import com.coeffection.sync.schema.FieldValue;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What monday returns, as the client's operations read it. */
public final class Model {
    private Model() {
    }

    public record BoardRef(long id, String name) {
    }

    /** A board column; {@code settings} is monday's settings JSON (status and dropdown labels, ...). */
    public record ColumnInfo(String id, String title, String type, JsonNode settings) {
        /** The column's type when the sync handles it. */
        public Optional<ColumnType> columnType() {
            return ColumnType.fromMonday(type);
        }
    }

    public record GroupInfo(String id, String title) {
    }

    /** An item as a mutation returns it. */
    public record ItemRef(long id, String name, String groupId, Long boardId) {
    }

    /** One column value of an item as read: monday's value JSON and its display text. */
    public record ColumnValueSnapshot(String id, String type, String value, String text) {
        /** The typed value, using the display text where monday's read shape carries no label. */
        public FieldValue typed(ColumnCodecs codecs) {
            ColumnType columnType = ColumnType.fromMonday(type).orElseThrow(() ->
                    new IllegalStateException("column " + id + " has type " + type + " which the sync does not handle"));
            return codecs.fromMonday(columnType, id, value, text);
        }
    }

    /**
     * An item with its column values, keyed by column id, and when monday last changed it ({@code updated_at}; null
     * when the answer did not carry it).
     */
    public record ItemSnapshot(long id, String name, String groupId, Map<String, ColumnValueSnapshot> columnValues,
                               Instant updatedAt) {
        /** An item without its change time (built by hand, or from an answer that did not select it). */
        public ItemSnapshot(long id, String name, String groupId, Map<String, ColumnValueSnapshot> columnValues) {
            this(id, name, groupId, columnValues, null);
        }
    }

    /** One page of items and the cursor for the next (null on the last page). */
    public record ItemsPage(List<ItemSnapshot> items, String cursor) {
        public boolean hasMore() {
            return cursor != null;
        }
    }

    /** A board as listed: its description and column ids. */
    public record BoardSummary(long id, String name, String description, List<String> columnIds) {
    }

    public record BoardSnapshot(long id, String name, List<ColumnInfo> columns, List<GroupInfo> groups, ItemsPage items) {
    }

    public record WebhookInfo(long id, long boardId, String event, String config) {
    }

    public record MondayUser(long id, String name, String email) {
    }

    /** A workspace the token sees; {@code kind} is open, closed or template. */
    public record WorkspaceInfo(long id, String name, String kind) {
    }

    /** The account the token belongs to. */
    public record AccountInfo(long id, String name) {
    }

    // ---------------------------------------------------------------- reading helpers

    static long id(JsonNode node) {
        if (node == null || node.isNull()) {
            throw new MondayResponseException("monday returned no id");
        }
        try {
            return Long.parseLong(node.asText());
        } catch (NumberFormatException e) {
            throw new MondayResponseException("monday returned a non-numeric id: " + node);
        }
    }

    static Long optionalId(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? null : id(node);
    }

    static String text(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? null : node.asText();
    }

    /** monday returns JSON scalars as JSON text; the stand-in or a future version may return the object itself. */
    static String jsonText(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        return node.isTextual() ? node.textValue() : node.toString();
    }

    static ItemRef itemRef(JsonNode node) {
        return new ItemRef(id(node.get("id")), text(node.get("name")), text(node.path("group").get("id")),
                optionalId(node.path("board").get("id")));
    }

    static ItemSnapshot item(JsonNode node) {
        Map<String, ColumnValueSnapshot> values = new LinkedHashMap<>();
        for (JsonNode cv : node.path("column_values")) {
            String id = text(cv.get("id"));
            values.put(id, new ColumnValueSnapshot(id, text(cv.get("type")), jsonText(cv.get("value")), text(cv.get("text"))));
        }
        String updatedAt = text(node.get("updated_at"));
        return new ItemSnapshot(id(node.get("id")), text(node.get("name")), text(node.path("group").get("id")), values,
                updatedAt == null || updatedAt.isBlank() ? null : OffsetDateTime.parse(updatedAt).toInstant());
    }

    static ItemsPage itemsPage(JsonNode node) {
        List<ItemSnapshot> items = new ArrayList<>();
        for (JsonNode item : node.path("items")) {
            items.add(item(item));
        }
        return new ItemsPage(List.copyOf(items), text(node.get("cursor")));
    }

    static ColumnInfo column(JsonNode node) {
        JsonNode settings = node.get("settings");
        if (settings != null && settings.isTextual()) {
            try {
                settings = Operations.JSON.readTree(settings.textValue());
            } catch (Exception e) {
                throw new MondayResponseException("column " + text(node.get("id")) + " has unreadable settings");
            }
        }
        return new ColumnInfo(text(node.get("id")), text(node.get("title")), text(node.get("type")), settings);
    }

    static GroupInfo group(JsonNode node) {
        return new GroupInfo(text(node.get("id")), text(node.get("title")));
    }

    static WebhookInfo webhook(JsonNode node) {
        return new WebhookInfo(id(node.get("id")), id(node.get("board_id")), text(node.get("event")), jsonText(node.get("config")));
    }

    static MondayUser user(JsonNode node) {
        return new MondayUser(id(node.get("id")), text(node.get("name")), text(node.get("email")));
    }
}

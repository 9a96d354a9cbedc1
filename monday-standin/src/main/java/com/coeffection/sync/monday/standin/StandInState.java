package com.coeffection.sync.monday.standin;

import com.coeffection.sync.monday.standin.StandInColumns.Column;
import com.coeffection.sync.monday.standin.StandInColumns.StoredValue;
import com.coeffection.sync.monday.standin.ItemChanges.Change;
import com.coeffection.sync.monday.standin.ItemChanges.ColumnChanged;
import com.coeffection.sync.monday.standin.ItemChanges.ItemCreated;
import com.coeffection.sync.monday.standin.ItemChanges.ItemMoved;
import com.coeffection.sync.monday.standin.ItemChanges.ItemRemoved;
import com.coeffection.sync.monday.standin.ItemChanges.NameChanged;
import com.coeffection.sync.monday.standin.StandInViews.BoardView;
import com.coeffection.sync.monday.standin.StandInViews.ItemView;
import com.coeffection.sync.monday.standin.StandInViews.WebhookView;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.DeserializationFeature;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** The stand-in's boards, items, webhooks and users, in memory. Every method is atomic. */
final class StandInState {
    static final ObjectMapper JSON = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

    private final Clock clock;
    private final Map<Long, Board> boards = new LinkedHashMap<>();
    private final Map<Long, Item> items = new LinkedHashMap<>();
    private final Map<Long, Webhook> webhooks = new LinkedHashMap<>();
    private final Map<Long, StandInConfig.User> users = new LinkedHashMap<>();
    private final Map<String, Cursor> cursors = new LinkedHashMap<>();
    private static final java.time.Duration CURSOR_LIFETIME = java.time.Duration.ofMinutes(60);
    private final AtomicLong boardIds = new AtomicLong(5_000_000_000L);
    private final AtomicLong itemIds = new AtomicLong(9_000_000_000L);
    private final AtomicLong webhookIds = new AtomicLong(400_000_000L);
    private final Consumer<Change> changes;

    StandInState(Clock clock, List<StandInConfig.User> accountUsers, Consumer<Change> changes) {
        this.clock = clock;
        this.changes = changes;
        accountUsers.forEach(u -> users.put(u.id(), u));
    }

    static final class Board {
        final long id;
        final String name;
        final String kind;
        final String description;
        final Map<String, Column> columns = new LinkedHashMap<>();
        final Map<String, Group> groups = new LinkedHashMap<>();

        /** The workspace holding the board; null for the main workspace (as monday reports it). */
        Long workspaceId;

        Board(long id, String name, String kind, String description) {
            this.id = id;
            this.name = name;
            this.kind = kind;
            this.description = description;
        }
    }

    record Group(String id, String title, String color) {
    }

    static final class Item {
        final long id;
        final long boardId;
        String name;
        String groupId;
        String state = "active";
        final Map<String, StoredValue> values = new LinkedHashMap<>();
        final long createdBy;
        long lastChangedBy;
        final Instant createdAt;
        Instant updatedAt;

        Item(long id, long boardId, String name, String groupId, long createdBy, Instant at) {
            this.id = id;
            this.boardId = boardId;
            this.name = name;
            this.groupId = groupId;
            this.createdBy = createdBy;
            this.lastChangedBy = createdBy;
            this.createdAt = at;
            this.updatedAt = at;
        }
    }

    record Webhook(long id, long boardId, String url, String event, String config) {
    }

    /** A page cursor: like monday's, valid for 60 minutes after the request that returned it, and reusable meanwhile. */
    private record Cursor(long boardId, Predicate<Item> filter, int offset, Instant expiresAt) {
    }

    // ---------------------------------------------------------------- structure

    /** A new board in {@code workspaceId} (null or the main workspace's id: the main workspace). */
    synchronized Board createBoard(String name, String kind, String description, Long workspaceId) {
        if (workspaceId != null && !StandInWorkspaces.exists(workspaceId)) {
            throw new StandInError("InvalidWorkspaceIdException", 200, "Workspace " + workspaceId + " does not exist",
                    Map.of("workspace_id", workspaceId));
        }
        Board board = new Board(boardIds.incrementAndGet(), name, kind, description);
        board.workspaceId = workspaceId == null || workspaceId == StandInWorkspaces.MAIN_WORKSPACE_ID ? null : workspaceId;
        board.columns.put("name", new Column("name", "Name", "name", null));
        board.groups.put("topics", new Group("topics", "Group Title", "#579bfc"));
        boards.put(board.id, board);
        return board;
    }

    synchronized Column createColumn(long boardId, String title, String type, String id, String description, JsonNode defaults) {
        Board board = board(boardId);
        String columnId = id != null ? id : type + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        if (board.columns.containsKey(columnId)) {
            throw new StandInError("ColumnIdAlreadyExistsException", 200, "A column with id " + columnId + " already exists",
                    Map.of("column_id", columnId));
        }
        if (!columnId.matches("[a-z0-9_]{1,20}")) {
            throw new StandInError("InvalidArgumentException", 200,
                    "Column id must be 1-20 lowercase letters, digits or underscores", Map.of("column_id", columnId));
        }
        Column column = new Column(columnId, title, type, description);
        column.applyDefaults(defaults);
        board.columns.put(columnId, column);
        return column;
    }

    synchronized Group createGroup(long boardId, String name, String color) {
        Board board = board(boardId);
        String id = "group_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        Group group = new Group(id, name, color == null ? "#a25ddc" : color);
        board.groups.put(id, group);
        return group;
    }

    Board board(long id) {
        Board board = boards.get(id);
        if (board == null) {
            throw StandInError.invalidBoard(id);
        }
        return board;
    }

    synchronized Board boardOrNull(long id) {
        return boards.get(id);
    }

    synchronized List<Board> boards(List<Long> ids) {
        if (ids == null) {
            return List.copyOf(boards.values());
        }
        return ids.stream().map(boards::get).filter(Objects::nonNull).toList();
    }

    /** The boards of {@code ids} (every board when null) in one of {@code workspaceIds} (any when null). */
    synchronized List<Board> boards(List<Long> ids, List<Long> workspaceIds) {
        return boards(ids).stream().filter(b -> workspaceIds == null || workspaceIds.contains(
                b.workspaceId == null ? StandInWorkspaces.MAIN_WORKSPACE_ID : b.workspaceId)).toList();
    }

    // ---------------------------------------------------------------- items

    synchronized Item createItem(long boardId, String name, String groupId, JsonNode columnValues, boolean createLabels, long userId) {
        Board board = board(boardId);
        if (name == null || name.isBlank()) {
            throw new StandInError("InvalidArgumentException", 200, "item name cannot be empty", Map.of());
        }
        String group = groupId == null ? board.groups.keySet().iterator().next() : groupId;
        if (!board.groups.containsKey(group)) {
            throw StandInError.invalidGroup(group);
        }
        Instant now = clock.instant();
        Map<String, StoredValue> values = prepare(board, columnValues, createLabels, now);
        String finalName = name;
        if (values.containsKey("name") && values.get("name") != null) {
            finalName = values.get("name").text();
        }
        values.remove("name");
        Item item = new Item(itemIds.incrementAndGet(), boardId, finalName, group, userId, now);
        values.forEach((k, v) -> {
            if (v != null) {
                item.values.put(k, v);
            }
        });
        items.put(item.id, item);
        Map<String, Object> hookValues = new LinkedHashMap<>();
        item.values.forEach((k, v) -> hookValues.put(k, v.webhookValue()));
        changes.accept(new ItemCreated(boardId, userId, now, item.id, item.name, board.groups.get(group), hookValues));
        return item;
    }

    synchronized Item changeColumnValues(long boardId, long itemId, JsonNode columnValues, boolean createLabels, long userId) {
        Board board = board(boardId);
        Item item = item(itemId);
        if (item.boardId != boardId) {
            throw StandInError.invalidItem(itemId);
        }
        Instant now = clock.instant();
        Map<String, StoredValue> values = prepare(board, columnValues, createLabels, now);
        for (Map.Entry<String, StoredValue> e : values.entrySet()) {
            if ("name".equals(e.getKey())) {
                if (e.getValue() != null && !e.getValue().text().equals(item.name)) {
                    String previous = item.name;
                    item.name = e.getValue().text();
                    changes.accept(new NameChanged(boardId, userId, now, itemId, item.groupId, item.name, previous));
                }
                continue;
            }
            StoredValue previous = item.values.get(e.getKey());
            StoredValue next = e.getValue();
            if (Objects.equals(previous == null ? null : previous.readValue().toString().replaceAll("\"changed_at\":\"[^\"]*\"", ""),
                    next == null ? null : next.readValue().toString().replaceAll("\"changed_at\":\"[^\"]*\"", ""))) {
                continue; // monday sends no webhook for a value that did not change
            }
            if (next == null) {
                item.values.remove(e.getKey());
            } else {
                item.values.put(e.getKey(), next);
            }
            Column column = board.columns.get(e.getKey());
            changes.accept(new ColumnChanged(boardId, userId, now, itemId, item.name, item.groupId, column.id, column.type,
                    column.webhookType(), column.title, next == null ? null : next.webhookValue(),
                    previous == null ? null : previous.webhookValue()));
        }
        item.lastChangedBy = userId;
        item.updatedAt = now;
        return item;
    }

    private Map<String, StoredValue> prepare(Board board, JsonNode columnValues, boolean createLabels, Instant now) {
        Map<String, StoredValue> values = new LinkedHashMap<>();
        if (columnValues == null || columnValues.isNull()) {
            return values;
        }
        if (!columnValues.isObject()) {
            throw new StandInError("InvalidArgumentException", 200, "column_values must be a JSON object", Map.of());
        }
        var fields = columnValues.fields();
        while (fields.hasNext()) {
            var e = fields.next();
            Column column = board.columns.get(e.getKey());
            if (column == null) {
                throw StandInError.invalidColumn(e.getKey());
            }
            if ("name".equals(column.type)) {
                String name = e.getValue().isObject() ? e.getValue().path("name").asText("") : e.getValue().asText("");
                if (name.isBlank()) {
                    throw StandInError.columnValue("name", "name", "item name cannot be empty", e.getValue().toString());
                }
                values.put("name", new StoredValue(com.fasterxml.jackson.databind.node.TextNode.valueOf(name), name, null));
                continue;
            }
            values.put(e.getKey(), StandInColumns.write(column, e.getValue(), createLabels, now, this::userNameLocked));
        }
        return values;
    }

    synchronized Item moveItem(long itemId, String groupId, long userId) {
        Item item = item(itemId);
        Board board = board(item.boardId);
        if (!board.groups.containsKey(groupId)) {
            throw StandInError.invalidGroup(groupId);
        }
        String from = item.groupId;
        item.groupId = groupId;
        item.lastChangedBy = userId;
        if (!from.equals(groupId)) {
            changes.accept(new ItemMoved(item.boardId, userId, clock.instant(), itemId, item.name, from, groupId));
        }
        return item;
    }

    synchronized Item removeItem(long itemId, boolean delete, long userId) {
        Item item = item(itemId);
        item.state = delete ? "deleted" : "archived";
        item.lastChangedBy = userId;
        changes.accept(new ItemRemoved(item.boardId, userId, clock.instant(), itemId, item.name, delete));
        return item;
    }

    Item item(long id) {
        Item item = items.get(id);
        if (item == null || "deleted".equals(item.state)) {
            throw StandInError.invalidItem(id);
        }
        return item;
    }

    synchronized Item itemOrNull(long id) {
        return items.get(id);
    }

    synchronized List<Item> items(List<Long> ids) {
        return ids.stream().map(items::get).filter(i -> i != null && !"deleted".equals(i.state)).toList();
    }

    /** A page of a board's active items matching {@code filter}, with a cursor when more remain. */
    synchronized Map.Entry<List<Item>, String> page(long boardId, Predicate<Item> filter, int offset, int limit) {
        board(boardId);
        List<Item> matching = items.values().stream()
                .filter(i -> i.boardId == boardId && "active".equals(i.state) && filter.test(i)).toList();
        int end = Math.min(matching.size(), offset + Math.max(1, Math.min(limit, 500)));
        List<Item> page = new ArrayList<>(matching.subList(Math.min(offset, matching.size()), end));
        String cursor = null;
        if (end < matching.size()) {
            Instant now = clock.instant();
            cursors.values().removeIf(c -> !c.expiresAt().isAfter(now));
            cursor = "MSw" + UUID.randomUUID().toString().replace("-", "");
            cursors.put(cursor, new Cursor(boardId, filter, end, now.plus(CURSOR_LIFETIME)));
        }
        return Map.entry(page, cursor == null ? "" : cursor);
    }

    synchronized Map.Entry<List<Item>, String> nextPage(String cursor, int limit) {
        Cursor c = cursors.get(cursor);
        if (c == null || !c.expiresAt().isAfter(clock.instant())) {
            throw new StandInError("CursorExpiredError", 200, "The cursor is invalid or has expired", Map.of("cursor", cursor));
        }
        return page(c.boardId, c.filter, c.offset, limit);
    }

    /** Whether the item's column shows one of {@code values} (monday compares the column's text). */
    static Predicate<Item> columnMatches(String columnId, List<String> values) {
        return item -> {
            String text = "name".equals(columnId) ? item.name
                    : item.values.get(columnId) == null ? "" : item.values.get(columnId).text();
            return values.contains(text);
        };
    }

    // ---------------------------------------------------------------- webhooks and users

    synchronized Webhook addWebhook(long boardId, String url, String event, String config) {
        board(boardId);
        Webhook hook = new Webhook(webhookIds.incrementAndGet(), boardId, url, event, config);
        webhooks.put(hook.id(), hook);
        return hook;
    }

    synchronized Webhook removeWebhook(long id) {
        Webhook hook = webhooks.remove(id);
        if (hook == null) {
            throw new StandInError("ResourceNotFoundException", 200, "Webhook " + id + " not found", Map.of("webhook_id", id));
        }
        return hook;
    }

    synchronized List<Webhook> webhooks(long boardId) {
        return webhooks.values().stream().filter(w -> w.boardId() == boardId).toList();
    }

    synchronized List<Webhook> allWebhooks() {
        return List.copyOf(webhooks.values());
    }

    synchronized List<StandInConfig.User> users() {
        return List.copyOf(users.values());
    }

    synchronized StandInConfig.User user(long id) {
        return users.get(id);
    }

    /**
     * A person joins the account (an admin invited them and they accepted): monday gives them a new user id, and from
     * then on {@code users(emails:)} finds them and people columns take them. An account has one user per email.
     */
    synchronized StandInConfig.User addUser(String name, String email) {
        if (name == null || name.isBlank() || email == null || !email.contains("@")) {
            throw new IllegalArgumentException("a user needs a name and an email address");
        }
        boolean taken = users.values().stream().anyMatch(u -> u.email().equalsIgnoreCase(email.trim()));
        if (taken) {
            throw new IllegalArgumentException("the account already has a user with the email " + email);
        }
        long id = users.keySet().stream().mapToLong(Long::longValue).max().orElse(60_000_000L) + 1;
        StandInConfig.User user = new StandInConfig.User(id, name.trim(), email.trim());
        users.put(id, user);
        return user;
    }

    private String userNameLocked(long id) {
        StandInConfig.User u = users.get(id);
        return u == null ? null : u.name();
    }

    // ---------------------------------------------------------------- views

    synchronized List<BoardView> boardViews() {
        return boards.values().stream().map(StandInViews::of).toList();
    }

    synchronized List<ItemView> itemViews(long boardId) {
        return items.values().stream().filter(i -> i.boardId == boardId).map(StandInViews::of).toList();
    }

    synchronized ItemView itemView(long id) {
        Item i = items.get(id);
        return i == null ? null : StandInViews.of(i);
    }

    synchronized List<WebhookView> webhookViews() {
        return webhooks.values().stream().map(w -> new WebhookView(w.id(), w.boardId(), w.url(), w.event(), w.config())).toList();
    }
}

package com.coeffection.sync.monday.graphql;

import com.coeffection.sync.monday.graphql.Model.BoardRef;
import com.coeffection.sync.monday.graphql.Model.BoardSnapshot;
import com.coeffection.sync.monday.graphql.Model.BoardSummary;
import com.coeffection.sync.monday.graphql.Model.ColumnInfo;
import com.coeffection.sync.monday.graphql.Model.GroupInfo;
import com.coeffection.sync.monday.graphql.Model.ItemRef;
import com.coeffection.sync.monday.graphql.Model.ItemSnapshot;
import com.coeffection.sync.monday.graphql.Model.ItemsPage;
import com.coeffection.sync.monday.graphql.Model.MondayUser;
import com.coeffection.sync.monday.graphql.Model.WebhookInfo;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** The typed operations the connector sends to monday (2026-10 signatures). */
public final class Operations {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String ITEM_REF = "id name group { id } board { id }";
    static final String ITEM = "id name updated_at group { id } column_values { id type value text }";
    static final String ITEMS_PAGE = "cursor items { " + ITEM + " }";

    private Operations() {
    }

    /**
     * Column values for {@code create_item} / {@code change_multiple_column_values}: column id to the JSON text a
     * codec produced ({@code "null"} clears). Rendered as one JSON object string, the form monday's JSON argument
     * takes.
     */
    static String columnValuesJson(Map<String, String> columnValues) {
        ObjectNode object = JSON.createObjectNode();
        for (Map.Entry<String, String> e : columnValues.entrySet()) {
            try {
                object.set(e.getKey(), JSON.readTree(e.getValue() == null ? "null" : e.getValue()));
            } catch (JsonProcessingException ex) {
                throw new IllegalArgumentException("column " + e.getKey() + " has a value that is not JSON: " + e.getValue(), ex);
            }
        }
        return object.toString();
    }

    private static Optional<Long> onBoard(long id) {
        return Optional.of(id);
    }

    // ---------------------------------------------------------------- mutations

    /** Creates a board ({@code create_board}); {@code empty} leaves out monday's sample items. */
    public record CreateBoard(String name, String boardKind, Long workspaceId, Long folderId, String description)
            implements MondayOperation<BoardRef> {
        public CreateBoard {
            Objects.requireNonNull(name, "name");
            boardKind = boardKind == null ? "public" : boardKind;
        }

        public OperationKind kind() { return OperationKind.MUTATION; }

        public String field() { return "create_board"; }

        public Optional<Long> boardId() { return Optional.empty(); }

        public void write(FieldWriter w) {
            w.arg("board_name", "String!", name).arg("board_kind", "BoardKind!", boardKind)
                    .arg("workspace_id", "ID", workspaceId == null ? null : workspaceId.toString())
                    .arg("folder_id", "ID", folderId == null ? null : folderId.toString())
                    .arg("description", "String", description).arg("empty", "Boolean", true)
                    .select("id name");
        }

        public BoardRef parse(JsonNode n) { return new BoardRef(Model.id(n.get("id")), Model.text(n.get("name"))); }
    }

    /** Adds a column ({@code create_column}); {@code id} and {@code defaultsJson} (labels etc.) are optional. */
    public record CreateColumn(long board, String title, String columnType, String id, String description, String defaultsJson)
            implements MondayOperation<ColumnInfo> {
        public OperationKind kind() { return OperationKind.MUTATION; }

        public String field() { return "create_column"; }

        public Optional<Long> boardId() { return onBoard(board); }

        public void write(FieldWriter w) {
            w.arg("board_id", "ID!", Long.toString(board)).arg("title", "String!", title)
                    .arg("column_type", "ColumnType!", columnType).arg("id", "String", id)
                    .arg("description", "String", description).arg("defaults", "JSON", defaultsJson)
                    .select("id title type settings");
        }

        public ColumnInfo parse(JsonNode n) { return Model.column(n); }
    }

    /** Adds a group ({@code create_group}). */
    public record CreateGroup(long board, String name, String color) implements MondayOperation<GroupInfo> {
        public OperationKind kind() { return OperationKind.MUTATION; }

        public String field() { return "create_group"; }

        public Optional<Long> boardId() { return onBoard(board); }

        public void write(FieldWriter w) {
            w.arg("board_id", "ID!", Long.toString(board)).arg("group_name", "String!", name)
                    .arg("group_color", "String", color).select("id title");
        }

        public GroupInfo parse(JsonNode n) { return Model.group(n); }
    }

    /** Creates an item ({@code create_item}) with its column values (column id to codec JSON). */
    public record CreateItem(long board, String itemName, String groupId, Map<String, String> columnValues,
                             boolean createLabelsIfMissing) implements MondayOperation<ItemRef> {
        public CreateItem {
            columnValues = columnValues == null ? Map.of() : new LinkedHashMap<>(columnValues);
        }

        public OperationKind kind() { return OperationKind.MUTATION; }

        public String field() { return "create_item"; }

        public Optional<Long> boardId() { return onBoard(board); }

        public void write(FieldWriter w) {
            w.arg("board_id", "ID!", Long.toString(board)).arg("item_name", "String!", itemName)
                    .arg("group_id", "String", groupId)
                    .arg("column_values", "JSON", columnValues.isEmpty() ? null : columnValuesJson(columnValues))
                    .arg("create_labels_if_missing", "Boolean", createLabelsIfMissing ? Boolean.TRUE : null)
                    .select(ITEM_REF);
        }

        public ItemRef parse(JsonNode n) { return Model.itemRef(n); }
    }

    /**
     * Sets several column values of an item at once ({@code change_multiple_column_values}); the values are absolute,
     * so sending the same change twice is harmless. The item name can be set under the column id {@code name}.
     */
    public record ChangeColumnValues(long board, long itemId, Map<String, String> columnValues, boolean createLabelsIfMissing)
            implements MondayOperation<ItemRef> {
        public ChangeColumnValues {
            if (columnValues == null || columnValues.isEmpty()) {
                throw new IllegalArgumentException("change_multiple_column_values needs at least one column value");
            }
            columnValues = new LinkedHashMap<>(columnValues);
        }

        public OperationKind kind() { return OperationKind.MUTATION; }

        public String field() { return "change_multiple_column_values"; }

        public Optional<Long> boardId() { return onBoard(board); }

        public void write(FieldWriter w) {
            w.arg("board_id", "ID!", Long.toString(board)).arg("item_id", "ID", Long.toString(itemId))
                    .arg("column_values", "JSON!", columnValuesJson(columnValues))
                    .arg("create_labels_if_missing", "Boolean", createLabelsIfMissing ? Boolean.TRUE : null)
                    .select(ITEM_REF);
        }

        public ItemRef parse(JsonNode n) { return Model.itemRef(n); }
    }

    /** Moves an item to another group of its board ({@code move_item_to_group}). */
    public record MoveItemToGroup(long board, long itemId, String groupId) implements MondayOperation<ItemRef> {
        public OperationKind kind() { return OperationKind.MUTATION; }

        public String field() { return "move_item_to_group"; }

        public Optional<Long> boardId() { return onBoard(board); }

        public void write(FieldWriter w) {
            w.arg("item_id", "ID", Long.toString(itemId)).arg("group_id", "String!", groupId).select(ITEM_REF);
        }

        public ItemRef parse(JsonNode n) { return Model.itemRef(n); }
    }

    /** Archives an item ({@code archive_item}). */
    public record ArchiveItem(long board, long itemId) implements MondayOperation<ItemRef> {
        public OperationKind kind() { return OperationKind.MUTATION; }

        public String field() { return "archive_item"; }

        public Optional<Long> boardId() { return onBoard(board); }

        public void write(FieldWriter w) { w.arg("item_id", "ID", Long.toString(itemId)).select("id name"); }

        public ItemRef parse(JsonNode n) { return new ItemRef(Model.id(n.get("id")), Model.text(n.get("name")), null, board); }
    }

    /** Deletes an item ({@code delete_item}). */
    public record DeleteItem(long board, long itemId) implements MondayOperation<ItemRef> {
        public OperationKind kind() { return OperationKind.MUTATION; }

        public String field() { return "delete_item"; }

        public Optional<Long> boardId() { return onBoard(board); }

        public void write(FieldWriter w) { w.arg("item_id", "ID", Long.toString(itemId)).select("id name"); }

        public ItemRef parse(JsonNode n) { return new ItemRef(Model.id(n.get("id")), Model.text(n.get("name")), null, board); }
    }

    /** Registers a webhook ({@code create_webhook}); monday performs the challenge handshake before answering. */
    public record CreateWebhook(long board, String url, String event, String configJson) implements MondayOperation<WebhookInfo> {
        public OperationKind kind() { return OperationKind.MUTATION; }

        public String field() { return "create_webhook"; }

        public Optional<Long> boardId() { return onBoard(board); }

        public void write(FieldWriter w) {
            w.arg("board_id", "ID!", Long.toString(board)).arg("url", "String!", url)
                    .arg("event", "WebhookEventType!", event).arg("config", "JSON", configJson)
                    .select("id board_id event config");
        }

        public WebhookInfo parse(JsonNode n) { return Model.webhook(n); }
    }

    /** Removes a webhook ({@code delete_webhook}). */
    public record DeleteWebhook(long webhookId) implements MondayOperation<WebhookInfo> {
        public OperationKind kind() { return OperationKind.MUTATION; }

        public String field() { return "delete_webhook"; }

        public Optional<Long> boardId() { return Optional.empty(); }

        public void write(FieldWriter w) { w.arg("id", "ID!", Long.toString(webhookId)).select("id board_id event config"); }

        public WebhookInfo parse(JsonNode n) { return Model.webhook(n); }
    }

    // ---------------------------------------------------------------- queries

    /**
     * Finds items whose column has one of the values ({@code items_page_by_column_values}); used to look an item up
     * by its "Coeffection ID" before creating it, and by email/phone when matching.
     */
    public record FindItemsByColumnValues(long board, String columnId, List<String> values, int limit)
            implements MondayOperation<ItemsPage> {
        public FindItemsByColumnValues {
            values = List.copyOf(values);
        }

        public OperationKind kind() { return OperationKind.QUERY; }

        public String field() { return "items_page_by_column_values"; }

        public Optional<Long> boardId() { return onBoard(board); }

        public void write(FieldWriter w) {
            w.arg("board_id", "ID!", Long.toString(board))
                    .arg("columns", "[ItemsPageByColumnValuesQuery!]", List.of(Map.of("column_id", columnId, "column_values", values)))
                    .arg("limit", "Int!", limit).select(ITEMS_PAGE);
        }

        public ItemsPage parse(JsonNode n) { return Model.itemsPage(n); }
    }

    /** The next page of a paged read ({@code next_items_page}). */
    public record NextItemsPage(String cursor, int limit) implements MondayOperation<ItemsPage> {
        public OperationKind kind() { return OperationKind.QUERY; }

        public String field() { return "next_items_page"; }

        public Optional<Long> boardId() { return Optional.empty(); }

        public void write(FieldWriter w) { w.arg("cursor", "String!", cursor).arg("limit", "Int!", limit).select(ITEMS_PAGE); }

        public ItemsPage parse(JsonNode n) { return Model.itemsPage(n); }
    }

    /** A board's columns, groups and first page of items ({@code boards(ids:)}); later pages via {@link NextItemsPage}. */
    public record ReadBoard(long board, int itemLimit) implements MondayOperation<BoardSnapshot> {
        public OperationKind kind() { return OperationKind.QUERY; }

        public String field() { return "boards"; }

        public Optional<Long> boardId() { return onBoard(board); }

        public void write(FieldWriter w) {
            String limit = w.variable("items_limit", "Int!", itemLimit);
            w.arg("ids", "[ID!]", List.of(Long.toString(board)))
                    .select("id name columns { id title type settings } groups { id title } items_page(limit: " + limit
                            + ") { " + ITEMS_PAGE + " }");
        }

        public BoardSnapshot parse(JsonNode n) {
            if (!n.isArray() || n.isEmpty() || n.get(0).isNull()) {
                throw new MondayResponseException("board " + board + " was not found");
            }
            JsonNode b = n.get(0);
            List<ColumnInfo> columns = new ArrayList<>();
            b.path("columns").forEach(c -> columns.add(Model.column(c)));
            List<GroupInfo> groups = new ArrayList<>();
            b.path("groups").forEach(g -> groups.add(Model.group(g)));
            return new BoardSnapshot(Model.id(b.get("id")), Model.text(b.get("name")), List.copyOf(columns),
                    List.copyOf(groups), Model.itemsPage(b.path("items_page")));
        }
    }

    /** Items by id ({@code items(ids:)}), with their column values. */
    public record ReadItems(List<Long> itemIds) implements MondayOperation<List<ItemSnapshot>> {
        public ReadItems {
            itemIds = List.copyOf(itemIds);
        }

        public OperationKind kind() { return OperationKind.QUERY; }

        public String field() { return "items"; }

        public Optional<Long> boardId() { return Optional.empty(); }

        public void write(FieldWriter w) {
            w.arg("ids", "[ID!]", itemIds.stream().map(String::valueOf).toList()).arg("limit", "Int", itemIds.size())
                    .select(ITEM);
        }

        public List<ItemSnapshot> parse(JsonNode n) {
            List<ItemSnapshot> items = new ArrayList<>();
            n.forEach(i -> {
                if (!i.isNull()) {
                    items.add(Model.item(i));
                }
            });
            return List.copyOf(items);
        }
    }

    /** A board's webhooks ({@code webhooks(board_id:)}). */
    public record ListWebhooks(long board) implements MondayOperation<List<WebhookInfo>> {
        public OperationKind kind() { return OperationKind.QUERY; }

        public String field() { return "webhooks"; }

        public Optional<Long> boardId() { return onBoard(board); }

        public void write(FieldWriter w) { w.arg("board_id", "ID!", Long.toString(board)).select("id board_id event config"); }

        public List<WebhookInfo> parse(JsonNode n) {
            List<WebhookInfo> hooks = new ArrayList<>();
            n.forEach(h -> hooks.add(Model.webhook(h)));
            return List.copyOf(hooks);
        }
    }

    /** Whether monday still has an active board with this id ({@code boards(ids:)} answers an empty list when not). */
    public record BoardExists(long board) implements MondayOperation<Boolean> {
        public OperationKind kind() { return OperationKind.QUERY; }

        public String field() { return "boards"; }

        public Optional<Long> boardId() { return onBoard(board); }

        public void write(FieldWriter w) { w.arg("ids", "[ID!]", List.of(Long.toString(board))).select("id"); }

        public Boolean parse(JsonNode n) {
            return n.isArray() && !n.isEmpty() && !n.get(0).isNull();
        }
    }

    /**
     * One page of the account's active boards ({@code boards(limit:, page:, workspace_ids:)}), with their descriptions
     * and column ids: how provisioning finds a board it created before. Pages start at 1.
     */
    public record ListBoards(Long workspaceId, int limit, int page) implements MondayOperation<List<BoardSummary>> {
        public OperationKind kind() { return OperationKind.QUERY; }

        public String field() { return "boards"; }

        public Optional<Long> boardId() { return Optional.empty(); }

        public void write(FieldWriter w) {
            w.arg("limit", "Int", limit).arg("page", "Int", page);
            if (workspaceId != null) {
                w.arg("workspace_ids", "[ID]", List.of(Long.toString(workspaceId)));
            }
            w.select("id name description columns { id }");
        }

        public List<BoardSummary> parse(JsonNode n) {
            List<BoardSummary> boards = new ArrayList<>();
            n.forEach(b -> {
                if (!b.isNull()) {
                    List<String> columns = new ArrayList<>();
                    b.path("columns").forEach(c -> columns.add(c.path("id").asText()));
                    boards.add(new BoardSummary(Model.id(b.get("id")), Model.text(b.get("name")),
                            Model.text(b.get("description")), List.copyOf(columns)));
                }
            });
            return List.copyOf(boards);
        }
    }

    /** monday users with these emails ({@code users(emails:)}); an email without a user is simply absent. */
    public record UsersByEmail(List<String> emails) implements MondayOperation<List<MondayUser>> {
        public UsersByEmail {
            emails = List.copyOf(emails);
        }

        public OperationKind kind() { return OperationKind.QUERY; }

        public String field() { return "users"; }

        public Optional<Long> boardId() { return Optional.empty(); }

        public void write(FieldWriter w) { w.arg("emails", "[String!]", emails).select("id name email"); }

        public List<MondayUser> parse(JsonNode n) { return users(n); }
    }

    /** monday users by id ({@code users(ids:)}). */
    public record UsersById(List<Long> ids) implements MondayOperation<List<MondayUser>> {
        public UsersById {
            ids = List.copyOf(ids);
        }

        public OperationKind kind() { return OperationKind.QUERY; }

        public String field() { return "users"; }

        public Optional<Long> boardId() { return Optional.empty(); }

        public void write(FieldWriter w) {
            w.arg("ids", "[ID!]", ids.stream().map(String::valueOf).toList()).select("id name email");
        }

        public List<MondayUser> parse(JsonNode n) { return users(n); }
    }

    /** The user the token belongs to ({@code me}): changes made by this user come back as echoes. */
    public record Me() implements MondayOperation<MondayUser> {
        public OperationKind kind() { return OperationKind.QUERY; }

        public String field() { return "me"; }

        public Optional<Long> boardId() { return Optional.empty(); }

        public void write(FieldWriter w) { w.select("id name email"); }

        public MondayUser parse(JsonNode n) { return Model.user(n); }
    }

    /** The workspaces the token sees ({@code workspaces}), active ones, at most {@code limit}. */
    public record Workspaces(int limit) implements MondayOperation<List<Model.WorkspaceInfo>> {
        public OperationKind kind() { return OperationKind.QUERY; }

        public String field() { return "workspaces"; }

        public Optional<Long> boardId() { return Optional.empty(); }

        public void write(FieldWriter w) { w.arg("limit", "Int", limit).select("id name kind"); }

        public List<Model.WorkspaceInfo> parse(JsonNode n) {
            List<Model.WorkspaceInfo> workspaces = new ArrayList<>();
            n.forEach(ws -> {
                if (!ws.isNull()) {
                    workspaces.add(new Model.WorkspaceInfo(Model.id(ws.get("id")), Model.text(ws.get("name")), Model.text(ws.get("kind"))));
                }
            });
            return List.copyOf(workspaces);
        }
    }

    /** The account the token belongs to ({@code account}): its id and name. */
    public record Account() implements MondayOperation<Model.AccountInfo> {
        public OperationKind kind() { return OperationKind.QUERY; }

        public String field() { return "account"; }

        public Optional<Long> boardId() { return Optional.empty(); }

        public void write(FieldWriter w) { w.select("id name"); }

        public Model.AccountInfo parse(JsonNode n) { return new Model.AccountInfo(Model.id(n.get("id")), Model.text(n.get("name"))); }
    }

    private static List<MondayUser> users(JsonNode n) {
        List<MondayUser> users = new ArrayList<>();
        n.forEach(u -> users.add(Model.user(u)));
        return List.copyOf(users);
    }
}

package com.coeffection.sync.monday.graphql;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Optional;

/**
 * A typed operation the client sends to monday. Each is one top-level GraphQL field; several of one
 * {@link OperationKind} go in one request under aliases.
 *
 * <p>The set is closed: the contract test sends every one of them to the stand-in, which validates it against
 * monday's published schema, so a drift from the schema fails the build.
 *
 * @param <T> what the operation returns
 */
public sealed interface MondayOperation<T> permits Operations.CreateBoard, Operations.CreateColumn,
        Operations.CreateGroup, Operations.CreateItem, Operations.ChangeColumnValues, Operations.MoveItemToGroup,
        Operations.ArchiveItem, Operations.DeleteItem, Operations.FindItemsByColumnValues, Operations.NextItemsPage,
        Operations.ReadBoard, Operations.BoardExists, Operations.ListBoards, Operations.ReadItems, Operations.CreateWebhook, Operations.DeleteWebhook,
        Operations.ListWebhooks, Operations.UsersByEmail, Operations.UsersById, Operations.Me, Operations.Workspaces, Operations.Account {

    /** Query or mutation. */
    OperationKind kind();

    /** monday's field name ({@code create_item}, {@code boards}, ...), also the key of its learned cost. */
    String field();

    /** The board a mutation changes, when known (the client runs one mutation per board at a time). */
    Optional<Long> boardId();

    /** Writes the arguments and the selection. */
    void write(FieldWriter writer);

    /** Reads the field's value from the response ({@code data.<alias>}, never null). */
    T parse(JsonNode node);
}

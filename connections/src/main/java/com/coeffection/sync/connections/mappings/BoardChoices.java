package com.coeffection.sync.connections.mappings;

import com.coeffection.sync.connections.account.MondayAccountApi;
import com.coeffection.sync.connections.status.StatusService;

import java.util.List;
import java.util.Optional;

/**
 * The page's board buttons. "Create board automatically" publishes the tenant's document with the entity's board
 * created by the sync (the board is made, then the entity's existing records are backfilled as its items). "Pick an
 * existing board" lists the workspace's boards and suggests a mapping of the entity's fields to the board's columns;
 * the admin confirms or edits it and publishes it, which starts matching the board's items to the records. The
 * entities and fields come from the tenant's published document, or, before a first publish, from the starter
 * document the server was given.
 */
public final class BoardChoices {
    private final MappingService mappings;
    private final StatusService status;
    private final String starter;

    /** A suggested document for an entity on an existing board, not published. */
    public record Suggested(String entity, long boardId, String boardName, String yaml,
                            List<BoardSuggestion.Pair> pairs, List<String> unmatchedFields,
                            List<String> unusedColumns, String statusColumn) {
    }

    /**
     * @param starter the document offered to a tenant that has published none (its tenant replaced), or null
     */
    public BoardChoices(MappingService mappings, StatusService status, String starter) {
        this.mappings = mappings;
        this.status = status;
        this.starter = starter;
    }

    /** The tenant's document: the published one, else the starter; empty when there is neither. */
    public Optional<MappingDocument> document(String tenant) {
        return mappings.current(tenant).or(() -> Optional.ofNullable(starter))
                .map(MappingDocument::parse).map(d -> d.forTenant(tenant));
    }

    public List<MappingDocument.Entity> entities(String tenant) {
        return document(tenant).map(MappingDocument::entities).orElse(List.of());
    }

    /** Publishes the document with {@code entity}'s board created automatically, in the workspace the admin picked. */
    public MappingService.Published createBoard(String tenant, String entity, String who) {
        return mappings.publish(tenant, require(tenant).withCreatedBoard(entity, status.pickedWorkspace(tenant)).toYaml(),
                who);
    }

    /** The suggested document for {@code entity} on the workspace board {@code boardId} (not published). */
    public Suggested suggest(String tenant, String entity, long boardId) {
        MappingDocument document = require(tenant);
        MappingDocument.Entity declared = document.entity(entity)
                .orElseThrow(() -> new IllegalArgumentException("the board mapping has no entity " + entity));
        MondayAccountApi.Board board = status.boards(tenant).stream().filter(b -> b.id() == boardId).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("board " + boardId + " is not in the tenant's workspace"));
        BoardSuggestion.Suggestion s = BoardSuggestion.suggest(declared.fields(), declared.stageField(), board.columns());
        String yaml = document.withExistingBoard(entity, boardId, s.pairs(), s.statusColumn()).toYaml();
        return new Suggested(entity, boardId, board.name(), yaml, s.pairs(), s.unmatchedFields(), s.unusedColumns(),
                s.statusColumn());
    }

    private MappingDocument require(String tenant) {
        return document(tenant).orElseThrow(() -> new IllegalStateException("tenant " + tenant
                + " has no board mapping yet: publish one first"));
    }
}

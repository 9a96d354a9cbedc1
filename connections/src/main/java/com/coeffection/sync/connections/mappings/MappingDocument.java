package com.coeffection.sync.connections.mappings;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A tenant's board-mapping document as a tree, for the page's buttons: which entities it maps, and the same document
 * with one entity's board (and fields) replaced. The result is validated by the loader like any other document;
 * comments of the original are not kept.
 */
public final class MappingDocument {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

    private final ObjectNode root;

    private MappingDocument(ObjectNode root) {
        this.root = root;
    }

    /** One field of an entity as the document declares it. */
    public record Field(String field, String type) {
    }

    /**
     * An entity of the document: its fields, how its board is chosen ("create", a board id, or null) and the field
     * its stages come from (null: no stage mapping).
     */
    public record Entity(String entity, String board, List<Field> fields, String stageField) {
    }

    /** Parses {@code yaml}; a document that is not a mapping tree is an {@link IllegalArgumentException}. */
    public static MappingDocument parse(String yaml) {
        try {
            JsonNode node = YAML.readTree(yaml);
            if (!(node instanceof ObjectNode object)) {
                throw new IllegalArgumentException("the board mapping is not a YAML mapping with tenant and mappings");
            }
            return new MappingDocument(object);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the board mapping is not valid YAML: " + e.getOriginalMessage());
        }
    }

    /** The document of {@code tenant}: the given one with its tenant set. */
    public MappingDocument forTenant(String tenant) {
        ObjectNode copy = root.deepCopy();
        copy.put("tenant", tenant);
        return new MappingDocument(copy);
    }

    public List<Entity> entities() {
        List<Entity> entities = new ArrayList<>();
        for (JsonNode m : mappings()) {
            List<Field> fields = new ArrayList<>();
            m.path("fields").forEach(f -> fields.add(new Field(f.path("field").asText(), f.path("type").asText())));
            JsonNode board = m.path("board");
            String how = board.path("create").asBoolean(false) ? "create" : board.hasNonNull("id") ? board.get("id").asText() : null;
            entities.add(new Entity(m.path("entity").asText(), how, fields, m.path("stages").path("field").asText(null)));
        }
        return entities;
    }

    public Optional<Entity> entity(String entity) {
        return entities().stream().filter(e -> e.entity().equals(entity)).findFirst();
    }

    /** The same document where {@code entity} gets a board created automatically (an existing board id dropped). */
    public MappingDocument withCreatedBoard(String entity) {
        return withCreatedBoard(entity, null);
    }

    /**
     * The same, the board created in {@code workspace} (the one the admin picked; null or 0, the account's main
     * workspace: where the document said, else the main one). The board's name, when the document gave one, stays.
     */
    public MappingDocument withCreatedBoard(String entity, Long workspace) {
        ObjectNode copy = root.deepCopy();
        ObjectNode mapping = find(copy, entity);
        JsonNode before = mapping.path("board");
        ObjectNode board = mapping.putObject("board").put("create", true);
        if (before.hasNonNull("name")) {
            board.put("name", before.get("name").asText());
        }
        if (workspace != null && workspace != 0) {
            board.put("workspace", workspace);
        } else if (before.hasNonNull("workspace")) {
            board.set("workspace", before.get("workspace"));
        }
        return new MappingDocument(copy);
    }

    /**
     * The same document where {@code entity} is synced with the existing board {@code boardId}, its fields mapped to
     * {@code pairs} (fields without a pair are left out of the mapping), its stages on {@code statusColumn} (null: the
     * stage mapping is left out, the board has no status column for it).
     */
    public MappingDocument withExistingBoard(String entity, long boardId, List<BoardSuggestion.Pair> pairs,
                                             String statusColumn) {
        ObjectNode copy = root.deepCopy();
        ObjectNode mapping = find(copy, entity);
        mapping.putObject("board").put("id", boardId);
        ArrayNode fields = YAML.createArrayNode();
        for (BoardSuggestion.Pair pair : pairs) {
            ObjectNode f = fields.addObject();
            f.put("field", pair.field());
            f.put("type", pair.type());
            f.putObject("column").put("id", pair.columnId()).put("type", pair.columnType());
            JsonNode before = fieldNode(mapping, pair.field());
            if (before != null && before.hasNonNull("direction")) {
                f.set("direction", before.get("direction"));
            }
        }
        mapping.set("fields", fields);
        if (statusColumn == null) {
            mapping.remove("stages");
        } else if (mapping.get("stages") instanceof ObjectNode stages) {
            stages.put("statusColumn", statusColumn);
        }
        return new MappingDocument(copy);
    }

    public String toYaml() {
        try {
            return YAML.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Iterable<JsonNode> mappings() {
        JsonNode list = root.path("mappings");
        return list.isArray() ? list : List.of();
    }

    private static JsonNode fieldNode(ObjectNode mapping, String field) {
        for (JsonNode f : mapping.path("fields")) {
            if (field.equals(f.path("field").asText())) {
                return f;
            }
        }
        return null;
    }

    private static ObjectNode find(ObjectNode root, String entity) {
        for (JsonNode m : root.path("mappings")) {
            if (m instanceof ObjectNode o && entity.equals(o.path("entity").asText())) {
                return o;
            }
        }
        throw new IllegalArgumentException("the board mapping has no entity " + entity);
    }
}

package com.coeffection.sync.launcher.provisioning;

import com.coeffection.sync.monday.columns.ColumnType;
import com.coeffection.sync.monday.graphql.BatchResult;
import com.coeffection.sync.monday.graphql.AliasResult;
import com.coeffection.sync.monday.graphql.Model;
import com.coeffection.sync.monday.graphql.MondayClient;
import com.coeffection.sync.monday.graphql.MondayOperation;
import com.coeffection.sync.monday.graphql.Operations;
import com.coeffection.sync.schema.BoardMapping;
import com.coeffection.sync.schema.FieldMapping;
import com.coeffection.sync.schema.StageMapping;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.commons.lang3.StringUtils;
import org.apache.commons.text.WordUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Locale;
import java.util.Set;

/**
 * "Create board automatically" (seed 000, Auto-board creation): creates a monday board named after the entity type
 * in the chosen workspace, a column for every mapped field with its monday column type, a "Coeffection ID" column
 * the sink finds items by, a group for every pipeline stage, and the webhooks that bring monday changes back. It
 * returns the mapping with the new board and group ids, to be published so the processor starts syncing (and
 * backfills) the entity's records.
 */
public final class BoardProvisioner {
    private static final Logger log = LoggerFactory.getLogger(BoardProvisioner.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The text column holding each item's record id: how items are found again (idempotent creation, matching). */
    public static final String COEFFECTION_ID_COLUMN = "coeffection_id";
    public static final String COEFFECTION_ID_TITLE = "Coeffection ID";

    /** The monday events the sync subscribes to on a board it creates. */
    public static final List<String> WEBHOOK_EVENTS = List.of("create_item", "change_column_value", "change_name",
            "item_deleted", "item_archived", "item_restored", "item_moved_to_any_group");

    private final MondayClient client;

    public BoardProvisioner(MondayClient client) {
        this.client = client;
    }

    /** Whether this mapping asks for a board that does not exist yet. */
    public static boolean needsBoard(BoardMapping mapping) {
        return mapping.getAutoCreate() && mapping.getBoardId() == null;
    }

    /**
     * The board created for this mapping on an earlier start, when monday still has it: auto-creation must not make a
     * second board each time the pipeline starts. Stage groups keep the ids created then.
     *
     * @param earlier the mapping published before for the same tenant and entity type, or null
     */
    public Optional<BoardMapping> reuse(BoardMapping mapping, BoardMapping earlier) {
        if (earlier == null || earlier.getBoardId() == null) {
            return Optional.empty();
        }
        try {
            client.execute(new Operations.ReadBoard(earlier.getBoardId(), 1));
        } catch (RuntimeException e) {
            log.info("Board {} of tenant {} entity {} is not on monday any more ({}); creating a new one",
                    earlier.getBoardId(), mapping.getTenantId(), mapping.getEntityType(), e.getMessage());
            return Optional.empty();
        }
        Map<String, String> groups = new HashMap<>();
        earlier.getStages().forEach(s -> {
            if (s.getGroupId() != null) {
                groups.put(s.getStage(), s.getGroupId());
            }
        });
        List<StageMapping> stages = mapping.getStages().stream()
                .map(s -> s.getGroupId() == null && groups.containsKey(s.getStage())
                        ? StageMapping.newBuilder(s).setGroupId(groups.get(s.getStage())).build() : s)
                .toList();
        log.info("Reusing board {} for tenant {} entity {}", earlier.getBoardId(), mapping.getTenantId(), mapping.getEntityType());
        return Optional.of(BoardMapping.newBuilder(mapping).setBoardId(earlier.getBoardId())
                .setBoardName(earlier.getBoardName()).setStages(stages)
                .setVersion(Math.max(mapping.getVersion(), earlier.getVersion())).build());
    }

    /**
     * Creates the board, its columns, groups and webhooks.
     *
     * @param webhookUrl where monday should deliver this board's events (the ingress route of the tenant)
     */
    public BoardMapping provision(BoardMapping mapping, String webhookUrl) {
        String name = mapping.getBoardName() != null ? mapping.getBoardName() : defaultBoardName(mapping.getEntityType());
        Model.BoardRef board = client.execute(new Operations.CreateBoard(name, "public", mapping.getWorkspaceId(), null,
                "Synced with Coeffection " + mapping.getEntityType() + " records"));
        long boardId = board.id();
        log.info("Created board {} '{}' for tenant {} entity {}", boardId, name, mapping.getTenantId(), mapping.getEntityType());

        List<MondayOperation<? extends Model.ColumnInfo>> columns = new ArrayList<>();
        columns.add(new Operations.CreateColumn(boardId, COEFFECTION_ID_TITLE, "text", COEFFECTION_ID_COLUMN,
                "The Coeffection record this item syncs with", null));
        for (FieldMapping field : mapping.getFields()) {
            if (ColumnType.fromMonday(field.getColumnType()).orElse(null) == ColumnType.NAME) {
                continue;
            }
            String defaults = field.getColumnId().equals(mapping.getStatusColumnId()) ? statusLabels(mapping) : null;
            String title = field.getColumnTitle() != null ? field.getColumnTitle() : columnTitle(field.getField());
            columns.add(new Operations.CreateColumn(boardId, title, mondayColumnType(field.getColumnType()), field.getColumnId(),
                    "Coeffection field " + field.getField(), defaults));
        }
        String statusColumn = mapping.getStatusColumnId();
        if (statusColumn != null && mapping.getFields().stream().noneMatch(f -> f.getColumnId().equals(statusColumn))) {
            columns.add(new Operations.CreateColumn(boardId, "Stage", "status", statusColumn,
                    "Coeffection pipeline stage " + mapping.getStageField(), statusLabels(mapping)));
        }
        requireAll(client.executeBatch(columns), "columns");

        List<StageMapping> stages = new ArrayList<>();
        if (!mapping.getStages().isEmpty()) {
            List<MondayOperation<? extends Model.GroupInfo>> groups = mapping.getStages().stream()
                    .<MondayOperation<? extends Model.GroupInfo>>map(s -> new Operations.CreateGroup(boardId, s.getStage(), null)).toList();
            List<Model.GroupInfo> created = requireAll(client.executeBatch(groups), "groups");
            for (int i = 0; i < mapping.getStages().size(); i++) {
                StageMapping stage = mapping.getStages().get(i);
                stages.add(StageMapping.newBuilder(stage).setGroupId(created.get(i).id()).build());
            }
        }

        List<MondayOperation<? extends Model.WebhookInfo>> hooks = WEBHOOK_EVENTS.stream()
                .<MondayOperation<? extends Model.WebhookInfo>>map(e -> new Operations.CreateWebhook(boardId, webhookUrl, e, null)).toList();
        requireAll(client.executeBatch(hooks), "webhooks");
        log.info("Board {} ready: {} columns, {} groups, {} webhooks to {}", boardId, columns.size(), stages.size(),
                hooks.size(), webhookUrl);

        return BoardMapping.newBuilder(mapping)
                .setBoardId(boardId)
                .setBoardName(name)
                .setStages(stages.isEmpty() ? mapping.getStages() : stages)
                .setVersion(mapping.getVersion() + 1)
                .setUpdatedAt(Instant.now())
                .build();
    }

    /** A column title from a field name: {@code closeDate} becomes "Close Date". */
    static String columnTitle(String field) {
        return WordUtils.capitalize(String.join(" ", StringUtils.splitByCharacterTypeCamelCase(field.replace('_', ' ')))
                .replaceAll("\\s+", " ").trim());
    }

    /** "Coeffection — Opportunities" for Opportunity. */
    public static String defaultBoardName(String entityType) {
        return "Coeffection — " + plural(entityType);
    }

    static String plural(String word) {
        String lower = word.toLowerCase(Locale.ROOT);
        if (lower.endsWith("y") && word.length() > 1 && "aeiou".indexOf(lower.charAt(lower.length() - 2)) < 0) {
            return word.substring(0, word.length() - 1) + "ies";
        }
        if (lower.endsWith("s") || lower.endsWith("x") || lower.endsWith("ch") || lower.endsWith("sh")) {
            return word + "es";
        }
        return word + "s";
    }

    private static String mondayColumnType(String columnType) {
        return ColumnType.fromMonday(columnType).map(ColumnType::mondayName).orElse(columnType);
    }

    /** The status column's labels: every stage label, in stage order, so each stage has its label from the start. */
    private static String statusLabels(BoardMapping mapping) {
        Set<String> labels = new LinkedHashSet<>();
        mapping.getStages().forEach(s -> labels.addAll(s.getStatusLabels()));
        if (labels.isEmpty()) {
            return null;
        }
        ObjectNode defaults = JSON.createObjectNode();
        ObjectNode byIndex = defaults.putObject("labels");
        int index = 0;
        for (String label : labels) {
            byIndex.put(Integer.toString(index++), label);
        }
        return defaults.toString();
    }

    private static <T> List<T> requireAll(BatchResult<T> result, String what) {
        if (!result.allSucceeded()) {
            AliasResult.Failed<T> first = result.failures().get(0);
            throw new ProvisioningException("monday refused to create the board's " + what + " (" + first.operation().field()
                    + "): [" + first.failure().code() + "] " + first.failure().message());
        }
        return result.values();
    }

    /** Auto-creation could not finish; the message carries monday's own words. */
    public static final class ProvisioningException extends RuntimeException {
        public ProvisioningException(String message) {
            super(message);
        }
    }
}

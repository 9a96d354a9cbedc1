package com.coeffection.sync.launcher.provisioning;

import com.coeffection.sync.monday.columns.ColumnType;
import com.coeffection.sync.monday.graphql.BatchResult;
import com.coeffection.sync.monday.graphql.AliasResult;
import com.coeffection.sync.monday.graphql.Model;
import com.coeffection.sync.monday.graphql.MondayApiException;
import com.coeffection.sync.monday.graphql.MondayClient;
import com.coeffection.sync.monday.graphql.MondayFailure;
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
 * "Create board automatically": creates a monday board named after the entity type in the chosen workspace, a column
 * for every mapped field with its monday column type, a "Coeffection ID" column the sink finds items by, a group for
 * every pipeline stage, and the webhooks that bring monday changes back. It returns the mapping with the board and
 * group ids, to be published so the processor starts syncing (and the backfill fills) the entity's board.
 *
 * <p>A board is created once, whatever fails: {@link #ensure} first looks for the board it made before (the one the
 * published mapping names, else one whose description carries its {@link BoardMarker}) and completes it (the
 * columns, groups and webhooks it lacks are added, none twice). monday's transient errors are retried; a board is
 * taken for gone only when monday answers that it does not exist, never because a call failed. A crash at any step
 * (after the board, after its columns, its groups, its webhooks, before the mapping is published) leaves a board
 * the next start finds and completes.
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

    /** The steps of provisioning, after each of which a test can stop it as a crash would. */
    public enum Step { BOARD_CREATED, COLUMNS_CREATED, GROUPS_CREATED, WEBHOOKS_CREATED }

    /** Told after each step (the default does nothing; a fault-injection test throws). */
    @FunctionalInterface
    public interface StepListener {
        StepListener NONE = step -> { };

        void after(Step step);
    }

    private static final int ATTEMPTS = 5;

    private final MondayClient client;
    private final StepListener steps;
    private final java.time.Duration retryDelay;

    public BoardProvisioner(MondayClient client) {
        this(client, StepListener.NONE, java.time.Duration.ofSeconds(1));
    }

    public BoardProvisioner(MondayClient client, StepListener steps, java.time.Duration retryDelay) {
        this.client = client;
        this.steps = steps;
        this.retryDelay = retryDelay;
    }

    /** Whether this mapping asks for a board that does not exist yet. */
    public static boolean needsBoard(BoardMapping mapping) {
        return mapping.getAutoCreate() && mapping.getBoardId() == null;
    }

    /**
     * The mapping with its board: the board made for it before (named by {@code earlier}, or found by its marker),
     * completed, or else a new one.
     *
     * @param earlier    the mapping published before for the same tenant and entity type, or null
     * @param webhookUrl where monday should deliver this board's events (the ingress route of the tenant)
     */
    public BoardMapping ensure(BoardMapping mapping, BoardMapping earlier, String webhookUrl) {
        Optional<Long> found = locate(mapping, earlier);
        long boardId;
        String name = earlier != null && earlier.getBoardName() != null && found.isPresent()
                && found.get().equals(earlier.getBoardId()) ? earlier.getBoardName()
                : mapping.getBoardName() != null ? mapping.getBoardName() : defaultBoardName(mapping.getEntityType());
        if (found.isPresent()) {
            boardId = found.get();
            log.info("Reusing board {} for tenant {} entity {}", boardId, mapping.getTenantId(), mapping.getEntityType());
        } else {
            boardId = retried("create board", () -> client.execute(new Operations.CreateBoard(name, "public",
                    mapping.getWorkspaceId(), null, BoardMarker.description(mapping.getTenantId(), mapping.getEntityType())))).id();
            log.info("Created board {} '{}' for tenant {} entity {}", boardId, name, mapping.getTenantId(), mapping.getEntityType());
            steps.after(Step.BOARD_CREATED);
        }
        List<StageMapping> stages = complete(boardId, mapping, earlier, webhookUrl);
        return BoardMapping.newBuilder(mapping)
                .setBoardId(boardId)
                .setBoardName(name)
                .setCoeffectionIdColumnId(COEFFECTION_ID_COLUMN)
                .setStages(stages)
                .setVersion(Math.max(mapping.getVersion(), earlier == null ? 0 : earlier.getVersion()) + 1)
                .setUpdatedAt(Instant.now())
                .build();
    }

    /** Creates the board, its columns, groups and webhooks (or completes the one made before). */
    public BoardMapping provision(BoardMapping mapping, String webhookUrl) {
        return ensure(mapping, null, webhookUrl);
    }

    /**
     * The board made for this mapping before: the one {@code earlier} names when monday still has it, else an active
     * board whose description carries the marker and which has the Coeffection ID column.
     */
    Optional<Long> locate(BoardMapping mapping, BoardMapping earlier) {
        if (earlier != null && earlier.getBoardId() != null) {
            long id = earlier.getBoardId();
            if (retried("check board " + id, () -> client.execute(new Operations.BoardExists(id)))) {
                return Optional.of(id);
            }
            log.info("Board {} of tenant {} entity {} is not on monday any more; looking for another", id,
                    mapping.getTenantId(), mapping.getEntityType());
        }
        Long marked = null;
        for (int page = 1; page <= 100; page++) {
            int p = page;
            List<Model.BoardSummary> boards = retried("list boards", () -> client.execute(
                    new Operations.ListBoards(mapping.getWorkspaceId(), 100, p)));
            for (Model.BoardSummary b : boards) {
                if (!BoardMarker.marks(b.description(), mapping.getTenantId(), mapping.getEntityType())) {
                    continue;
                }
                if (b.columnIds().contains(COEFFECTION_ID_COLUMN)) {
                    log.info("Found board {} made for tenant {} entity {} by its mark", b.id(), mapping.getTenantId(),
                            mapping.getEntityType());
                    return Optional.of(b.id());
                }
                // created, then stopped before its first column: complete it rather than make another
                marked = marked == null ? b.id() : marked;
            }
            if (boards.size() < 100) {
                break;
            }
        }
        if (marked != null) {
            log.info("Found board {} made for tenant {} entity {} by its mark, without its columns yet", marked,
                    mapping.getTenantId(), mapping.getEntityType());
            return Optional.of(marked);
        }
        return Optional.empty();
    }

    /** Adds the columns, groups and webhooks the board lacks; the stages with their group ids. */
    private List<StageMapping> complete(long boardId, BoardMapping mapping, BoardMapping earlier, String webhookUrl) {
        Model.BoardSnapshot board = retried("read board " + boardId, () -> client.execute(new Operations.ReadBoard(boardId, 1)));
        Set<String> columnIds = new java.util.HashSet<>();
        board.columns().forEach(c -> columnIds.add(c.id()));
        List<MondayOperation<? extends Model.ColumnInfo>> columns = new ArrayList<>();
        for (Operations.CreateColumn column : columns(boardId, mapping)) {
            if (!columnIds.contains(column.id())) {
                columns.add(column);
            }
        }
        if (!columns.isEmpty()) {
            requireAll(retriedBatch("columns", () -> client.executeBatch(columns)), "columns");
        }
        steps.after(Step.COLUMNS_CREATED);

        Map<String, String> groupByTitle = new HashMap<>();
        board.groups().forEach(g -> groupByTitle.putIfAbsent(g.title(), g.id()));
        Map<String, String> earlierGroups = new HashMap<>();
        if (earlier != null && java.util.Objects.equals(earlier.getBoardId(), boardId)) {
            earlier.getStages().forEach(s -> {
                if (s.getGroupId() != null) {
                    earlierGroups.put(s.getStage(), s.getGroupId());
                }
            });
        }
        Set<String> groupIds = new java.util.HashSet<>(groupByTitle.values());
        List<StageMapping> missing = mapping.getStages().stream().filter(s -> !(earlierGroups.containsKey(s.getStage())
                && groupIds.contains(earlierGroups.get(s.getStage()))) && !groupByTitle.containsKey(s.getStage())).toList();
        if (!missing.isEmpty()) {
            List<MondayOperation<? extends Model.GroupInfo>> groups = missing.stream()
                    .<MondayOperation<? extends Model.GroupInfo>>map(s -> new Operations.CreateGroup(boardId, s.getStage(), null)).toList();
            List<Model.GroupInfo> created = requireAll(retriedBatch("groups", () -> client.executeBatch(groups)), "groups");
            for (int i = 0; i < missing.size(); i++) {
                groupByTitle.put(missing.get(i).getStage(), created.get(i).id());
            }
        }
        List<StageMapping> stages = new ArrayList<>();
        for (StageMapping stage : mapping.getStages()) {
            String group = earlierGroups.containsKey(stage.getStage()) && groupIds.contains(earlierGroups.get(stage.getStage()))
                    ? earlierGroups.get(stage.getStage()) : groupByTitle.get(stage.getStage());
            stages.add(StageMapping.newBuilder(stage).setGroupId(group).build());
        }
        steps.after(Step.GROUPS_CREATED);

        int hooks = addWebhooks(boardId, webhookUrl);
        steps.after(Step.WEBHOOKS_CREATED);
        log.info("Board {} ready: {} columns and {} groups added, {} webhooks to {}", boardId, columns.size(),
                missing.size(), hooks, webhookUrl);
        return stages;
    }

    /** Subscribes the board's events the sync needs that have no webhook yet; how many were added. */
    int addWebhooks(long boardId, String webhookUrl) {
        Set<String> hooked = new java.util.HashSet<>();
        retried("list webhooks", () -> client.execute(new Operations.ListWebhooks(boardId))).forEach(h -> hooked.add(h.event()));
        List<MondayOperation<? extends Model.WebhookInfo>> hooks = WEBHOOK_EVENTS.stream().filter(e -> !hooked.contains(e))
                .<MondayOperation<? extends Model.WebhookInfo>>map(e -> new Operations.CreateWebhook(boardId, webhookUrl, e, null)).toList();
        if (!hooks.isEmpty()) {
            requireAll(retriedBatch("webhooks", () -> client.executeBatch(hooks)), "webhooks");
        }
        return hooks.size();
    }

    /** Every column the board of {@code mapping} has: the Coeffection ID, each mapped field's, the stage column. */
    private List<Operations.CreateColumn> columns(long boardId, BoardMapping mapping) {
        List<Operations.CreateColumn> columns = new ArrayList<>();
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
        return columns;
    }

    /** Runs {@code call}, retrying monday's transient failures; anything else is thrown as it is. */
    <T> T retried(String what, java.util.function.Supplier<T> call) {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (MondayApiException e) {
                if (!(e.failure() instanceof MondayFailure.RetryLater) || attempt >= ATTEMPTS) {
                    throw new ProvisioningException("monday failed to " + what + " (" + e.getMessage() + "); no board was "
                            + "created twice: the next start continues where this one stopped");
                }
                pause(attempt, what, e.getMessage());
            }
        }
    }

    private <T> BatchResult<T> retriedBatch(String what, java.util.function.Supplier<BatchResult<T>> call) {
        for (int attempt = 1; ; attempt++) {
            BatchResult<T> result = call.get();
            boolean transientFailure = !result.allSucceeded()
                    && result.failures().stream().allMatch(f -> f.failure() instanceof MondayFailure.RetryLater);
            if (!transientFailure || attempt >= ATTEMPTS) {
                return result;
            }
            pause(attempt, "create the board's " + what, result.failures().get(0).failure().message());
        }
    }

    private void pause(int attempt, String what, String why) {
        log.info("monday could not {} ({}); retrying (attempt {} of {})", what, why, attempt, ATTEMPTS);
        try {
            Thread.sleep(retryDelay.toMillis() * attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProvisioningException("interrupted while provisioning");
        }
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

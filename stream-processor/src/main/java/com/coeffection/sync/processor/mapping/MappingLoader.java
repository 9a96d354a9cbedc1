package com.coeffection.sync.processor.mapping;

import com.coeffection.sync.monday.columns.ColumnType;
import com.coeffection.sync.processor.mapping.MappingProblem.Severity;
import com.coeffection.sync.schema.BoardMapping;
import com.coeffection.sync.schema.FieldMapping;
import com.coeffection.sync.schema.StageMapping;
import com.coeffection.sync.schema.SyncDirection;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a board mapping file (YAML), validates it and turns it into the {@link BoardMapping} records published on
 * the mappings topic. Every error names the entity, field and column it is about; all errors are reported at once.
 */
public final class MappingLoader {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    private final Clock clock;

    public MappingLoader(Clock clock) {
        this.clock = clock;
    }

    /** The validated mappings of a file and the warnings that did not stop it. */
    public record Loaded(String tenantId, List<BoardMapping> mappings, List<MappingProblem> warnings) {
    }

    public Loaded load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new MappingValidationException(file.toString(), List.of(new MappingProblem(Severity.ERROR, null,
                    null, null, null, "cannot read the file: " + e.getMessage())));
        }
        return parse(text, file.toString());
    }

    /** Parses and validates mapping YAML; {@code source} names it in messages. */
    public Loaded parse(String yaml, String source) {
        MappingFile file;
        try {
            file = YAML.readValue(yaml, MappingFile.class);
        } catch (JsonMappingException e) {
            throw new MappingValidationException(source, List.of(new MappingProblem(Severity.ERROR, null, null, null,
                    null, "not a valid mapping file at " + describePath(e) + ": " + e.getOriginalMessage())));
        } catch (IOException e) {
            throw new MappingValidationException(source, List.of(new MappingProblem(Severity.ERROR, null, null, null,
                    null, "not valid YAML: " + e.getMessage())));
        }
        List<MappingProblem> problems = new ArrayList<>();
        List<BoardMapping> mappings = validate(file, problems);
        if (problems.stream().anyMatch(p -> p.severity() == Severity.ERROR)) {
            throw new MappingValidationException(source, problems);
        }
        return new Loaded(file == null ? null : file.tenant(), mappings, List.copyOf(problems));
    }

    private static String describePath(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.length() == 0 ? "the top level" : path.toString();
    }

    private List<BoardMapping> validate(MappingFile file, List<MappingProblem> problems) {
        if (file == null || file.tenant() == null || file.tenant().isBlank()) {
            problems.add(new MappingProblem(Severity.ERROR, null, null, null, null, "'tenant' is missing"));
            return List.of();
        }
        String tenant = file.tenant().trim();
        if (file.mappings() == null || file.mappings().isEmpty()) {
            problems.add(new MappingProblem(Severity.ERROR, tenant, null, null, null, "'mappings' lists no entity type"));
            return List.of();
        }
        long now = clock.millis();
        List<BoardMapping> result = new ArrayList<>();
        Set<String> entities = new HashSet<>();
        for (MappingFile.Entity entity : file.mappings()) {
            if (entity.entity() == null || entity.entity().isBlank()) {
                problems.add(new MappingProblem(Severity.ERROR, tenant, null, null, null, "a mapping has no 'entity'"));
                continue;
            }
            if (!entities.add(entity.entity())) {
                problems.add(new MappingProblem(Severity.ERROR, tenant, entity.entity(), null, null,
                        "the entity type is mapped twice; one entity type syncs to one board"));
                continue;
            }
            result.add(validateEntity(tenant, entity, now, problems));
        }
        return result;
    }

    private BoardMapping validateEntity(String tenant, MappingFile.Entity e, long now, List<MappingProblem> problems) {
        String entity = e.entity().trim();
        MappingFile.Board board = e.board();
        boolean create = board != null && Boolean.TRUE.equals(board.create());
        if (board == null || (board.id() == null && !create)) {
            problems.add(new MappingProblem(Severity.ERROR, tenant, entity, null, null,
                    "'board' needs an existing board 'id' or 'create: true'"));
        } else if (board.id() != null && create) {
            problems.add(new MappingProblem(Severity.ERROR, tenant, entity, null, null,
                    "'board' has both an 'id' and 'create: true'; choose one"));
        }
        List<FieldMapping> fields = new ArrayList<>();
        Set<String> fieldNames = new HashSet<>();
        Map<String, String> columnOwners = new HashMap<>();
        String itemNameField = null;
        for (MappingFile.Field f : e.fields() == null ? List.<MappingFile.Field>of() : e.fields()) {
            String name = f.field();
            String columnId = f.column() == null ? null : f.column().id();
            if (name == null || name.isBlank()) {
                problems.add(new MappingProblem(Severity.ERROR, tenant, entity, null, columnId, "a field entry has no 'field' name"));
                continue;
            }
            if (!fieldNames.add(name)) {
                problems.add(new MappingProblem(Severity.ERROR, tenant, entity, name, columnId, "the field is mapped twice"));
                continue;
            }
            Optional<FieldType> type = FieldType.parse(f.type());
            if (type.isEmpty()) {
                problems.add(new MappingProblem(Severity.ERROR, tenant, entity, name, columnId,
                        "unknown field type '" + f.type() + "'; use one of " + fieldTypeNames()));
            }
            Optional<SyncDirection> direction = Directions.parse(f.direction());
            if (direction.isEmpty()) {
                problems.add(new MappingProblem(Severity.ERROR, tenant, entity, name, columnId, "unknown direction '"
                        + f.direction() + "'; use two-way, coeffection-to-monday, monday-to-coeffection or do-not-sync"));
            }
            if (f.column() == null || columnId == null || columnId.isBlank()) {
                problems.add(new MappingProblem(Severity.ERROR, tenant, entity, name, null, "the field has no monday 'column' id"));
                continue;
            }
            Optional<ColumnType> columnType = ColumnType.fromMonday(f.column().type());
            if (columnType.isEmpty()) {
                problems.add(new MappingProblem(Severity.ERROR, tenant, entity, name, columnId, "unknown column type '"
                        + f.column().type() + "'; the sync handles name, text, long_text, numbers, date, status, "
                        + "dropdown, people, link, email, phone and checkbox columns"));
            }
            String previousOwner = columnOwners.putIfAbsent(columnId, name);
            if (previousOwner != null) {
                problems.add(new MappingProblem(Severity.ERROR, tenant, entity, name, columnId,
                        "the column is already mapped to field '" + previousOwner + "'"));
            }
            if (type.isPresent() && columnType.isPresent()) {
                checkTypes(tenant, entity, name, columnId, type.get(), columnType.get(), f.column().includeTime(), problems);
            }
            if (columnType.isPresent() && columnType.get() == ColumnType.NAME) {
                itemNameField = name;
            }
            fields.add(FieldMapping.newBuilder()
                    .setField(name)
                    .setFieldType(type.map(FieldType::fileName).orElse(String.valueOf(f.type())))
                    .setColumnId(columnId)
                    .setColumnType(columnType.map(ColumnType::mondayName).orElse(String.valueOf(f.column().type())))
                    .setColumnTitle(f.column().title())
                    .setDirection(direction.orElse(SyncDirection.TWO_WAY))
                    .build());
        }
        BoardMapping.Builder builder = BoardMapping.newBuilder()
                .setTenantId(tenant)
                .setEntityType(entity)
                .setBoardId(board == null ? null : board.id())
                .setAutoCreate(create)
                .setBoardName(board == null ? null : board.name())
                .setWorkspaceId(board == null ? null : board.workspace())
                .setItemNameField(itemNameField)
                .setFields(fields)
                .setArchiveOnDelete(Boolean.TRUE.equals(e.archiveOnDelete()))
                .setMatchOnConnect(e.matchOnConnect() == null || e.matchOnConnect())
                .setCreateFromMonday(Boolean.TRUE.equals(e.createFromMonday()))
                .setPhoneRegion(e.phoneRegion() == null || e.phoneRegion().isBlank() ? null
                        : e.phoneRegion().trim().toUpperCase(java.util.Locale.ROOT))
                .setVersion(now)
                .setUpdatedAt(java.time.Instant.ofEpochMilli(now));
        if (e.stages() != null) {
            validateStages(tenant, entity, e.stages(), fieldNames, columnOwners, builder, problems);
        }
        if (fields.isEmpty() && e.stages() == null) {
            problems.add(new MappingProblem(Severity.WARNING, tenant, entity, null, null,
                    "no field and no stage is mapped: nothing of this entity type will sync"));
        }
        return builder.build();
    }

    private static void checkTypes(String tenant, String entity, String field, String columnId, FieldType type,
                                   ColumnType column, Boolean includeTime, List<MappingProblem> problems) {
        if (!type.fits(column)) {
            problems.add(new MappingProblem(Severity.ERROR, tenant, entity, field, columnId, "a " + type.fileName()
                    + " field cannot be mapped to a " + column.mondayName() + " column: only fields of the same type"
                    + " sync; map it to a " + String.join(" or ", type.columnTypes().stream().map(ColumnType::mondayName)
                    .sorted().toList()) + " column"));
            return;
        }
        if (type == FieldType.DATE && Boolean.TRUE.equals(includeTime)) {
            problems.add(new MappingProblem(Severity.WARNING, tenant, entity, field, columnId, "a date field is mapped"
                    + " to a date column that includes a time: converting a date-time to a date loses the time and"
                    + " can shift the day; prefer a date column without time"));
        }
        if (type == FieldType.DATETIME && !Boolean.TRUE.equals(includeTime)) {
            problems.add(new MappingProblem(Severity.WARNING, tenant, entity, field, columnId, "a date-time field is"
                    + " mapped to a date column without time: the time is lost and the day can shift; set"
                    + " 'includeTime: true' if the column shows a time, or map a date field"));
        }
    }

    private static void validateStages(String tenant, String entity, MappingFile.Stages stages, Set<String> fieldNames,
                                       Map<String, String> columnOwners, BoardMapping.Builder builder,
                                       List<MappingProblem> problems) {
        String field = stages.field();
        if (field == null || field.isBlank()) {
            problems.add(new MappingProblem(Severity.ERROR, tenant, entity, null, stages.statusColumn(),
                    "'stages' needs the Coeffection stage 'field'"));
        } else if (fieldNames.contains(field)) {
            problems.add(new MappingProblem(Severity.ERROR, tenant, entity, field, stages.statusColumn(),
                    "the stage field is also listed under 'fields'; map it only under 'stages'"));
        }
        String statusColumn = stages.statusColumn();
        if (statusColumn != null && columnOwners.containsKey(statusColumn)) {
            problems.add(new MappingProblem(Severity.ERROR, tenant, entity, field, statusColumn,
                    "the stage status column is already mapped to field '" + columnOwners.get(statusColumn) + "'"));
        }
        Optional<SyncDirection> direction = Directions.parse(stages.direction());
        if (direction.isEmpty()) {
            problems.add(new MappingProblem(Severity.ERROR, tenant, entity, field, statusColumn,
                    "unknown stage direction '" + stages.direction() + "'"));
        }
        List<StageMapping> mapped = new ArrayList<>();
        Set<String> stageNames = new LinkedHashSet<>();
        Map<String, List<String>> stagesByLabel = new LinkedHashMap<>();
        Map<String, List<String>> stagesByGroup = new LinkedHashMap<>();
        for (MappingFile.Stage stage : stages.map() == null ? List.<MappingFile.Stage>of() : stages.map()) {
            if (stage.stage() == null || stage.stage().isBlank()) {
                problems.add(new MappingProblem(Severity.ERROR, tenant, entity, field, statusColumn, "a stage entry has no 'stage'"));
                continue;
            }
            if (!stageNames.add(stage.stage())) {
                problems.add(new MappingProblem(Severity.ERROR, tenant, entity, field, statusColumn,
                        "stage '" + stage.stage() + "' is listed twice"));
                continue;
            }
            List<String> labels = stage.labels() == null ? List.of() : List.copyOf(stage.labels());
            if (!labels.isEmpty() && statusColumn == null) {
                problems.add(new MappingProblem(Severity.ERROR, tenant, entity, field, null,
                        "stage '" + stage.stage() + "' has labels but 'statusColumn' is not set"));
            }
            if (labels.isEmpty() && stage.group() == null) {
                problems.add(new MappingProblem(Severity.WARNING, tenant, entity, field, statusColumn,
                        "stage '" + stage.stage() + "' has neither a group nor a label: it is not shown on monday"));
            }
            for (String label : labels) {
                stagesByLabel.computeIfAbsent(label, k -> new ArrayList<>()).add(stage.stage());
            }
            if (stage.group() != null) {
                stagesByGroup.computeIfAbsent(stage.group(), k -> new ArrayList<>()).add(stage.stage());
            }
            mapped.add(StageMapping.newBuilder().setStage(stage.stage()).setGroupId(stage.group())
                    .setStatusLabels(labels).build());
        }
        List<String> withoutGroup = mapped.stream().filter(m -> m.getGroupId() == null).map(StageMapping::getStage).toList();
        if (!stagesByGroup.isEmpty() && !withoutGroup.isEmpty()) {
            problems.add(new MappingProblem(Severity.ERROR, tenant, entity, field, statusColumn, "stages " + withoutGroup
                    + " have no group while other stages do: give every stage a group (several stages may share one)"
                    + " or none, otherwise the item's group would depend on the order edits arrive in"));
        }
        Map<String, String> defaults = stages.collapsedDefaults() == null ? Map.of() : stages.collapsedDefaults();
        Map<String, List<String>> shared = new LinkedHashMap<>();
        stagesByLabel.forEach((label, owners) -> {
            if (owners.size() > 1) {
                shared.put(label, owners);
            }
        });
        stagesByGroup.forEach((group, owners) -> {
            if (owners.size() > 1) {
                shared.put(group, owners);
            }
        });
        shared.forEach((key, owners) -> {
            String target = defaults.get(key);
            if (target == null) {
                problems.add(new MappingProblem(Severity.ERROR, tenant, entity, field, statusColumn, "'" + key
                        + "' is shared by stages " + owners + " (collapse): add 'collapsedDefaults: {" + key
                        + ": <stage>}' to say which stage it maps back to"));
            } else if (!owners.contains(target)) {
                problems.add(new MappingProblem(Severity.ERROR, tenant, entity, field, statusColumn,
                        "collapsedDefaults maps '" + key + "' to stage '" + target + "', which is not one of " + owners));
            }
        });
        defaults.keySet().stream().filter(k -> !shared.containsKey(k)).forEach(k -> problems.add(new MappingProblem(
                Severity.WARNING, tenant, entity, field, statusColumn,
                "collapsedDefaults names '" + k + "', which is not shared by several stages; it is ignored")));
        builder.setStageField(field)
                .setStatusColumnId(statusColumn)
                .setStageDirection(direction.orElse(SyncDirection.TWO_WAY))
                .setStages(mapped)
                .setLabelDefaultStages(new HashMap<>(defaults));
    }

    private static String fieldTypeNames() {
        return String.join(", ", java.util.Arrays.stream(FieldType.values()).map(FieldType::fileName).toList());
    }
}

package com.coeffection.sync.processor.mapping;

import java.util.List;
import java.util.Map;

/**
 * The board mapping file an admin writes (YAML), exactly as it is read; {@link MappingLoader} validates it. The format
 * is documented in {@code docs/board-mappings.md}.
 *
 * @param tenant   the Coeffection tenant the mappings belong to
 * @param mappings one entry per entity type
 */
public record MappingFile(String tenant, List<Entity> mappings) {

    /** How one entity type (Contact, Lead, Opportunity, a custom entity) syncs to one monday board. */
    public record Entity(String entity, Board board, List<Field> fields, Stages stages, Boolean archiveOnDelete,
                         Boolean matchOnConnect, Boolean createFromMonday, String phoneRegion) {
    }

    /** An existing board ({@code id}) or {@code create: true} to have it created, with its name and workspace. */
    public record Board(Long id, Boolean create, String name, Long workspace) {
    }

    /** One Coeffection field, its type, its monday column and its direction. */
    public record Field(String field, String type, Column column, String direction) {
    }

    /** A monday column: its id, its type, and for a date column whether it includes a time. */
    public record Column(String id, String type, String title, Boolean includeTime) {
    }

    /**
     * The pipeline-stage mapping: the Coeffection stage field, the monday status column that shows it, its direction,
     * and per stage its monday group and labels. A label listed under several stages is a collapse and needs an entry
     * in {@code collapsedDefaults} (the stage it maps back to); several labels under one stage are a fork.
     */
    public record Stages(String field, String statusColumn, String direction, List<Stage> map,
                         Map<String, String> collapsedDefaults) {
    }

    /** One stage, its monday group (optional) and its status labels (first one is written). */
    public record Stage(String stage, String group, List<String> labels) {
    }
}

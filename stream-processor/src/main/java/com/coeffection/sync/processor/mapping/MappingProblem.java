package com.coeffection.sync.processor.mapping;

/**
 * One thing wrong (or risky) in a board mapping file, naming where it is: the entity type, the field and the column.
 *
 * @param severity error (the mapping is not published) or warning (published, but the admin should look)
 * @param tenantId the tenant of the mapping
 * @param entity   the entity type, or null when the problem is file-wide
 * @param field    the Coeffection field, or null
 * @param column   the monday column id, or null
 * @param message  what is wrong and how to fix it
 */
public record MappingProblem(Severity severity, String tenantId, String entity, String field, String column,
                             String message) {

    public enum Severity {
        ERROR,
        WARNING
    }

    @Override
    public String toString() {
        StringBuilder where = new StringBuilder(severity.name()).append(' ');
        where.append("tenant ").append(tenantId == null ? "?" : tenantId);
        if (entity != null) {
            where.append(", entity ").append(entity);
        }
        if (field != null) {
            where.append(", field ").append(field);
        }
        if (column != null) {
            where.append(", column ").append(column);
        }
        return where.append(": ").append(message).toString();
    }
}

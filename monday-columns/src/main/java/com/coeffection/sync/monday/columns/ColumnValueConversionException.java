package com.coeffection.sync.monday.columns;

/**
 * A column value that cannot be converted between monday's JSON and a typed field value. The message names the
 * column, its type and what was wrong, so a support person can fix the value or the mapping.
 */
public final class ColumnValueConversionException extends RuntimeException {
    private final String columnId;
    private final ColumnType columnType;

    public ColumnValueConversionException(ColumnType columnType, String columnId, String problem) {
        this(columnType, columnId, problem, null);
    }

    public ColumnValueConversionException(ColumnType columnType, String columnId, String problem, Throwable cause) {
        super("column '" + columnId + "' (" + (columnType == null ? "unknown type" : columnType.mondayName()) + "): "
                + problem, cause);
        this.columnId = columnId;
        this.columnType = columnType;
    }

    /** The monday column id the value belongs to. */
    public String columnId() {
        return columnId;
    }

    /** The column's type. */
    public ColumnType columnType() {
        return columnType;
    }
}

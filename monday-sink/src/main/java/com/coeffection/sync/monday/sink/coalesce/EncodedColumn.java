package com.coeffection.sync.monday.sink.coalesce;

import com.coeffection.sync.schema.ColumnWrite;

/**
 * One column write of a command with the JSON text monday takes for it in {@code column_values}
 * ({@code "null"} clears the column).
 */
public record EncodedColumn(ColumnWrite write, String json) {
    public String columnId() {
        return write.getColumnId();
    }
}

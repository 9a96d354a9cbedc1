package com.coeffection.sync.monday.sink.coalesce;

import com.coeffection.sync.contract.ErrorType;
import com.coeffection.sync.schema.ColumnWrite;

/**
 * One column value that was left out of a command while the rest of it was delivered: the sink's codec found a value
 * monday cannot take, or monday refused it ({@code ColumnValueException} naming the column).
 *
 * @param write     the column write as the processor sent it
 * @param errorType {@code MONDAY_COLUMN_REFUSED}, or {@code UNKNOWN_PERSON} for a person who is no monday user
 * @param code      monday's error code, or the sink's own ({@code COLUMN_VALUE}) for a local refusal
 * @param message   monday's own message, or the codec's explanation
 * @param requestId monday's request id, when it gave one
 */
public record RefusedColumn(ColumnWrite write, ErrorType errorType, String code, String message, String requestId) {
    public String columnId() {
        return write.getColumnId();
    }
}

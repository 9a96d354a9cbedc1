package com.coeffection.sync.monday.standin;

import java.util.Map;

/**
 * An application error the stand-in answers the way monday does: {@code errors[].extensions.code} with
 * {@code status_code} and {@code error_data}.
 */
final class StandInError extends RuntimeException {
    private final String code;
    private final int statusCode;
    private final Map<String, Object> errorData;

    StandInError(String code, int statusCode, String message, Map<String, Object> errorData) {
        super(message);
        this.code = code;
        this.statusCode = statusCode;
        this.errorData = errorData == null ? Map.of() : errorData;
    }

    static StandInError invalidBoard(Object id) {
        return new StandInError("InvalidBoardIdException", 500, "The board does not exist. Please check your board ID and try again",
                Map.of("board_id", String.valueOf(id)));
    }

    static StandInError invalidItem(Object id) {
        return new StandInError("InvalidItemIdException", 500, "Item not found in board", Map.of("item_id", String.valueOf(id)));
    }

    static StandInError invalidColumn(String id) {
        return new StandInError("InvalidColumnIdException", 200, "This column ID doesn't exist for the board",
                Map.of("column_id", id));
    }

    static StandInError invalidGroup(String id) {
        return new StandInError("InvalidGroupIdException", 200, "The group does not exist on this board", Map.of("group_id", id));
    }

    static StandInError columnValue(String columnId, String columnType, String message, String value) {
        return new StandInError("ColumnValueException", 200, message,
                Map.of("column_id", columnId, "column_type", columnType, "column_value", String.valueOf(value)));
    }

    String code() {
        return code;
    }

    int statusCode() {
        return statusCode;
    }

    Map<String, Object> errorData() {
        return errorData;
    }
}

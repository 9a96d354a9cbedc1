package com.coeffection.sync.monday.columns;

import com.coeffection.sync.schema.FieldValue;
import com.coeffection.sync.values.FieldValues;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/** The JSON mapper and the small helpers that reading and writing column values share. */
final class ColumnJson {
    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();
    static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private ColumnJson() {
    }

    static Integer intOrNull(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isIntegralNumber()) {
            return node.intValue();
        }
        if (node.isTextual() && node.textValue().matches("-?\\d+")) {
            return Integer.parseInt(node.textValue());
        }
        return null;
    }

    static String textOrNull(JsonNode node) {
        return node == null || node.isNull() || node.asText().isEmpty() ? null : node.asText();
    }

    static ColumnValueConversionException unexpected(ColumnType type, String columnId, JsonNode node, String expected) {
        return new ColumnValueConversionException(type, columnId,
                "unexpected value " + abbreviate(node.toString()) + ", expected " + expected);
    }

    static ColumnValueConversionException wrongKind(ColumnType type, String columnId, FieldValue value, String expected) {
        return new ColumnValueConversionException(type, columnId, "cannot write "
                + value.getValue().getClass().getSimpleName() + " '" + abbreviate(FieldValues.display(value))
                + "', the column takes " + expected);
    }

    static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}

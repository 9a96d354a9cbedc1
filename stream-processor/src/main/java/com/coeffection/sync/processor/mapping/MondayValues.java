package com.coeffection.sync.processor.mapping;

import com.coeffection.sync.monday.columns.ColumnCodecs;
import com.coeffection.sync.monday.columns.ColumnType;
import com.coeffection.sync.schema.DateTimeValue;
import com.coeffection.sync.schema.DateValue;
import com.coeffection.sync.schema.FieldValue;
import com.coeffection.sync.schema.StatusValue;
import com.coeffection.sync.values.FieldValues;

import java.time.ZoneOffset;

/** Typed values of mapped fields: decoded from monday's column JSON and normalised so both sides compare equal. */
public final class MondayValues {
    private final ColumnCodecs codecs;

    public MondayValues(ColumnCodecs codecs) {
        this.codecs = codecs;
    }

    /**
     * A monday column value (webhook JSON) as the field's value.
     *
     * @throws com.coeffection.sync.monday.columns.ColumnValueConversionException when the JSON is not a value of
     *         the column's type
     */
    public FieldValue fromMonday(ColumnType type, FieldType fieldType, String columnId, String json) {
        FieldValue value = normalize(codecs.fromMonday(type, columnId, json));
        return fitTo(fieldType, value);
    }

    /**
     * The same value in the shape the field holds: a status's index is dropped (only the label counts), and a date
     * column that includes a time (or not) gives the field's own kind, in UTC (the mapping was warned about this).
     */
    public static FieldValue fitTo(FieldType fieldType, FieldValue value) {
        if (value == null) {
            return null;
        }
        Object v = value.getValue();
        if (fieldType == FieldType.DATE && v instanceof DateTimeValue dt) {
            return FieldValues.date(dt.getInstant().atZone(ZoneOffset.UTC).toLocalDate());
        }
        if (fieldType == FieldType.DATETIME && v instanceof DateValue d) {
            return FieldValues.dateTime(d.getDate().atStartOfDay(ZoneOffset.UTC).toInstant());
        }
        return value;
    }

    /** Drops what differs between the two sides without changing the meaning: a status's index. */
    public static FieldValue normalize(FieldValue value) {
        if (value != null && value.getValue() instanceof StatusValue s && s.getIndex() != null) {
            return FieldValues.status(s.getLabel());
        }
        return value;
    }
}

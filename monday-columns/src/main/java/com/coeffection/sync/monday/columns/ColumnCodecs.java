package com.coeffection.sync.monday.columns;

import com.coeffection.sync.schema.DateTimeValue;
import com.coeffection.sync.schema.DateValue;
import com.coeffection.sync.schema.FieldValue;
import com.coeffection.sync.schema.PeopleValue;
import com.coeffection.sync.schema.PersonValue;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.Objects;

/**
 * Converts monday column values to the contract's typed {@link FieldValue}s and back.
 *
 * <p>Reading accepts every shape monday sends for a column: the {@code value}/{@code previousValue} of a webhook
 * delivery and the {@code column_values.value} of a read. Writing produces the JSON monday documents for the
 * {@code column_values} argument of {@code create_item} and {@code change_multiple_column_values}.
 *
 * <p>Rules:
 * <ul>
 *   <li>An absent value ({@code null}, {@code "null"}, {@code ""}, an empty object or empty list) is a cleared
 *       column and reads as {@code null}; writing {@code null} clears the column.</li>
 *   <li>Dates are UTC. A date column without a time is a {@link DateValue}; with a time it is a
 *       {@link DateTimeValue}. monday keeps whole seconds, so sub-second parts of an instant are dropped on write.</li>
 *   <li>Numbers are exact decimals, never floating point.</li>
 *   <li>People are monday user ids ({@code personsAndTeams}); resolving an email to a user id is the client's job.
 *       One person reads as a {@link PersonValue}, several as a {@link PeopleValue}.</li>
 *   <li>Phones are normalised to E.164 with their country.</li>
 *   <li>An unchecked checkbox is written as {@code null}, which is how monday clears it.</li>
 * </ul>
 * A value that cannot be converted raises {@link ColumnValueConversionException} naming the column.
 */
public final class ColumnCodecs {
    private static final ColumnCodecs STANDARD = new ColumnCodecs();

    private ColumnCodecs() {
    }

    /** The codecs for monday's documented column-value formats. */
    public static ColumnCodecs standard() {
        return STANDARD;
    }

    /**
     * monday's JSON for a column value, as delivered in a webhook {@code value}/{@code previousValue} or as read
     * from {@code column_values.value}, into a typed value; {@code null}, {@code "null"}, {@code ""} or an empty
     * value reads as {@code null} (cleared).
     */
    public FieldValue fromMonday(ColumnType type, String columnId, String valueJson) {
        return fromMonday(type, columnId, valueJson, null);
    }

    /**
     * Like {@link #fromMonday(ColumnType, String, String)}, with the column's display {@code text} from a read
     * ({@code column_values.text}). A read gives a status only as {@code {"index":1}} and a dropdown only as
     * {@code {"ids":[..]}}; their labels are then taken from the text.
     */
    public FieldValue fromMonday(ColumnType type, String columnId, String valueJson, String displayText) {
        Objects.requireNonNull(type, "type");
        JsonNode node = ColumnReaders.parse(type, columnId, valueJson);
        if (ColumnReaders.isEmpty(node)) {
            return null;
        }
        return ColumnReaders.read(type, columnId, node, displayText);
    }

    /** A typed value into the JSON text to put under the column id in {@code column_values} (null clears). */
    public String toMonday(ColumnType type, String columnId, FieldValue value) {
        Objects.requireNonNull(type, "type");
        if (value == null || value.getValue() == null) {
            return "null";
        }
        JsonNode node = ColumnWriters.write(type, columnId, value);
        if (node == null) {
            return "null";
        }
        try {
            return ColumnJson.JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new ColumnValueConversionException(type, columnId, "cannot write the value as JSON", e);
        }
    }

    // ---------------------------------------------------------------- reading
}

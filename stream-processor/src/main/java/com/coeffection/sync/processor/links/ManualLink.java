package com.coeffection.sync.processor.links;

import com.coeffection.sync.schema.FieldValue;
import com.coeffection.sync.schema.NumberValue;
import com.coeffection.sync.schema.TextValue;
import com.coeffection.sync.values.FieldValues;

import java.math.BigDecimal;
import java.util.OptionalLong;

/**
 * The record's "Monday Item ID" field: the documented way to fix a duplicate by hand (set the record's Monday Item
 * ID to the canonical item). Setting it links the record to that item.
 */
public final class ManualLink {
    /** The Coeffection field name that carries the monday item id. */
    public static final String FIELD = "mondayItemId";

    private ManualLink() {
    }

    public static boolean isManualLinkField(String field) {
        return FIELD.equals(field);
    }

    /** The item id the value names, if it is a positive whole number (as text or number). */
    public static OptionalLong itemId(FieldValue value) {
        if (value == null) {
            return OptionalLong.empty();
        }
        Object v = value.getValue();
        try {
            if (v instanceof TextValue t) {
                long id = Long.parseLong(t.getText().trim());
                return id > 0 ? OptionalLong.of(id) : OptionalLong.empty();
            }
            if (v instanceof NumberValue n) {
                BigDecimal decimal = FieldValues.decimal(n);
                long id = decimal.longValueExact();
                return id > 0 ? OptionalLong.of(id) : OptionalLong.empty();
            }
        } catch (NumberFormatException | ArithmeticException e) {
            return OptionalLong.empty();
        }
        return OptionalLong.empty();
    }
}

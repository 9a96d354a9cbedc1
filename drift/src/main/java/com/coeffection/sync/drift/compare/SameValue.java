package com.coeffection.sync.drift.compare;

import com.coeffection.sync.schema.EmailValue;
import com.coeffection.sync.schema.FieldValue;
import com.coeffection.sync.schema.LinkValue;
import com.coeffection.sync.schema.PhoneValue;
import com.coeffection.sync.schema.StatusValue;
import com.coeffection.sync.schema.TextValue;
import com.coeffection.sync.values.FieldValues;

import java.util.Locale;

/**
 * Whether the two sides show the same value of a field. Only what a person would call a different value counts:
 * a status by its label (not monday's index), an email by its address whatever its case (not its display text), a
 * phone by its digits (not its country), a link by its URL, text without surrounding blanks, numbers by value
 * (1.0 equals 1.00). An empty text is the same as an empty field.
 */
public final class SameValue {
    private SameValue() {
    }

    public static boolean same(FieldValue a, FieldValue b) {
        return FieldValues.same(canonical(a), canonical(b));
    }

    /** The value reduced to what counts for the comparison. */
    static FieldValue canonical(FieldValue value) {
        if (value == null || value.getValue() == null) {
            return null;
        }
        Object v = value.getValue();
        if (v instanceof StatusValue s) {
            return FieldValues.status(s.getLabel());
        }
        if (v instanceof EmailValue e) {
            return FieldValues.email(e.getEmail().trim().toLowerCase(Locale.ROOT));
        }
        if (v instanceof PhoneValue p) {
            return FieldValues.phone(p.getNumber().replaceAll("[^0-9+]", ""), null);
        }
        if (v instanceof LinkValue l) {
            return FieldValues.link(l.getUrl().trim(), null);
        }
        if (v instanceof TextValue t) {
            String text = t.getText().strip();
            return text.isEmpty() ? null : FieldValues.text(text);
        }
        return value;
    }
}

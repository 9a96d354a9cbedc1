package com.coeffection.sync.drift.compare;

import com.coeffection.sync.schema.EmailValue;
import com.coeffection.sync.schema.FieldValue;
import com.coeffection.sync.schema.LinkValue;
import com.coeffection.sync.schema.PeopleValue;
import com.coeffection.sync.schema.PersonValue;
import com.coeffection.sync.schema.PhoneValue;
import com.coeffection.sync.schema.StatusValue;
import com.coeffection.sync.schema.TextValue;
import com.coeffection.sync.values.FieldValues;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Whether the two sides show the same value of a field. Only what a person would call a different value counts:
 * a status by its label (not monday's index), an email by its address whatever its case (not its display text), a
 * phone by its digits (not its country), a link by its URL, text without surrounding blanks, numbers by value
 * (1.0 equals 1.00), a person by email whatever its case (people in any order). An empty text is the same as an
 * empty field.
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
        if (v instanceof PersonValue p) {
            return new FieldValue(person(p));
        }
        if (v instanceof PeopleValue people) {
            List<PersonValue> each = people.getPeople().stream().map(SameValue::person)
                    .sorted(Comparator.comparing(PersonValue::getEmail, Comparator.nullsFirst(Comparator.naturalOrder()))
                            .thenComparing(PersonValue::getMondayUserId, Comparator.nullsFirst(Comparator.naturalOrder())))
                    .toList();
            return each.size() == 1 ? new FieldValue(each.get(0)) : new FieldValue(new PeopleValue(each));
        }
        if (v instanceof TextValue t) {
            String text = t.getText().strip();
            return text.isEmpty() ? null : FieldValues.text(text);
        }
        return value;
    }

    /** A person by email whatever its case (the name is display only); one without an email (a team) by its id. */
    private static PersonValue person(PersonValue p) {
        if (p.getEmail() != null && !p.getEmail().isBlank()) {
            return new PersonValue(p.getEmail().trim().toLowerCase(Locale.ROOT), null, null, false);
        }
        return new PersonValue(null, null, p.getMondayUserId(), p.getTeam());
    }
}

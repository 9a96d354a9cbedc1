package com.coeffection.sync.history.query;

import com.coeffection.sync.schema.BooleanValue;
import com.coeffection.sync.schema.DateTimeValue;
import com.coeffection.sync.schema.DateValue;
import com.coeffection.sync.schema.EmailValue;
import com.coeffection.sync.schema.FieldValue;
import com.coeffection.sync.schema.LinkValue;
import com.coeffection.sync.schema.NumberValue;
import com.coeffection.sync.schema.OptionsValue;
import com.coeffection.sync.schema.PeopleValue;
import com.coeffection.sync.schema.PersonValue;
import com.coeffection.sync.schema.PhoneValue;
import com.coeffection.sync.schema.StatusValue;
import com.coeffection.sync.schema.TextValue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.stream.Collectors;

/** A field value as a person reads it in the history: text as is, a number exact, a person by name and email. */
public final class FieldText {
    private FieldText() {
    }

    /** The value as text; null for a cleared value. */
    public static String of(FieldValue value) {
        if (value == null || value.getValue() == null) {
            return null;
        }
        Object v = value.getValue();
        if (v instanceof TextValue t) {
            return t.getText();
        } else if (v instanceof NumberValue n) {
            return new BigDecimal(new BigInteger(bytes(n)), n.getScale()).toPlainString();
        } else if (v instanceof DateValue d) {
            return d.getDate().toString();
        } else if (v instanceof DateTimeValue d) {
            return d.getInstant().toString();
        } else if (v instanceof StatusValue s) {
            return s.getLabel();
        } else if (v instanceof PersonValue p) {
            return person(p);
        } else if (v instanceof PeopleValue p) {
            return p.getPeople().stream().map(FieldText::person).collect(Collectors.joining(", "));
        } else if (v instanceof LinkValue l) {
            return l.getText() == null ? l.getUrl() : l.getText() + " <" + l.getUrl() + ">";
        } else if (v instanceof OptionsValue o) {
            return String.join(", ", o.getLabels());
        } else if (v instanceof EmailValue e) {
            return e.getEmail();
        } else if (v instanceof PhoneValue p) {
            return p.getNumber();
        } else if (v instanceof BooleanValue b) {
            return b.getChecked() ? "checked" : "unchecked";
        }
        return v.toString();
    }

    /** The email address a value holds (an email field or a single person), or null. */
    public static String email(FieldValue value) {
        if (value == null) {
            return null;
        }
        if (value.getValue() instanceof EmailValue e) {
            return e.getEmail();
        }
        if (value.getValue() instanceof PersonValue p) {
            return p.getEmail();
        }
        return null;
    }

    private static String person(PersonValue p) {
        if (p.getName() != null && p.getEmail() != null) {
            return p.getName() + " <" + p.getEmail() + ">";
        }
        return p.getEmail() != null ? p.getEmail() : p.getName() != null ? p.getName() : "monday user " + p.getMondayUserId();
    }

    private static byte[] bytes(NumberValue n) {
        var buffer = n.getUnscaled().duplicate();
        byte[] out = new byte[buffer.remaining()];
        buffer.get(out);
        return out.length == 0 ? new byte[]{0} : out;
    }
}

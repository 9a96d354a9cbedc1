package com.coeffection.sync.values;

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
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** Builds and reads {@link FieldValue}s without touching the generated union. */
public final class FieldValues {
    private FieldValues() {
    }

    public static FieldValue text(String text) {
        return new FieldValue(new TextValue(text));
    }

    public static FieldValue number(BigDecimal number) {
        return new FieldValue(new NumberValue(ByteBuffer.wrap(number.unscaledValue().toByteArray()), number.scale()));
    }

    public static FieldValue number(String decimal) {
        return number(new BigDecimal(decimal));
    }

    public static FieldValue date(LocalDate date) {
        return new FieldValue(new DateValue(date));
    }

    public static FieldValue dateTime(Instant instant) {
        return new FieldValue(new DateTimeValue(instant));
    }

    public static FieldValue status(String label) {
        return new FieldValue(new StatusValue(label, null));
    }

    public static FieldValue person(String email, String name, Long mondayUserId) {
        return new FieldValue(new PersonValue(email, name, mondayUserId, false));
    }

    public static FieldValue people(List<PersonValue> people) {
        return new FieldValue(new PeopleValue(people));
    }

    public static FieldValue link(String url, String text) {
        return new FieldValue(new LinkValue(url, text));
    }

    public static FieldValue options(List<String> labels) {
        return new FieldValue(new OptionsValue(List.copyOf(labels)));
    }

    public static FieldValue email(String email) {
        return new FieldValue(new EmailValue(email, null));
    }

    public static FieldValue phone(String number, String countryCode) {
        return new FieldValue(new PhoneValue(number, countryCode));
    }

    public static FieldValue bool(boolean checked) {
        return new FieldValue(new BooleanValue(checked));
    }

    /** The exact decimal a {@link NumberValue} holds. */
    public static BigDecimal decimal(NumberValue number) {
        ByteBuffer bytes = number.getUnscaled().duplicate();
        byte[] array = new byte[bytes.remaining()];
        bytes.get(array);
        return new BigDecimal(new BigInteger(array), number.getScale());
    }

    /**
     * Whether two values mean the same: numbers compare by value (1.0 equals 1.00), everything else by content.
     * Two nulls (cleared) are equal.
     */
    public static boolean same(FieldValue a, FieldValue b) {
        if (a == null || b == null) {
            return a == b;
        }
        Object x = a.getValue();
        Object y = b.getValue();
        if (x instanceof NumberValue nx && y instanceof NumberValue ny) {
            return decimal(nx).compareTo(decimal(ny)) == 0;
        }
        return x.equals(y);
    }

    /** A short human-readable rendering for logs and history views. */
    public static String display(FieldValue value) {
        if (value == null) {
            return "(empty)";
        }
        Object v = value.getValue();
        if (v instanceof TextValue t) {
            return t.getText();
        } else if (v instanceof NumberValue n) {
            return decimal(n).toPlainString();
        } else if (v instanceof DateValue d) {
            return d.getDate().toString();
        } else if (v instanceof DateTimeValue d) {
            return d.getInstant().toString();
        } else if (v instanceof StatusValue s) {
            return s.getLabel();
        } else if (v instanceof PersonValue p) {
            return p.getEmail() != null ? p.getEmail() : String.valueOf(p.getName());
        } else if (v instanceof LinkValue l) {
            return l.getUrl();
        } else if (v instanceof OptionsValue o) {
            return String.join(", ", o.getLabels());
        } else if (v instanceof EmailValue e) {
            return e.getEmail();
        } else if (v instanceof PhoneValue p) {
            return p.getNumber();
        } else if (v instanceof BooleanValue b) {
            return Boolean.toString(b.getChecked());
        } else if (v instanceof PeopleValue p) {
            return String.join(", ", p.getPeople().stream().map(x -> display(new FieldValue(x))).toList());
        }
        return String.valueOf(v);
    }
}

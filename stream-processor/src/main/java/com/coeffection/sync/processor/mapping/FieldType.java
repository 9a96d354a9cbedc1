package com.coeffection.sync.processor.mapping;

import com.coeffection.sync.monday.columns.ColumnType;
import com.coeffection.sync.schema.BooleanValue;
import com.coeffection.sync.schema.DateTimeValue;
import com.coeffection.sync.schema.DateValue;
import com.coeffection.sync.schema.EmailValue;
import com.coeffection.sync.schema.LinkValue;
import com.coeffection.sync.schema.NumberValue;
import com.coeffection.sync.schema.OptionsValue;
import com.coeffection.sync.schema.PeopleValue;
import com.coeffection.sync.schema.PersonValue;
import com.coeffection.sync.schema.PhoneValue;
import com.coeffection.sync.schema.StatusValue;
import com.coeffection.sync.schema.TextValue;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The Coeffection field types a board mapping can name, the monday column types each may be mapped to, and the value
 * kinds each accepts. Only columns of the same type are allowed (as monday's own two-way apps require: "You can only
 * map fields of the same type").
 */
public enum FieldType {
    TEXT(Set.of(TextValue.class), EnumSet.of(ColumnType.TEXT, ColumnType.LONG_TEXT, ColumnType.NAME)),
    NUMBER(Set.of(NumberValue.class), EnumSet.of(ColumnType.NUMBERS)),
    CURRENCY(Set.of(NumberValue.class), EnumSet.of(ColumnType.NUMBERS)),
    DATE(Set.of(DateValue.class), EnumSet.of(ColumnType.DATE)),
    DATETIME(Set.of(DateTimeValue.class), EnumSet.of(ColumnType.DATE)),
    SELECT(Set.of(StatusValue.class), EnumSet.of(ColumnType.STATUS)),
    MULTISELECT(Set.of(OptionsValue.class), EnumSet.of(ColumnType.DROPDOWN)),
    CHECKBOX(Set.of(BooleanValue.class), EnumSet.of(ColumnType.CHECKBOX)),
    URL(Set.of(LinkValue.class), EnumSet.of(ColumnType.LINK)),
    EMAIL(Set.of(EmailValue.class), EnumSet.of(ColumnType.EMAIL)),
    PHONE(Set.of(PhoneValue.class), EnumSet.of(ColumnType.PHONE)),
    PERSON(Set.of(PersonValue.class, PeopleValue.class), EnumSet.of(ColumnType.PEOPLE)),
    STAGE(Set.of(StatusValue.class, TextValue.class), EnumSet.of(ColumnType.STATUS));

    private final Set<Class<?>> valueKinds;
    private final Set<ColumnType> columns;

    FieldType(Set<Class<?>> valueKinds, Set<ColumnType> columns) {
        this.valueKinds = valueKinds;
        this.columns = columns;
    }

    /** The name used in mapping files and in {@code FieldMapping.fieldType}. */
    public String fileName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<FieldType> parse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(name.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Whether a column of this type holds the same kind of value as this field. */
    public boolean fits(ColumnType column) {
        return columns.contains(column);
    }

    /** The column types this field may be mapped to, for error messages. */
    public Set<ColumnType> columnTypes() {
        return columns;
    }

    /** Whether a value (the union branch of a FieldValue) is of this field's kind. */
    public boolean accepts(Object unionBranch) {
        return unionBranch != null && valueKinds.contains(unionBranch.getClass());
    }

    /** The accepted value kinds, for error messages. */
    public String acceptedKinds() {
        return String.join(" or ", valueKinds.stream().map(Class::getSimpleName).sorted().toList());
    }
}

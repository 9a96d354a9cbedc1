package com.coeffection.sync.monday.columns;

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
import com.coeffection.sync.values.FieldValues;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.math.BigDecimal;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static com.coeffection.sync.monday.columns.ColumnJson.*;

/** Writes a typed value as the JSON monday documents for a column in column_values. */
final class ColumnWriters {

    private ColumnWriters() {
    }

    /** The JSON node of a non-null typed value for the column (null: the column is cleared). */
    static JsonNode write(ColumnType type, String columnId, FieldValue value) {
        return switch (type) {
            case NAME -> {
                String name = asText(type, columnId, value);
                if (name.isBlank()) {
                    throw new ColumnValueConversionException(type, columnId, "an item name cannot be empty");
                }
                yield TextNode.valueOf(name);
            }
            case TEXT -> TextNode.valueOf(asText(type, columnId, value));
            case LONG_TEXT -> NODES.objectNode().put("text", asText(type, columnId, value));
            case NUMBERS -> TextNode.valueOf(asNumber(type, columnId, value).toPlainString());
            case DATE -> writeDate(type, columnId, value);
            case STATUS -> writeStatus(type, columnId, value);
            case DROPDOWN -> writeDropdown(type, columnId, value);
            case PEOPLE -> writePeople(type, columnId, value);
            case LINK -> writeLink(type, columnId, value);
            case EMAIL -> writeEmail(type, columnId, value);
            case PHONE -> writePhone(type, columnId, value);
            case CHECKBOX -> writeCheckbox(type, columnId, value);
        };
    }

    static JsonNode writeDate(ColumnType type, String columnId, FieldValue value) {
        Object v = value.getValue();
        ObjectNode node = NODES.objectNode();
        if (v instanceof DateValue d) {
            node.put("date", d.getDate().toString());
        } else if (v instanceof DateTimeValue dt) {
            var utc = dt.getInstant().truncatedTo(ChronoUnit.SECONDS).atOffset(ZoneOffset.UTC);
            node.put("date", utc.toLocalDate().toString());
            node.put("time", String.format("%02d:%02d:%02d", utc.getHour(), utc.getMinute(), utc.getSecond()));
        } else {
            throw wrongKind(type, columnId, value, "a date or a date-time");
        }
        return node;
    }

    static JsonNode writeStatus(ColumnType type, String columnId, FieldValue value) {
        Object v = value.getValue();
        String label;
        if (v instanceof StatusValue s) {
            label = s.getLabel();
        } else if (v instanceof TextValue t) {
            label = t.getText();
        } else if (v instanceof OptionsValue o && o.getLabels().size() == 1) {
            label = o.getLabels().get(0);
        } else {
            throw wrongKind(type, columnId, value, "a status label");
        }
        if (label == null || label.isBlank()) {
            throw new ColumnValueConversionException(type, columnId, "a status label cannot be empty");
        }
        return NODES.objectNode().put("label", label);
    }

    static JsonNode writeDropdown(ColumnType type, String columnId, FieldValue value) {
        Object v = value.getValue();
        List<String> labels;
        if (v instanceof OptionsValue o) {
            labels = o.getLabels();
        } else if (v instanceof StatusValue s) {
            labels = List.of(s.getLabel());
        } else if (v instanceof TextValue t) {
            labels = List.of(t.getText());
        } else {
            throw wrongKind(type, columnId, value, "dropdown labels");
        }
        if (labels.isEmpty()) {
            return null;
        }
        ArrayNode array = NODES.arrayNode();
        labels.forEach(array::add);
        ObjectNode node = NODES.objectNode();
        node.set("labels", array);
        return node;
    }

    static JsonNode writePeople(ColumnType type, String columnId, FieldValue value) {
        Object v = value.getValue();
        List<PersonValue> people;
        if (v instanceof PersonValue p) {
            people = List.of(p);
        } else if (v instanceof PeopleValue p) {
            people = p.getPeople();
        } else {
            throw wrongKind(type, columnId, value, "a person or people");
        }
        if (people.isEmpty()) {
            return null;
        }
        ArrayNode array = NODES.arrayNode();
        for (PersonValue p : people) {
            if (p.getMondayUserId() == null) {
                throw new ColumnValueConversionException(type, columnId, "person "
                        + (p.getEmail() != null ? p.getEmail() : String.valueOf(p.getName()))
                        + " is not resolved to a monday user; resolve the email first or write it to a text/email column");
            }
            array.addObject().put("id", p.getMondayUserId())
                    .put("kind", Boolean.TRUE.equals(p.getTeam()) ? "team" : "person");
        }
        ObjectNode node = NODES.objectNode();
        node.set("personsAndTeams", array);
        return node;
    }

    static JsonNode writeLink(ColumnType type, String columnId, FieldValue value) {
        Object v = value.getValue();
        if (v instanceof LinkValue l) {
            if (l.getUrl() == null || l.getUrl().isBlank()) {
                throw new ColumnValueConversionException(type, columnId, "a link needs a URL");
            }
            return NODES.objectNode().put("url", l.getUrl()).put("text", l.getText() != null ? l.getText() : l.getUrl());
        }
        if (v instanceof TextValue t) {
            return NODES.objectNode().put("url", t.getText()).put("text", t.getText());
        }
        throw wrongKind(type, columnId, value, "a link");
    }

    static JsonNode writeEmail(ColumnType type, String columnId, FieldValue value) {
        Object v = value.getValue();
        String email;
        String text;
        if (v instanceof EmailValue e) {
            email = e.getEmail();
            text = e.getText();
        } else if (v instanceof PersonValue p && p.getEmail() != null) {
            // The fallback for a person without a monday user: their email goes to an email column.
            email = p.getEmail();
            text = p.getName();
        } else if (v instanceof TextValue t) {
            email = t.getText();
            text = null;
        } else {
            throw wrongKind(type, columnId, value, "an email address");
        }
        if (email == null || !email.contains("@")) {
            throw new ColumnValueConversionException(type, columnId, "'" + abbreviate(String.valueOf(email))
                    + "' is not an email address");
        }
        return NODES.objectNode().put("email", email).put("text", text != null ? text : email);
    }

    static JsonNode writePhone(ColumnType type, String columnId, FieldValue value) {
        Object v = value.getValue();
        String raw;
        String country;
        if (v instanceof PhoneValue p) {
            raw = p.getNumber();
            country = p.getCountryCode();
        } else if (v instanceof TextValue t) {
            raw = t.getText();
            country = null;
        } else {
            throw wrongKind(type, columnId, value, "a phone number");
        }
        PhoneValue phone = PhoneNumbers.normalise(raw, country)
                .orElseThrow(() -> new ColumnValueConversionException(type, columnId,
                        "'" + abbreviate(String.valueOf(raw)) + "' is not a phone number"
                                + (country == null ? " (numbers without a country need a leading +)" : " for country " + country)));
        ObjectNode node = NODES.objectNode().put("phone", phone.getNumber());
        if (phone.getCountryCode() != null) {
            node.put("countryShortName", phone.getCountryCode());
        }
        return node;
    }

    static JsonNode writeCheckbox(ColumnType type, String columnId, FieldValue value) {
        if (value.getValue() instanceof BooleanValue b) {
            return b.getChecked() ? NODES.objectNode().put("checked", "true") : null;
        }
        throw wrongKind(type, columnId, value, "a checkbox (true/false)");
    }

    static String asText(ColumnType type, String columnId, FieldValue value) {
        Object v = value.getValue();
        if (v instanceof TextValue t) {
            return t.getText();
        }
        if (v instanceof PersonValue p && p.getEmail() != null) {
            // The fallback for a person without a monday user: their email goes to a text column.
            return p.getEmail();
        }
        if (v instanceof PeopleValue || v instanceof BooleanValue) {
            throw wrongKind(type, columnId, value, "a text");
        }
        return FieldValues.display(value);
    }

    static BigDecimal asNumber(ColumnType type, String columnId, FieldValue value) {
        Object v = value.getValue();
        if (v instanceof NumberValue n) {
            return FieldValues.decimal(n);
        }
        if (v instanceof TextValue t) {
            try {
                return new BigDecimal(t.getText().trim());
            } catch (NumberFormatException e) {
                throw new ColumnValueConversionException(type, columnId, "'" + abbreviate(t.getText()) + "' is not a number", e);
            }
        }
        throw wrongKind(type, columnId, value, "a number");
    }
}

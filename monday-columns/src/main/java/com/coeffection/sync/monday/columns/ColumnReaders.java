package com.coeffection.sync.monday.columns;

import com.coeffection.sync.schema.EmailValue;
import com.coeffection.sync.schema.FieldValue;
import com.coeffection.sync.schema.PeopleValue;
import com.coeffection.sync.schema.PersonValue;
import com.coeffection.sync.schema.StatusValue;
import com.coeffection.sync.values.FieldValues;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import static com.coeffection.sync.monday.columns.ColumnJson.*;

/** Reads monday's JSON of a column value (webhook value/previousValue or column_values.value) into a typed value. */
final class ColumnReaders {

    private ColumnReaders() {
    }

    /** The typed value of a parsed, non-empty column value. */
    static FieldValue read(ColumnType type, String columnId, JsonNode node, String displayText) {
        return switch (type) {
            case NAME -> readName(type, columnId, node);
            case TEXT -> readText(type, columnId, node, "value", "text");
            case LONG_TEXT -> readText(type, columnId, node, "text", "value");
            case NUMBERS -> readNumber(type, columnId, node);
            case DATE -> readDate(type, columnId, node);
            case STATUS -> readStatus(type, columnId, node, displayText);
            case DROPDOWN -> readDropdown(type, columnId, node, displayText);
            case PEOPLE -> readPeople(type, columnId, node);
            case LINK -> readLink(type, columnId, node);
            case EMAIL -> readEmail(type, columnId, node);
            case PHONE -> readPhone(type, columnId, node);
            case CHECKBOX -> readCheckbox(type, columnId, node);
        };
    }

    static JsonNode parse(ColumnType type, String columnId, String valueJson) {
        if (valueJson == null) {
            return null;
        }
        String trimmed = valueJson.trim();
        if (trimmed.isEmpty() || "null".equals(trimmed)) {
            return null;
        }
        try {
            return JSON.readTree(trimmed);
        } catch (JsonProcessingException e) {
            if (type == ColumnType.NAME || type == ColumnType.TEXT) {
                // The item name and plain text are sometimes handed over as the bare text.
                return TextNode.valueOf(valueJson);
            }
            throw new ColumnValueConversionException(type, columnId,
                    "value is not valid JSON: " + abbreviate(valueJson), e);
        }
    }

    static boolean isEmpty(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return true;
        }
        if (node.isTextual()) {
            return node.textValue().isEmpty();
        }
        if (node.isContainerNode()) {
            if (node.isEmpty()) {
                return true;
            }
            if (node.isObject()) {
                // {"changed_at": ...} alone (what monday leaves behind after a clear) carries no value.
                var names = node.fieldNames();
                while (names.hasNext()) {
                    String name = names.next();
                    if (!"changed_at".equals(name) && !node.get(name).isNull()) {
                        return false;
                    }
                }
                return true;
            }
        }
        return false;
    }

    static FieldValue readName(ColumnType type, String columnId, JsonNode node) {
        if (node.isObject()) {
            JsonNode name = node.get("name");
            if (name == null || !name.isValueNode()) {
                throw unexpected(type, columnId, node, "{\"name\": \"...\"}");
            }
            return FieldValues.text(name.asText());
        }
        if (node.isValueNode()) {
            return FieldValues.text(node.asText());
        }
        throw unexpected(type, columnId, node, "a name");
    }

    static FieldValue readText(ColumnType type, String columnId, JsonNode node, String first, String second) {
        if (node.isValueNode()) {
            return FieldValues.text(node.asText());
        }
        if (node.isObject()) {
            JsonNode text = node.hasNonNull(first) ? node.get(first) : node.get(second);
            if (text == null || text.isNull()) {
                return null;
            }
            if (text.isValueNode()) {
                String s = text.asText();
                return s.isEmpty() ? null : FieldValues.text(s);
            }
        }
        throw unexpected(type, columnId, node, "a text");
    }

    static FieldValue readNumber(ColumnType type, String columnId, JsonNode node) {
        JsonNode n = node.isObject() ? node.get("value") : node;
        if (n == null || n.isNull() || (n.isTextual() && n.textValue().isBlank())) {
            return null;
        }
        try {
            if (n.isNumber()) {
                return FieldValues.number(n.decimalValue());
            }
            if (n.isTextual()) {
                return FieldValues.number(new BigDecimal(n.textValue().trim()));
            }
        } catch (NumberFormatException e) {
            throw new ColumnValueConversionException(type, columnId, "'" + abbreviate(n.asText()) + "' is not a number", e);
        }
        throw unexpected(type, columnId, node, "a number such as \"42\"");
    }

    static FieldValue readDate(ColumnType type, String columnId, JsonNode node) {
        String dateText;
        String timeText = null;
        if (node.isTextual()) {
            dateText = node.textValue();
        } else if (node.isObject()) {
            JsonNode date = node.get("date");
            if (date == null || date.isNull() || date.asText().isBlank()) {
                return null;
            }
            dateText = date.asText();
            JsonNode time = node.get("time");
            if (time != null && !time.isNull() && !time.asText().isBlank()) {
                timeText = time.asText();
            }
        } else {
            throw unexpected(type, columnId, node, "{\"date\":\"yyyy-MM-dd\",\"time\":\"HH:mm:ss\"}");
        }
        try {
            if (dateText.length() > 10 && dateText.contains("T")) {
                return FieldValues.dateTime(Instant.parse(dateText.endsWith("Z") ? dateText : dateText + "Z"));
            }
            LocalDate date = LocalDate.parse(dateText.trim());
            if (timeText == null) {
                return FieldValues.date(date);
            }
            LocalTime time = LocalTime.parse(timeText.trim());
            return FieldValues.dateTime(date.atTime(time).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            throw new ColumnValueConversionException(type, columnId,
                    "'" + abbreviate(node.toString()) + "' is not a date (yyyy-MM-dd) with an optional time (HH:mm:ss)", e);
        }
    }

    static FieldValue readStatus(ColumnType type, String columnId, JsonNode node, String displayText) {
        if (node.isTextual()) {
            return new FieldValue(new StatusValue(node.textValue(), null));
        }
        if (!node.isObject()) {
            throw unexpected(type, columnId, node, "a status");
        }
        JsonNode label = node.get("label");
        Integer index = intOrNull(node.get("index"));
        if (label != null && label.isObject()) {
            // Webhook shape: {"label":{"index":1,"text":"Done",...},"post_id":null}
            JsonNode text = label.get("text");
            Integer innerIndex = intOrNull(label.get("index"));
            if (text == null || text.isNull()) {
                if (displayText != null && !displayText.isEmpty()) {
                    return new FieldValue(new StatusValue(displayText, innerIndex));
                }
                throw unexpected(type, columnId, node, "a status label with a text");
            }
            return new FieldValue(new StatusValue(text.asText(), innerIndex != null ? innerIndex : index));
        }
        if (label != null && label.isTextual()) {
            return new FieldValue(new StatusValue(label.textValue(), index));
        }
        if (displayText != null && !displayText.isEmpty()) {
            return new FieldValue(new StatusValue(displayText, index));
        }
        if (index == null) {
            return null;
        }
        throw new ColumnValueConversionException(type, columnId,
                "status index " + index + " has no label; read the column's text (or settings) to name it");
    }

    static FieldValue readDropdown(ColumnType type, String columnId, JsonNode node, String displayText) {
        List<String> labels = new ArrayList<>();
        if (node.isObject() && node.get("labels") instanceof ArrayNode array) {
            array.forEach(l -> labels.add(l.asText()));
        } else if (node.isObject() && node.get("chosenValues") instanceof ArrayNode chosen) {
            for (JsonNode c : chosen) {
                JsonNode name = c.get("name");
                if (name == null || name.isNull()) {
                    throw unexpected(type, columnId, node, "chosen values with names");
                }
                labels.add(name.asText());
            }
        } else if (node.isObject() && node.get("ids") instanceof ArrayNode ids) {
            if (ids.isEmpty()) {
                return null;
            }
            if (displayText == null || displayText.isEmpty()) {
                throw new ColumnValueConversionException(type, columnId,
                        "dropdown ids " + ids + " have no labels; read the column's text to name them");
            }
            for (String part : displayText.split(",")) {
                if (!part.isBlank()) {
                    labels.add(part.trim());
                }
            }
        } else if (node.isArray()) {
            node.forEach(l -> labels.add(l.asText()));
        } else if (node.isTextual()) {
            for (String part : node.textValue().split(",")) {
                if (!part.isBlank()) {
                    labels.add(part.trim());
                }
            }
        } else {
            throw unexpected(type, columnId, node, "{\"labels\":[...]}");
        }
        return labels.isEmpty() ? null : FieldValues.options(labels);
    }

    static FieldValue readPeople(ColumnType type, String columnId, JsonNode node) {
        JsonNode list = node.isObject() ? node.get("personsAndTeams") : null;
        if (!(list instanceof ArrayNode array)) {
            throw unexpected(type, columnId, node, "{\"personsAndTeams\":[{\"id\":1,\"kind\":\"person\"}]}");
        }
        List<PersonValue> people = new ArrayList<>();
        for (JsonNode entry : array) {
            JsonNode id = entry.get("id");
            if (id == null || !(id.isIntegralNumber() || (id.isTextual() && id.textValue().matches("\\d+")))) {
                throw unexpected(type, columnId, node, "people with numeric ids");
            }
            String kind = entry.path("kind").asText("person");
            // monday sends ids only; the ingress adds each person's email and name when monday's users query knew them
            people.add(new PersonValue(textOrNull(entry.get("email")), textOrNull(entry.get("name")), id.asLong(),
                    "team".equals(kind)));
        }
        if (people.isEmpty()) {
            return null;
        }
        return people.size() == 1 ? new FieldValue(people.get(0)) : new FieldValue(new PeopleValue(people));
    }

    static FieldValue readLink(ColumnType type, String columnId, JsonNode node) {
        if (node.isTextual()) {
            return FieldValues.link(node.textValue(), null);
        }
        JsonNode url = node.get("url");
        if (url == null || url.isNull() || url.asText().isBlank()) {
            if (node.isObject()) {
                return null;
            }
            throw unexpected(type, columnId, node, "{\"url\":\"...\",\"text\":\"...\"}");
        }
        return FieldValues.link(url.asText(), textOrNull(node.get("text")));
    }

    static FieldValue readEmail(ColumnType type, String columnId, JsonNode node) {
        if (node.isTextual()) {
            return new FieldValue(new EmailValue(node.textValue(), null));
        }
        JsonNode email = node.get("email");
        if (email == null || email.isNull() || email.asText().isBlank()) {
            if (node.isObject()) {
                return null;
            }
            throw unexpected(type, columnId, node, "{\"email\":\"...\",\"text\":\"...\"}");
        }
        return new FieldValue(new EmailValue(email.asText(), textOrNull(node.get("text"))));
    }

    static FieldValue readPhone(ColumnType type, String columnId, JsonNode node) {
        String raw;
        String country = null;
        if (node.isTextual()) {
            raw = node.textValue();
        } else if (node.isObject()) {
            JsonNode phone = node.get("phone");
            if (phone == null || phone.isNull() || phone.asText().isBlank()) {
                return null;
            }
            raw = phone.asText();
            country = textOrNull(node.get("countryShortName"));
        } else {
            throw unexpected(type, columnId, node, "{\"phone\":\"+14155550100\",\"countryShortName\":\"US\"}");
        }
        String finalCountry = country;
        return PhoneNumbers.normalise(raw, country).map(FieldValue::new)
                .orElseThrow(() -> new ColumnValueConversionException(type, columnId,
                        "'" + abbreviate(raw) + "' is not a phone number"
                                + (finalCountry == null ? "" : " for country " + finalCountry)));
    }

    static FieldValue readCheckbox(ColumnType type, String columnId, JsonNode node) {
        JsonNode checked = node.isObject() ? node.get("checked") : node;
        if (checked == null || checked.isNull()) {
            return null;
        }
        if (checked.isBoolean()) {
            return FieldValues.bool(checked.booleanValue());
        }
        String s = checked.asText().trim();
        if ("true".equalsIgnoreCase(s) || "v".equalsIgnoreCase(s)) {
            return FieldValues.bool(true);
        }
        if ("false".equalsIgnoreCase(s)) {
            return FieldValues.bool(false);
        }
        throw unexpected(type, columnId, node, "{\"checked\":\"true\"}");
    }
}

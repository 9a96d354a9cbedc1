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
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
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
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);
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
        JsonNode node = parse(type, columnId, valueJson);
        if (isEmpty(node)) {
            return null;
        }
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

    /** A typed value into the JSON text to put under the column id in {@code column_values} (null clears). */
    public String toMonday(ColumnType type, String columnId, FieldValue value) {
        Objects.requireNonNull(type, "type");
        if (value == null || value.getValue() == null) {
            return "null";
        }
        JsonNode node = switch (type) {
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
        if (node == null) {
            return "null";
        }
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new ColumnValueConversionException(type, columnId, "cannot write the value as JSON", e);
        }
    }

    // ---------------------------------------------------------------- reading

    private static JsonNode parse(ColumnType type, String columnId, String valueJson) {
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

    private static boolean isEmpty(JsonNode node) {
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

    private static FieldValue readName(ColumnType type, String columnId, JsonNode node) {
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

    private static FieldValue readText(ColumnType type, String columnId, JsonNode node, String first, String second) {
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

    private static FieldValue readNumber(ColumnType type, String columnId, JsonNode node) {
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

    private static FieldValue readDate(ColumnType type, String columnId, JsonNode node) {
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

    private static FieldValue readStatus(ColumnType type, String columnId, JsonNode node, String displayText) {
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

    private static FieldValue readDropdown(ColumnType type, String columnId, JsonNode node, String displayText) {
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

    private static FieldValue readPeople(ColumnType type, String columnId, JsonNode node) {
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

    private static FieldValue readLink(ColumnType type, String columnId, JsonNode node) {
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

    private static FieldValue readEmail(ColumnType type, String columnId, JsonNode node) {
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

    private static FieldValue readPhone(ColumnType type, String columnId, JsonNode node) {
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

    private static FieldValue readCheckbox(ColumnType type, String columnId, JsonNode node) {
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

    // ---------------------------------------------------------------- writing

    private static JsonNode writeDate(ColumnType type, String columnId, FieldValue value) {
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

    private static JsonNode writeStatus(ColumnType type, String columnId, FieldValue value) {
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

    private static JsonNode writeDropdown(ColumnType type, String columnId, FieldValue value) {
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

    private static JsonNode writePeople(ColumnType type, String columnId, FieldValue value) {
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

    private static JsonNode writeLink(ColumnType type, String columnId, FieldValue value) {
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

    private static JsonNode writeEmail(ColumnType type, String columnId, FieldValue value) {
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

    private static JsonNode writePhone(ColumnType type, String columnId, FieldValue value) {
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

    private static JsonNode writeCheckbox(ColumnType type, String columnId, FieldValue value) {
        if (value.getValue() instanceof BooleanValue b) {
            return b.getChecked() ? NODES.objectNode().put("checked", "true") : null;
        }
        throw wrongKind(type, columnId, value, "a checkbox (true/false)");
    }

    private static String asText(ColumnType type, String columnId, FieldValue value) {
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

    private static BigDecimal asNumber(ColumnType type, String columnId, FieldValue value) {
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

    // ---------------------------------------------------------------- helpers

    private static Integer intOrNull(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isIntegralNumber()) {
            return node.intValue();
        }
        if (node.isTextual() && node.textValue().matches("-?\\d+")) {
            return Integer.parseInt(node.textValue());
        }
        return null;
    }

    private static String textOrNull(JsonNode node) {
        return node == null || node.isNull() || node.asText().isEmpty() ? null : node.asText();
    }

    private static ColumnValueConversionException unexpected(ColumnType type, String columnId, JsonNode node, String expected) {
        return new ColumnValueConversionException(type, columnId,
                "unexpected value " + abbreviate(node.toString()) + ", expected " + expected);
    }

    private static ColumnValueConversionException wrongKind(ColumnType type, String columnId, FieldValue value, String expected) {
        return new ColumnValueConversionException(type, columnId, "cannot write "
                + value.getValue().getClass().getSimpleName() + " '" + abbreviate(FieldValues.display(value))
                + "', the column takes " + expected);
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}

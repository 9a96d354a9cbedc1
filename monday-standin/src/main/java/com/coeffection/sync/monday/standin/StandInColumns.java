package com.coeffection.sync.monday.standin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * How the stand-in stores a column value, independently of the connector's codecs: it accepts what monday accepts
 * for a write, keeps the value in the shape a read returns ({@code column_values.value} and {@code text}), and
 * produces the shape a webhook delivers ({@code value}/{@code previousValue}).
 */
final class StandInColumns {
    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private StandInColumns() {
    }

    /** A stored value: what a read returns and what a webhook delivers. A cleared column has no StoredValue. */
    record StoredValue(JsonNode readValue, String text, JsonNode webhookValue) {
    }

    /** A column of a stand-in board; status and dropdown columns carry their labels. */
    static final class Column {
        final String id;
        String title;
        final String type;
        final String description;
        final Map<Integer, String> labels = new LinkedHashMap<>();

        Column(String id, String title, String type, String description) {
            this.id = id;
            this.title = title;
            this.type = type;
            this.description = description;
            if ("status".equals(type)) {
                labels.put(0, "Working on it");
                labels.put(1, "Done");
                labels.put(2, "Stuck");
            }
        }

        Map<String, Object> settings() {
            Map<String, Object> settings = new LinkedHashMap<>();
            if ("status".equals(type)) {
                Map<String, String> l = new LinkedHashMap<>();
                labels.forEach((k, v) -> l.put(Integer.toString(k), v));
                settings.put("labels", l);
            } else if ("dropdown".equals(type)) {
                List<Map<String, Object>> l = new ArrayList<>();
                labels.forEach((k, v) -> l.add(Map.of("id", k, "name", v)));
                settings.put("labels", l);
            }
            return settings;
        }

        /** The {@code columnType} spelling monday uses in webhook deliveries. */
        String webhookType() {
            return switch (type) {
                case "status" -> "color";
                case "numbers" -> "numeric";
                case "long_text" -> "long-text";
                case "people" -> "multiple-person";
                case "checkbox" -> "boolean";
                default -> type;
            };
        }

        /** The GraphQL object type implementing ColumnValue for this column's values. */
        String valueTypeName() {
            return switch (type) {
                case "text" -> "TextValue";
                case "long_text" -> "LongTextValue";
                case "numbers" -> "NumbersValue";
                case "date" -> "DateValue";
                case "status" -> "StatusValue";
                case "dropdown" -> "DropdownValue";
                case "people" -> "PeopleValue";
                case "link" -> "LinkValue";
                case "email" -> "EmailValue";
                case "phone" -> "PhoneValue";
                case "checkbox" -> "CheckboxValue";
                default -> "UnsupportedValue";
            };
        }

        void applyDefaults(JsonNode defaults) {
            if (defaults == null || defaults.isNull()) {
                return;
            }
            JsonNode l = defaults.get("labels");
            if (l == null) {
                return;
            }
            if ("status".equals(type) && l.isObject()) {
                labels.clear();
                l.fields().forEachRemaining(e -> labels.put(Integer.parseInt(e.getKey()), e.getValue().asText()));
            } else if (l.isArray()) {
                labels.clear();
                int i = "dropdown".equals(type) ? 1 : 0;
                for (JsonNode n : l) {
                    labels.put(i++, n.isObject() ? n.path("name").asText() : n.asText());
                }
            }
        }
    }

    /**
     * Writes {@code input} (one entry of a {@code column_values} argument) to a column.
     *
     * @return the stored value, or null when the input clears the column
     * @throws StandInError ColumnValueException when monday would refuse the value
     */
    static StoredValue write(Column column, JsonNode input, boolean createLabels, Instant now, LongFunction<String> userName) {
        if (input == null || input.isNull() || (input.isTextual() && input.textValue().isEmpty())
                || (input.isObject() && input.isEmpty())) {
            return null;
        }
        String changedAt = now.toString();
        return switch (column.type) {
            case "text" -> {
                if (!input.isValueNode()) {
                    throw refuse(column, input, "invalid value, a text column takes a string");
                }
                String s = input.asText();
                yield new StoredValue(TextNode.valueOf(s), s, obj().put("value", s));
            }
            case "long_text" -> {
                String s = input.isObject() ? input.path("text").asText(null) : input.isValueNode() ? input.asText() : null;
                if (s == null) {
                    throw refuse(column, input, "invalid value, a long text column takes {\"text\": ...}");
                }
                yield new StoredValue(obj().put("text", s).put("changed_at", changedAt), s,
                        obj().put("text", s).put("changed_at", changedAt));
            }
            case "numbers" -> {
                String s = input.isValueNode() ? input.asText().trim() : null;
                BigDecimal n;
                try {
                    n = new BigDecimal(s);
                } catch (RuntimeException e) {
                    throw refuse(column, input, "invalid value, a number column takes a number");
                }
                String plain = n.toPlainString();
                yield new StoredValue(TextNode.valueOf(plain), plain, obj().put("value", n).putNull("unit"));
            }
            case "date" -> writeDate(column, input, changedAt);
            case "status" -> writeStatus(column, input, createLabels, changedAt);
            case "dropdown" -> writeDropdown(column, input, createLabels, changedAt);
            case "people" -> {
                JsonNode list = input.get("personsAndTeams");
                if (!(list instanceof ArrayNode array)) {
                    throw refuse(column, input, "invalid value, a people column takes {\"personsAndTeams\": [...]}");
                }
                List<String> names = new ArrayList<>();
                ArrayNode stored = NODES.arrayNode();
                for (JsonNode p : array) {
                    long id = p.path("id").asLong(-1);
                    String kind = p.path("kind").asText("person");
                    String name = "person".equals(kind) ? userName.apply(id) : "Team " + id;
                    if (name == null) {
                        throw refuse(column, input, "user " + p.path("id").asText() + " does not exist in this account");
                    }
                    names.add(name);
                    stored.addObject().put("id", id).put("kind", kind);
                }
                if (stored.isEmpty()) {
                    yield null;
                }
                ObjectNode value = obj();
                value.set("personsAndTeams", stored);
                value.put("changed_at", changedAt);
                yield new StoredValue(value, String.join(", ", names), value.deepCopy());
            }
            case "link" -> {
                String url = input.isObject() ? input.path("url").asText("") : input.asText("").split(" ", 2)[0];
                if (url.isBlank()) {
                    throw refuse(column, input, "invalid value, a link column takes {\"url\": ..., \"text\": ...}");
                }
                String text = input.isObject() ? input.path("text").asText(url) : url;
                ObjectNode value = obj().put("url", url).put("text", text).put("changed_at", changedAt);
                yield new StoredValue(value, text + " - " + url, value.deepCopy());
            }
            case "email" -> {
                String email = input.isObject() ? input.path("email").asText("") : input.asText("").split(" ", 2)[0];
                if (!email.matches("[^@\\s]+@[^@\\s]+")) {
                    throw refuse(column, input, "invalid email address");
                }
                String text = input.isObject() ? input.path("text").asText(email) : email;
                ObjectNode value = obj().put("email", email).put("text", text).put("changed_at", changedAt);
                yield new StoredValue(value, email, value.deepCopy());
            }
            case "phone" -> {
                String phone = input.isObject() ? input.path("phone").asText("") : input.asText("");
                if (!phone.matches("\\+?[0-9 ()\\-]{4,20}")) {
                    throw refuse(column, input, "invalid phone number");
                }
                // monday needs the country of a number written without its international prefix
                boolean country = input.isObject() && !input.path("countryShortName").asText("").isBlank();
                if (!phone.startsWith("+") && !country) {
                    throw refuse(column, input, "invalid phone number: " + phone + " has no country (give countryShortName"
                            + " or a number starting with +)");
                }
                ObjectNode value = obj().put("phone", phone);
                if (input.isObject() && input.hasNonNull("countryShortName")) {
                    value.put("countryShortName", input.get("countryShortName").asText());
                }
                value.put("changed_at", changedAt);
                yield new StoredValue(value, phone, value.deepCopy());
            }
            case "checkbox" -> {
                JsonNode c = input.isObject() ? input.get("checked") : input;
                String s = c == null ? "" : c.asText();
                if ("false".equalsIgnoreCase(s)) {
                    yield null;
                }
                if (!"true".equalsIgnoreCase(s)) {
                    throw refuse(column, input, "invalid value, a checkbox column takes {\"checked\": \"true\"}");
                }
                yield new StoredValue(obj().put("checked", "true").put("changed_at", changedAt), "v",
                        obj().put("checked", true).put("changed_at", changedAt));
            }
            default -> throw refuse(column, input, "the stand-in does not write " + column.type + " columns");
        };
    }

    private static StoredValue writeDate(Column column, JsonNode input, String changedAt) {
        String date;
        String time = null;
        if (input.isObject()) {
            date = input.path("date").asText("");
            if (input.hasNonNull("time") && !input.get("time").asText().isBlank()) {
                time = input.get("time").asText();
            }
        } else {
            String[] parts = input.asText("").trim().split(" ", 2);
            date = parts[0];
            time = parts.length > 1 ? parts[1] : null;
        }
        try {
            LocalDate.parse(date);
            if (time != null) {
                time = LocalTime.parse(time).withNano(0).toString();
                if (time.length() == 5) {
                    time = time + ":00";
                }
            }
        } catch (DateTimeParseException e) {
            throw refuse(column, input, "invalid date, use {\"date\":\"YYYY-MM-DD\",\"time\":\"HH:MM:SS\"}");
        }
        ObjectNode read = obj().put("date", date);
        ObjectNode hook = obj().put("date", date).putNull("icon");
        if (time != null) {
            read.put("time", time);
            hook.put("time", time);
        } else {
            hook.putNull("time");
        }
        read.put("changed_at", changedAt);
        hook.put("changed_at", changedAt);
        return new StoredValue(read, time == null ? date : date + " " + time.substring(0, 5), hook);
    }

    private static StoredValue writeStatus(Column column, JsonNode input, boolean createLabels, String changedAt) {
        Integer index = null;
        String label = null;
        if (input.isObject()) {
            if (input.hasNonNull("index")) {
                index = input.get("index").asInt();
            } else if (input.hasNonNull("label")) {
                label = input.get("label").asText();
            }
        } else if (input.isValueNode()) {
            label = input.asText();
        }
        if (index == null && label == null) {
            throw refuse(column, input, "invalid value, a status column takes {\"label\": ...} or {\"index\": ...}");
        }
        if (index == null) {
            for (Map.Entry<Integer, String> e : column.labels.entrySet()) {
                if (e.getValue().equals(label)) {
                    index = e.getKey();
                }
            }
            if (index == null) {
                if (!createLabels) {
                    throw refuse(column, input, "This status label doesn't exist, possible statuses are: " + column.labels);
                }
                index = column.labels.keySet().stream().max(Integer::compare).orElse(-1) + 1;
                column.labels.put(index, label);
            }
        } else if (!column.labels.containsKey(index)) {
            throw refuse(column, input, "This status index doesn't exist, possible statuses are: " + column.labels);
        }
        String text = column.labels.get(index);
        ObjectNode read = obj().put("index", index).putNull("post_id").put("changed_at", changedAt);
        ObjectNode hook = obj();
        ObjectNode l = hook.putObject("label").put("index", index).put("text", text);
        l.putObject("style").put("color", index == 1 ? "#00c875" : "#fdab3d").put("border", index == 1 ? "#00b461" : "#e99729");
        l.put("is_done", index == 1);
        hook.putNull("post_id");
        return new StoredValue(read, text, hook);
    }

    private static StoredValue writeDropdown(Column column, JsonNode input, boolean createLabels, String changedAt) {
        List<Integer> ids = new ArrayList<>();
        if (input.isObject() && input.get("ids") instanceof ArrayNode array) {
            for (JsonNode id : array) {
                if (!column.labels.containsKey(id.asInt())) {
                    throw refuse(column, input, "The dropdown label id " + id + " doesn't exist");
                }
                ids.add(id.asInt());
            }
        } else {
            List<String> names = new ArrayList<>();
            if (input.isObject() && input.get("labels") instanceof ArrayNode array) {
                array.forEach(n -> names.add(n.asText()));
            } else if (input.isTextual()) {
                for (String s : input.textValue().split(",")) {
                    if (!s.isBlank()) {
                        names.add(s.trim());
                    }
                }
            } else {
                throw refuse(column, input, "invalid value, a dropdown column takes {\"labels\": [...]} or {\"ids\": [...]}");
            }
            for (String name : names) {
                Integer found = null;
                for (Map.Entry<Integer, String> e : column.labels.entrySet()) {
                    if (e.getValue().equals(name)) {
                        found = e.getKey();
                    }
                }
                if (found == null) {
                    if (!createLabels) {
                        throw refuse(column, input, "The dropdown label '" + name + "' doesn't exist");
                    }
                    found = column.labels.keySet().stream().max(Integer::compare).orElse(0) + 1;
                    column.labels.put(found, name);
                }
                ids.add(found);
            }
        }
        if (ids.isEmpty()) {
            return null;
        }
        ObjectNode read = obj();
        ArrayNode idArray = read.putArray("ids");
        ids.forEach(idArray::add);
        read.put("changed_at", changedAt);
        ObjectNode hook = obj();
        ArrayNode chosen = hook.putArray("chosenValues");
        List<String> texts = new ArrayList<>();
        for (Integer id : ids) {
            chosen.addObject().put("id", id).put("name", column.labels.get(id));
            texts.add(column.labels.get(id));
        }
        return new StoredValue(read, String.join(", ", texts), hook);
    }

    private static ObjectNode obj() {
        return NODES.objectNode();
    }

    private static StandInError refuse(Column column, JsonNode input, String message) {
        return StandInError.columnValue(column.id, column.type, message, input.toString());
    }
}

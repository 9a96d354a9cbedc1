package com.coeffection.sync.ingress.coeffection;

import com.coeffection.sync.schema.FieldValue;
import com.coeffection.sync.values.FieldValues;
import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Types one JSON value of a Coeffection webhook's {@code data} into a {@link FieldValue}. When the board mapping
 * names the field's type, the value must fit that type; otherwise the type is inferred conservatively from the
 * JSON alone: a string is text, a number an exact number, a boolean a checkbox, an array of strings a list of
 * options. Nothing else is guessed: a string that looks like a date stays text unless the mapping says date. A JSON
 * null clears the field.
 */
public final class FieldTyper {

    /** The outcome of typing one value. */
    public sealed interface Typing permits Typed, Untypeable {
    }

    /** The typed value; {@code value} is null when the field is cleared. */
    public record Typed(FieldValue value) implements Typing {
    }

    /** The value does not fit; {@code reason} says why, for the dead letter. */
    public record Untypeable(String reason) implements Typing {
    }

    private FieldTyper() {
    }

    /**
     * Types {@code value}.
     *
     * @param fieldType the mapped Coeffection field type (text, number, currency, date, datetime, select,
     *                  multiselect, checkbox, url, email, phone, person, stage), or null when the field is not mapped
     */
    public static Typing type(String fieldType, JsonNode value) {
        if (value == null || value.isNull()) {
            return new Typed(null);
        }
        if (fieldType == null) {
            return infer(value);
        }
        try {
            return switch (fieldType.toLowerCase(Locale.ROOT)) {
                case "text", "long_text", "textarea" -> scalarText(value)
                        .<Typing>map(t -> new Typed(FieldValues.text(t)))
                        .orElseGet(() -> mismatch(fieldType, value));
                case "number", "currency", "numeric", "decimal" -> number(fieldType, value);
                case "date" -> date(fieldType, value);
                case "datetime" -> dateTime(fieldType, value);
                case "select", "stage", "status" -> value.isTextual()
                        ? new Typed(FieldValues.status(value.asText())) : mismatch(fieldType, value);
                case "multiselect", "dropdown", "tags" -> options(fieldType, value);
                case "checkbox", "boolean" -> bool(fieldType, value);
                case "url", "link" -> link(fieldType, value);
                case "email" -> value.isTextual() ? new Typed(FieldValues.email(value.asText())) : mismatch(fieldType, value);
                case "phone" -> value.isTextual() ? new Typed(FieldValues.phone(value.asText(), null)) : mismatch(fieldType, value);
                case "person" -> person(fieldType, value);
                default -> infer(value);
            };
        } catch (DateTimeParseException | NumberFormatException | ArithmeticException e) {
            return mismatch(fieldType, value);
        }
    }

    /** Type from the JSON alone: string, number, boolean and array of strings; anything else is untypeable. */
    public static Typing infer(JsonNode value) {
        if (value == null || value.isNull()) {
            return new Typed(null);
        }
        if (value.isTextual()) {
            return new Typed(FieldValues.text(value.asText()));
        }
        if (value.isNumber()) {
            return new Typed(FieldValues.number(exact(value)));
        }
        if (value.isBoolean()) {
            return new Typed(FieldValues.bool(value.asBoolean()));
        }
        if (value.isArray()) {
            List<String> labels = strings(value);
            if (labels != null) {
                return new Typed(FieldValues.options(labels));
            }
            return new Untypeable("an array of other things than strings cannot be typed without a field mapping");
        }
        return new Untypeable("a JSON " + value.getNodeType().name().toLowerCase(Locale.ROOT)
                + " cannot be typed without a field mapping");
    }

    private static java.util.Optional<String> scalarText(JsonNode value) {
        if (value.isTextual()) {
            return java.util.Optional.of(value.asText());
        }
        if (value.isNumber()) {
            return java.util.Optional.of(exact(value).toPlainString());
        }
        if (value.isBoolean()) {
            return java.util.Optional.of(Boolean.toString(value.asBoolean()));
        }
        return java.util.Optional.empty();
    }

    private static Typing number(String fieldType, JsonNode value) {
        if (value.isNumber()) {
            return new Typed(FieldValues.number(exact(value)));
        }
        if (value.isTextual() && !value.asText().isBlank()) {
            return new Typed(FieldValues.number(new BigDecimal(value.asText().trim())));
        }
        return mismatch(fieldType, value);
    }

    private static Typing date(String fieldType, JsonNode value) {
        if (!value.isTextual()) {
            return mismatch(fieldType, value);
        }
        String text = value.asText().trim();
        if (text.length() == 10) {
            return new Typed(FieldValues.date(LocalDate.parse(text)));
        }
        return new Typed(FieldValues.date(OffsetDateTime.parse(text).withOffsetSameInstant(ZoneOffset.UTC).toLocalDate()));
    }

    private static Typing dateTime(String fieldType, JsonNode value) {
        if (value.isIntegralNumber()) {
            return new Typed(FieldValues.dateTime(Instant.ofEpochMilli(value.asLong())));
        }
        if (!value.isTextual()) {
            return mismatch(fieldType, value);
        }
        String text = value.asText().trim();
        try {
            return new Typed(FieldValues.dateTime(Instant.parse(text)));
        } catch (DateTimeParseException e) {
            return new Typed(FieldValues.dateTime(OffsetDateTime.parse(text).toInstant()));
        }
    }

    private static Typing options(String fieldType, JsonNode value) {
        if (value.isTextual()) {
            return new Typed(FieldValues.options(List.of(value.asText())));
        }
        List<String> labels = value.isArray() ? strings(value) : null;
        return labels != null ? new Typed(FieldValues.options(labels)) : mismatch(fieldType, value);
    }

    private static Typing bool(String fieldType, JsonNode value) {
        if (value.isBoolean()) {
            return new Typed(FieldValues.bool(value.asBoolean()));
        }
        if (value.isTextual() && (value.asText().equalsIgnoreCase("true") || value.asText().equalsIgnoreCase("false"))) {
            return new Typed(FieldValues.bool(Boolean.parseBoolean(value.asText())));
        }
        return mismatch(fieldType, value);
    }

    private static Typing link(String fieldType, JsonNode value) {
        if (value.isTextual()) {
            return new Typed(FieldValues.link(value.asText(), null));
        }
        if (value.isObject() && value.path("url").isTextual()) {
            JsonNode text = value.get("text");
            return new Typed(FieldValues.link(value.get("url").asText(), text != null && text.isTextual() ? text.asText() : null));
        }
        return mismatch(fieldType, value);
    }

    private static Typing person(String fieldType, JsonNode value) {
        if (value.isTextual()) {
            String text = value.asText();
            return new Typed(text.contains("@") ? FieldValues.person(text, null, null) : FieldValues.person(null, text, null));
        }
        if (value.isObject() && (value.path("email").isTextual() || value.path("name").isTextual())) {
            JsonNode email = value.get("email");
            JsonNode name = value.get("name");
            return new Typed(FieldValues.person(email != null && email.isTextual() ? email.asText() : null,
                    name != null && name.isTextual() ? name.asText() : null, null));
        }
        return mismatch(fieldType, value);
    }

    private static List<String> strings(JsonNode array) {
        List<String> labels = new ArrayList<>(array.size());
        for (JsonNode element : array) {
            if (!element.isTextual()) {
                return null;
            }
            labels.add(element.asText());
        }
        return labels;
    }

    private static BigDecimal exact(JsonNode number) {
        return number.decimalValue();
    }

    private static Untypeable mismatch(String fieldType, JsonNode value) {
        String shown = value.toString();
        if (shown.length() > 80) {
            shown = shown.substring(0, 77) + "...";
        }
        return new Untypeable("the value " + shown + " does not fit the mapped field type '" + fieldType + "'");
    }
}

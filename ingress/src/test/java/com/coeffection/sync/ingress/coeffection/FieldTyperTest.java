package com.coeffection.sync.ingress.coeffection;

import com.coeffection.sync.schema.BooleanValue;
import com.coeffection.sync.schema.DateTimeValue;
import com.coeffection.sync.schema.DateValue;
import com.coeffection.sync.schema.NumberValue;
import com.coeffection.sync.schema.OptionsValue;
import com.coeffection.sync.schema.PersonValue;
import com.coeffection.sync.schema.StatusValue;
import com.coeffection.sync.schema.TextValue;
import com.coeffection.sync.ingress.WebhookJson;
import com.coeffection.sync.values.FieldValues;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FieldTyperTest {

    private static JsonNode json(String text) {
        return WebhookJson.parse(("{\"v\":" + text + "}").getBytes()).node().get("v");
    }

    private static Object typed(String fieldType, String jsonValue) {
        FieldTyper.Typing typing = FieldTyper.type(fieldType, json(jsonValue));
        assertThat(typing).isInstanceOf(FieldTyper.Typed.class);
        var value = ((FieldTyper.Typed) typing).value();
        return value == null ? null : value.getValue();
    }

    private static FieldTyper.Typing typing(String fieldType, String jsonValue) {
        return FieldTyper.type(fieldType, json(jsonValue));
    }

    @Test
    void withoutAMappingOnlyTheJsonTypeDecides() {
        assertThat(typed(null, "\"Globex\"")).isEqualTo(new TextValue("Globex"));
        assertThat(typed(null, "true")).isEqualTo(new BooleanValue(true));
        assertThat(typed(null, "[\"a\",\"b\"]")).isEqualTo(new OptionsValue(List.of("a", "b")));
        assertThat(typed(null, "\"2024-06-15\"")).isEqualTo(new TextValue("2024-06-15"));
        assertThat(typed(null, "null")).isNull();
    }

    @Test
    void numbersStayExactWithTheirScale() {
        NumberValue big = (NumberValue) typed(null, "12345678901234567890.000100");
        assertThat(FieldValues.decimal(big)).isEqualTo(new BigDecimal("12345678901234567890.000100"));
        NumberValue fromText = (NumberValue) typed("currency", "\"0.10\"");
        assertThat(FieldValues.decimal(fromText)).isEqualTo(new BigDecimal("0.10"));
    }

    @Test
    void objectsAndMixedArraysAreNotGuessedWithoutAMapping() {
        assertThat(typing(null, "{\"city\":\"Springfield\"}")).isInstanceOf(FieldTyper.Untypeable.class);
        assertThat(typing(null, "[1,\"a\"]")).isInstanceOf(FieldTyper.Untypeable.class);
    }

    @Test
    void aMappingGivesDatesStagesPeopleAndTimes() {
        assertThat(typed("date", "\"2024-06-15\"")).isEqualTo(new DateValue(LocalDate.of(2024, 6, 15)));
        assertThat(typed("date", "\"2024-06-15T23:30:00-02:00\"")).isEqualTo(new DateValue(LocalDate.of(2024, 6, 16)));
        assertThat(typed("datetime", "\"2024-04-15T10:30:00Z\"")).isEqualTo(new DateTimeValue(Instant.parse("2024-04-15T10:30:00Z")));
        assertThat(typed("datetime", "1713177000000")).isEqualTo(new DateTimeValue(Instant.ofEpochMilli(1713177000000L)));
        assertThat(typed("stage", "\"Closed Won\"")).isEqualTo(new StatusValue("Closed Won", null));
        assertThat(typed("multiselect", "\"solo\"")).isEqualTo(new OptionsValue(List.of("solo")));
        assertThat(typed("person", "{\"email\":\"rep@acme.example\",\"name\":\"Rep\"}"))
                .isEqualTo(new PersonValue("rep@acme.example", "Rep", null, false));
        assertThat(typed("person", "\"Rep Name\"")).isEqualTo(new PersonValue(null, "Rep Name", null, false));
        assertThat(typed("checkbox", "\"false\"")).isEqualTo(new BooleanValue(false));
        assertThat(typed("text", "42")).isEqualTo(new TextValue("42"));
    }

    @Test
    void aValueThatDoesNotFitItsMappedTypeIsUntypeableWithAReason() {
        FieldTyper.Typing words = typing("number", "\"lots\"");
        FieldTyper.Typing notADate = typing("date", "\"next week\"");
        FieldTyper.Typing notABool = typing("checkbox", "\"maybe\"");

        assertThat(words).isInstanceOf(FieldTyper.Untypeable.class);
        assertThat(((FieldTyper.Untypeable) words).reason()).contains("\"lots\"").contains("number");
        assertThat(notADate).isInstanceOf(FieldTyper.Untypeable.class);
        assertThat(notABool).isInstanceOf(FieldTyper.Untypeable.class);
    }

    @Test
    void aClearedMappedFieldIsNullWhateverItsType() {
        assertThat(typed("date", "null")).isNull();
        assertThat(typed("person", "null")).isNull();
    }
}

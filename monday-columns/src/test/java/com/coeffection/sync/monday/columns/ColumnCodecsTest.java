package com.coeffection.sync.monday.columns;

import com.coeffection.sync.schema.FieldValue;
import com.coeffection.sync.schema.PeopleValue;
import com.coeffection.sync.schema.PersonValue;
import com.coeffection.sync.schema.StatusValue;
import com.coeffection.sync.values.FieldValues;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ColumnCodecsTest {
    private final ColumnCodecs codecs = ColumnCodecs.standard();

    private FieldValue roundTrip(ColumnType type, FieldValue value) {
        String json = codecs.toMonday(type, "col1", value);
        return codecs.fromMonday(type, "col1", json);
    }

    @Nested
    class RoundTrips {
        @Test
        void itemNameRoundTripsAndReadsTheWebhookNameShape() {
            assertThat(codecs.toMonday(ColumnType.NAME, "name", FieldValues.text("Acme Corp"))).isEqualTo("\"Acme Corp\"");
            assertThat(roundTrip(ColumnType.NAME, FieldValues.text("Acme Corp"))).isEqualTo(FieldValues.text("Acme Corp"));
            assertThat(codecs.fromMonday(ColumnType.NAME, "name", "{\"name\":\"Renamed\"}")).isEqualTo(FieldValues.text("Renamed"));
        }

        @Test
        void textRoundTripsIncludingQuotesAndUnicode() {
            FieldValue value = FieldValues.text("He said \"hi\" – ünïcode\nnew line");
            assertThat(roundTrip(ColumnType.TEXT, value)).isEqualTo(value);
            assertThat(codecs.fromMonday(ColumnType.TEXT, "text1", "{\"value\":\"from webhook\"}"))
                    .isEqualTo(FieldValues.text("from webhook"));
        }

        @Test
        void longTextRoundTripsThroughTheTextObject() {
            FieldValue value = FieldValues.text("line one\nline two");
            assertThat(codecs.toMonday(ColumnType.LONG_TEXT, "notes", value)).isEqualTo("{\"text\":\"line one\\nline two\"}");
            assertThat(roundTrip(ColumnType.LONG_TEXT, value)).isEqualTo(value);
            assertThat(codecs.fromMonday(ColumnType.LONG_TEXT, "notes",
                    "{\"text\":\"typed\",\"changed_at\":\"2026-11-22T06:00:00.000Z\"}")).isEqualTo(FieldValues.text("typed"));
        }

        @Test
        void numbersStayExact() {
            FieldValue value = FieldValues.number(new BigDecimal("12345678901234567890.0000000001"));
            assertThat(codecs.toMonday(ColumnType.NUMBERS, "amount", value)).isEqualTo("\"12345678901234567890.0000000001\"");
            assertThat(FieldValues.same(roundTrip(ColumnType.NUMBERS, value), value)).isTrue();
            FieldValue fromWebhook = codecs.fromMonday(ColumnType.NUMBERS, "amount", "{\"value\":0.1,\"unit\":null}");
            assertThat(FieldValues.same(fromWebhook, FieldValues.number("0.1"))).isTrue();
        }

        @Test
        void dateWithoutTimeIsADate() {
            FieldValue value = FieldValues.date(LocalDate.of(2024, 6, 15));
            assertThat(codecs.toMonday(ColumnType.DATE, "due", value)).isEqualTo("{\"date\":\"2024-06-15\"}");
            assertThat(roundTrip(ColumnType.DATE, value)).isEqualTo(value);
            assertThat(codecs.fromMonday(ColumnType.DATE, "due",
                    "{\"date\":\"2024-06-15\",\"icon\":null,\"time\":null,\"changed_at\":\"2024-06-15T10:00:00Z\"}")).isEqualTo(value);
        }

        @Test
        void dateWithTimeIsAnUtcInstant() {
            FieldValue value = FieldValues.dateTime(Instant.parse("2024-06-15T14:30:00Z"));
            assertThat(codecs.toMonday(ColumnType.DATE, "due", value)).isEqualTo("{\"date\":\"2024-06-15\",\"time\":\"14:30:00\"}");
            assertThat(roundTrip(ColumnType.DATE, value)).isEqualTo(value);
        }

        @Test
        void statusWritesTheLabelAndReadsBothWebhookAndReadShapes() {
            FieldValue done = new FieldValue(new StatusValue("Done", 1));
            assertThat(codecs.toMonday(ColumnType.STATUS, "status", done)).isEqualTo("{\"label\":\"Done\"}");
            assertThat(roundTrip(ColumnType.STATUS, done)).isEqualTo(new FieldValue(new StatusValue("Done", null)));
            String webhook = "{\"label\":{\"index\":1,\"text\":\"Done\",\"style\":{\"color\":\"#00c875\",\"border\":\"#00b461\"},"
                    + "\"is_done\":true},\"post_id\":null}";
            assertThat(codecs.fromMonday(ColumnType.STATUS, "status", webhook)).isEqualTo(done);
            assertThat(codecs.fromMonday(ColumnType.STATUS, "status", "{\"index\":1,\"label\":\"Done\"}")).isEqualTo(done);
            assertThat(codecs.fromMonday(ColumnType.STATUS, "status", "{\"index\":1,\"post_id\":null}", "Done")).isEqualTo(done);
        }

        @Test
        void dropdownRoundTripsLabelsInOrderAndReadsWebhookChosenValues() {
            FieldValue value = FieldValues.options(List.of("Gold", "EMEA"));
            assertThat(codecs.toMonday(ColumnType.DROPDOWN, "tags", value)).isEqualTo("{\"labels\":[\"Gold\",\"EMEA\"]}");
            assertThat(roundTrip(ColumnType.DROPDOWN, value)).isEqualTo(value);
            assertThat(codecs.fromMonday(ColumnType.DROPDOWN, "tags",
                    "{\"chosenValues\":[{\"id\":1,\"name\":\"Gold\"},{\"id\":4,\"name\":\"EMEA\"}]}")).isEqualTo(value);
            assertThat(codecs.fromMonday(ColumnType.DROPDOWN, "tags", "{\"ids\":[1,4]}", "Gold, EMEA")).isEqualTo(value);
        }

        @Test
        void onePersonRoundTripsAsAPersonAndSeveralAsPeople() {
            FieldValue one = new FieldValue(new PersonValue(null, null, 101L, false));
            assertThat(codecs.toMonday(ColumnType.PEOPLE, "owner", one))
                    .isEqualTo("{\"personsAndTeams\":[{\"id\":101,\"kind\":\"person\"}]}");
            assertThat(roundTrip(ColumnType.PEOPLE, one)).isEqualTo(one);
            FieldValue several = new FieldValue(new PeopleValue(List.of(
                    new PersonValue(null, null, 101L, false), new PersonValue(null, null, 7L, true))));
            assertThat(roundTrip(ColumnType.PEOPLE, several)).isEqualTo(several);
        }

        @Test
        void givenAPersonWithTheEmailAndNameTheIngressAdded_whenRead_thenThePersonCarriesThem() {
            assertThat(codecs.fromMonday(ColumnType.PEOPLE, "owner",
                    "{\"personsAndTeams\":[{\"id\":101,\"kind\":\"person\",\"email\":\"ben@acme.example\",\"name\":\"Ben\"}]}"))
                    .isEqualTo(new FieldValue(new PersonValue("ben@acme.example", "Ben", 101L, false)));
        }

        @Test
        void linkRoundTripsUrlAndText() {
            FieldValue value = FieldValues.link("https://example.com/a?b=c", "Example");
            assertThat(roundTrip(ColumnType.LINK, value)).isEqualTo(value);
        }

        @Test
        void emailRoundTrips() {
            FieldValue value = FieldValues.email("ana@example.com");
            assertThat(codecs.toMonday(ColumnType.EMAIL, "email", value))
                    .isEqualTo("{\"email\":\"ana@example.com\",\"text\":\"ana@example.com\"}");
            assertThat(codecs.fromMonday(ColumnType.EMAIL, "email", codecs.toMonday(ColumnType.EMAIL, "email", value)))
                    .isEqualTo(new FieldValue(new com.coeffection.sync.schema.EmailValue("ana@example.com", "ana@example.com")));
        }

        @Test
        void phoneIsNormalisedToE164WithItsCountry() {
            FieldValue typed = FieldValues.phone("(415) 555-0100", "US");
            assertThat(codecs.toMonday(ColumnType.PHONE, "phone", typed))
                    .isEqualTo("{\"phone\":\"+14155550100\",\"countryShortName\":\"US\"}");
            assertThat(roundTrip(ColumnType.PHONE, typed)).isEqualTo(FieldValues.phone("+14155550100", "US"));
            assertThat(codecs.fromMonday(ColumnType.PHONE, "phone", "{\"phone\":\"02079460000\",\"countryShortName\":\"GB\"}"))
                    .isEqualTo(FieldValues.phone("+442079460000", "GB"));
        }

        @Test
        void checkedCheckboxRoundTripsAndUncheckedClearsTheColumn() {
            assertThat(codecs.toMonday(ColumnType.CHECKBOX, "vip", FieldValues.bool(true))).isEqualTo("{\"checked\":\"true\"}");
            assertThat(roundTrip(ColumnType.CHECKBOX, FieldValues.bool(true))).isEqualTo(FieldValues.bool(true));
            assertThat(codecs.toMonday(ColumnType.CHECKBOX, "vip", FieldValues.bool(false))).isEqualTo("null");
            assertThat(codecs.fromMonday(ColumnType.CHECKBOX, "vip", "{\"checked\":true,\"changed_at\":\"2026-01-01T00:00:00Z\"}"))
                    .isEqualTo(FieldValues.bool(true));
            assertThat(codecs.fromMonday(ColumnType.CHECKBOX, "vip", "{\"checked\":\"false\"}")).isEqualTo(FieldValues.bool(false));
        }
    }

    @Nested
    class Clearing {
        @ParameterizedTest
        @EnumSource(ColumnType.class)
        void absentValuesReadAsCleared(ColumnType type) {
            assertThat(codecs.fromMonday(type, "c", null)).isNull();
            assertThat(codecs.fromMonday(type, "c", "null")).isNull();
            assertThat(codecs.fromMonday(type, "c", "")).isNull();
            assertThat(codecs.fromMonday(type, "c", "{}")).isNull();
        }

        @ParameterizedTest
        @EnumSource(ColumnType.class)
        void writingNullClearsTheColumn(ColumnType type) {
            assertThat(codecs.toMonday(type, "c", null)).isEqualTo("null");
        }

        @Test
        void aValueMondayLeftAfterAClearReadsAsCleared() {
            assertThat(codecs.fromMonday(ColumnType.PEOPLE, "owner", "{\"changed_at\":\"2026-01-01T00:00:00Z\"}")).isNull();
            assertThat(codecs.fromMonday(ColumnType.PEOPLE, "owner", "{\"personsAndTeams\":[]}")).isNull();
        }
    }

    @Nested
    class PeopleFallback {
        @Test
        void aPersonWithoutAMondayUserIsWrittenAsTheirEmailToAnEmailOrTextColumn() {
            FieldValue unresolved = FieldValues.person("li@example.com", "Li", null);
            assertThat(codecs.toMonday(ColumnType.EMAIL, "owner_email", unresolved))
                    .isEqualTo("{\"email\":\"li@example.com\",\"text\":\"Li\"}");
            assertThat(codecs.toMonday(ColumnType.TEXT, "owner_text", unresolved)).isEqualTo("\"li@example.com\"");
        }

        @Test
        void aPersonWithoutAMondayUserCannotBeWrittenToAPeopleColumn() {
            assertThatThrownBy(() -> codecs.toMonday(ColumnType.PEOPLE, "owner", FieldValues.person("li@example.com", "Li", null)))
                    .isInstanceOf(ColumnValueConversionException.class)
                    .hasMessageContaining("owner").hasMessageContaining("li@example.com");
        }
    }

    @Nested
    class BadValues {
        @Test
        void aNumberColumnWithWordsIsATypedErrorNamingTheColumn() {
            assertThatThrownBy(() -> codecs.fromMonday(ColumnType.NUMBERS, "amount", "\"twelve\""))
                    .isInstanceOfSatisfying(ColumnValueConversionException.class, e -> {
                        assertThat(e.columnId()).isEqualTo("amount");
                        assertThat(e.columnType()).isEqualTo(ColumnType.NUMBERS);
                        assertThat(e.getMessage()).contains("amount").contains("twelve");
                    });
        }

        @ParameterizedTest
        @ValueSource(strings = {"{\"date\":\"15/06/2024\"}", "{\"date\":\"2024-06-15\",\"time\":\"25:99\"}", "[1]"})
        void malformedDatesAreTypedErrors(String json) {
            assertThatThrownBy(() -> codecs.fromMonday(ColumnType.DATE, "due", json))
                    .isInstanceOf(ColumnValueConversionException.class).hasMessageContaining("'due'");
        }

        @Test
        void invalidJsonIsATypedError() {
            assertThatThrownBy(() -> codecs.fromMonday(ColumnType.STATUS, "status", "{label:"))
                    .isInstanceOf(ColumnValueConversionException.class).hasMessageContaining("not valid JSON");
        }

        @Test
        void aStatusIndexWithoutALabelIsATypedError() {
            assertThatThrownBy(() -> codecs.fromMonday(ColumnType.STATUS, "status", "{\"index\":3}"))
                    .isInstanceOf(ColumnValueConversionException.class).hasMessageContaining("index 3");
        }

        @Test
        void anImpossiblePhoneIsATypedError() {
            assertThatThrownBy(() -> codecs.toMonday(ColumnType.PHONE, "phone", FieldValues.phone("12", null)))
                    .isInstanceOf(ColumnValueConversionException.class).hasMessageContaining("'12'");
        }

        @Test
        void writingAValueOfTheWrongKindIsATypedError() {
            assertThatThrownBy(() -> codecs.toMonday(ColumnType.DATE, "due", FieldValues.bool(true)))
                    .isInstanceOf(ColumnValueConversionException.class).hasMessageContaining("'due'").hasMessageContaining("date");
            assertThatThrownBy(() -> codecs.toMonday(ColumnType.EMAIL, "mail", FieldValues.text("not an address")))
                    .isInstanceOf(ColumnValueConversionException.class).hasMessageContaining("not an email");
            assertThatThrownBy(() -> codecs.toMonday(ColumnType.CHECKBOX, "vip", FieldValues.text("yes")))
                    .isInstanceOf(ColumnValueConversionException.class).hasMessageContaining("'vip'");
        }
    }

    @Nested
    class TypeNames {
        @Test
        void webhookSpellingsMapToTheSameTypes() {
            assertThat(ColumnType.fromMonday("color")).contains(ColumnType.STATUS);
            assertThat(ColumnType.fromMonday("numeric")).contains(ColumnType.NUMBERS);
            assertThat(ColumnType.fromMonday("long-text")).contains(ColumnType.LONG_TEXT);
            assertThat(ColumnType.fromMonday("boolean")).contains(ColumnType.CHECKBOX);
            assertThat(ColumnType.fromMonday("multiple-person")).contains(ColumnType.PEOPLE);
            assertThat(ColumnType.fromMonday("mirror")).isEmpty();
        }

        @ParameterizedTest
        @EnumSource(ColumnType.class)
        void everyApiNameMapsBack(ColumnType type) {
            assertThat(ColumnType.fromMonday(type.mondayName())).contains(type);
        }
    }
}

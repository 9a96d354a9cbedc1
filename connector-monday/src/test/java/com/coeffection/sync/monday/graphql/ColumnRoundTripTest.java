package com.coeffection.sync.monday.graphql;

import com.coeffection.sync.monday.columns.ColumnCodecs;
import com.coeffection.sync.monday.columns.ColumnType;
import com.coeffection.sync.monday.graphql.Model.ItemSnapshot;
import com.coeffection.sync.monday.standin.MondayStandIn;
import com.coeffection.sync.monday.standin.StandInConfig;
import com.coeffection.sync.monday.standin.WebhookReceiver;
import com.coeffection.sync.schema.EmailValue;
import com.coeffection.sync.schema.FieldValue;
import com.coeffection.sync.schema.PersonValue;
import com.coeffection.sync.schema.StatusValue;
import com.coeffection.sync.values.FieldValues;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Each column type round-trips through monday (the stand-in): what the connector writes reads back as the same
 * typed value, both from a read ({@code column_values}) and from the webhook monday sends for the change.
 */
class ColumnRoundTripTest {
    private static final ColumnCodecs CODECS = ColumnCodecs.standard();
    private static MondayStandIn monday;
    private static MondayClient client;
    private static WebhookReceiver receiver;
    private static long board;

    @BeforeAll
    static void start() throws Exception {
        monday = MondayStandIn.start(StandInConfig.defaults());
        client = new MondayClient(MondayClientConfig.of(monday.apiUrl(), monday.token()).withAssumedBudget(monday.config().budgetPerWindow()));
        receiver = new WebhookReceiver();
        board = client.execute(new Operations.CreateBoard("Round trips", "public", null, null, null)).id();
        client.execute(new Operations.CreateWebhook(board, receiver.url(), "change_column_value", null));
        client.execute(new Operations.CreateWebhook(board, receiver.url(), "change_name", null));
    }

    @AfterAll
    static void stop() {
        client.close();
        monday.close();
        receiver.close();
    }

    static Stream<Arguments> values() {
        return Stream.of(
                Arguments.of(ColumnType.TEXT, FieldValues.text("Hello \"monday\" – ü"), FieldValues.text("Hello \"monday\" – ü")),
                Arguments.of(ColumnType.LONG_TEXT, FieldValues.text("line 1\nline 2"), FieldValues.text("line 1\nline 2")),
                Arguments.of(ColumnType.NUMBERS, FieldValues.number("1234567890.123456789"), FieldValues.number("1234567890.123456789")),
                Arguments.of(ColumnType.DATE, FieldValues.date(LocalDate.of(2026, 2, 28)), FieldValues.date(LocalDate.of(2026, 2, 28))),
                Arguments.of(ColumnType.DATE, FieldValues.dateTime(Instant.parse("2026-11-22T14:05:00Z")),
                        FieldValues.dateTime(Instant.parse("2026-11-22T14:05:00Z"))),
                Arguments.of(ColumnType.STATUS, FieldValues.status("Stuck"), new FieldValue(new StatusValue("Stuck", 2))),
                Arguments.of(ColumnType.DROPDOWN, FieldValues.options(List.of("Gold", "EMEA")), FieldValues.options(List.of("Gold", "EMEA"))),
                Arguments.of(ColumnType.PEOPLE, FieldValues.person(null, null, 60_000_002L),
                        new FieldValue(new PersonValue(null, null, 60_000_002L, false))),
                Arguments.of(ColumnType.PEOPLE, FieldValues.people(List.of(new PersonValue(null, null, 60_000_002L, false),
                                new PersonValue(null, null, 60_000_003L, false))),
                        FieldValues.people(List.of(new PersonValue(null, null, 60_000_002L, false),
                                new PersonValue(null, null, 60_000_003L, false)))),
                Arguments.of(ColumnType.LINK, FieldValues.link("https://coeffection.example/r/1", "Record"),
                        FieldValues.link("https://coeffection.example/r/1", "Record")),
                Arguments.of(ColumnType.EMAIL, FieldValues.email("li@example.com"),
                        new FieldValue(new EmailValue("li@example.com", "li@example.com"))),
                Arguments.of(ColumnType.PHONE, FieldValues.phone("+44 20 7946 0000", "GB"), FieldValues.phone("+442079460000", "GB")),
                Arguments.of(ColumnType.CHECKBOX, FieldValues.bool(true), FieldValues.bool(true)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("values")
    void aWrittenValueReadsBackTheSameFromAReadAndFromTheWebhook(ColumnType type, FieldValue written, FieldValue expected) {
        // given a column of the type and an item
        String defaults = type == ColumnType.DROPDOWN ? "{\"labels\":[\"Gold\",\"EMEA\",\"APAC\"]}" : null;
        String column = client.execute(new Operations.CreateColumn(board, type.name(), type.mondayName(), null, null, defaults)).id();
        long item = client.execute(new Operations.CreateItem(board, "Item for " + type, null, Map.of(), false)).id();

        // when the connector writes the value
        client.execute(new Operations.ChangeColumnValues(board, item,
                Map.of(column, CODECS.toMonday(type, column, written)), false));

        // then a read gives back the same typed value
        ItemSnapshot read = client.execute(new Operations.ReadItems(List.of(item))).get(0);
        FieldValue fromRead = read.columnValues().get(column).typed(CODECS);
        assertThat(FieldValues.same(fromRead, expected)).as("read %s", fromRead).isTrue();

        // and so does the webhook monday delivers for the change
        WebhookReceiver.Received delivery = await().atMost(Duration.ofSeconds(10)).until(
                () -> receiver.received().stream().filter(r -> r.event().path("pulseId").asLong() == item
                        && column.equals(r.event().path("columnId").asText())).findFirst().orElse(null), r -> r != null);
        ColumnType delivered = ColumnType.fromMonday(delivery.event().path("columnType").asText()).orElseThrow();
        assertThat(delivered).isEqualTo(type);
        FieldValue fromWebhook = CODECS.fromMonday(delivered, column, delivery.event().path("value").toString());
        assertThat(FieldValues.same(fromWebhook, expected)).as("webhook %s", fromWebhook).isTrue();
        assertThat(CODECS.fromMonday(delivered, column, delivery.event().path("previousValue").toString())).isNull();
    }

    @org.junit.jupiter.api.Test
    void theItemNameRoundTripsAndItsWebhookCarriesTheOldAndNewName() {
        // given an item
        long item = client.execute(new Operations.CreateItem(board, "Old name", null, Map.of(), false)).id();

        // when the connector renames it through column_values
        client.execute(new Operations.ChangeColumnValues(board, item,
                Map.of("name", CODECS.toMonday(ColumnType.NAME, "name", FieldValues.text("New name"))), false));

        // then the read and the update_name webhook agree
        ItemSnapshot renamed = client.execute(new Operations.ReadItems(List.of(item))).get(0);
        assertThat(renamed.name()).isEqualTo("New name");
        assertThat(renamed.updatedAt()).as("monday's change time of the item, for drift repair").isNotNull()
                .isBetween(java.time.Instant.now().minusSeconds(60), java.time.Instant.now().plusSeconds(1));
        WebhookReceiver.Received delivery = await().atMost(Duration.ofSeconds(10)).until(
                () -> receiver.received().stream().filter(r -> r.event().path("pulseId").asLong() == item
                        && "update_name".equals(r.event().path("type").asText())).findFirst().orElse(null), r -> r != null);
        assertThat(CODECS.fromMonday(ColumnType.NAME, "name", delivery.event().path("value").toString()))
                .isEqualTo(FieldValues.text("New name"));
        assertThat(CODECS.fromMonday(ColumnType.NAME, "name", delivery.event().path("previousValue").toString()))
                .isEqualTo(FieldValues.text("Old name"));
    }

    @org.junit.jupiter.api.Test
    void clearingAColumnReadsBackAsCleared() {
        // given an item with a status
        String column = client.execute(new Operations.CreateColumn(board, "Stage", "status", null, null, null)).id();
        long item = client.execute(new Operations.CreateItem(board, "To clear", null,
                Map.of(column, CODECS.toMonday(ColumnType.STATUS, column, FieldValues.status("Done"))), false)).id();

        // when the connector clears it
        client.execute(new Operations.ChangeColumnValues(board, item, Map.of(column, CODECS.toMonday(ColumnType.STATUS, column, null)), false));

        // then monday holds no value
        ItemSnapshot read = client.execute(new Operations.ReadItems(List.of(item))).get(0);
        assertThat(read.columnValues().get(column).typed(CODECS)).isNull();
    }
}

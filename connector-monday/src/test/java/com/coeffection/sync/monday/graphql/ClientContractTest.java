package com.coeffection.sync.monday.graphql;

import com.coeffection.sync.monday.columns.ColumnCodecs;
import com.coeffection.sync.monday.columns.ColumnType;
import com.coeffection.sync.monday.graphql.Model.BoardRef;
import com.coeffection.sync.monday.graphql.Model.BoardSnapshot;
import com.coeffection.sync.monday.graphql.Model.ItemRef;
import com.coeffection.sync.monday.graphql.Model.ItemsPage;
import com.coeffection.sync.monday.graphql.Model.WebhookInfo;
import com.coeffection.sync.monday.standin.MondaySchema;
import com.coeffection.sync.monday.standin.MondayStandIn;
import com.coeffection.sync.monday.standin.StandInConfig;
import com.coeffection.sync.monday.standin.WebhookReceiver;
import com.coeffection.sync.values.FieldValues;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract between the client and monday's published schema: every operation the client can emit is sent to
 * the stand-in, which validates it against the schema. A drift (a renamed field or argument, a wrong type) fails.
 */
class ClientContractTest {
    private static MondayStandIn monday;
    private static MondayClient client;
    private static WebhookReceiver receiver;

    @BeforeAll
    static void start() throws Exception {
        monday = MondayStandIn.start(StandInConfig.defaults());
        client = new MondayClient(MondayClientConfig.of(monday.apiUrl(), monday.token()).withAssumedBudget(monday.config().budgetPerWindow()));
        receiver = new WebhookReceiver();
    }

    @AfterAll
    static void stop() {
        client.close();
        monday.close();
        receiver.close();
    }

    private final List<MondayOperation<?>> sent = new ArrayList<>();

    private <T> T send(MondayOperation<T> op) {
        sent.add(op);
        assertThat(MondaySchema.get().check(GraphQlRequest.of(List.of(op)).query()).errors())
                .as("%s is valid against monday's schema", op.field()).isEmpty();
        return client.execute(op);
    }

    @Test
    void everyOperationTheClientCanEmitIsAcceptedByMondaysSchema() {
        // given a board with one column of every type the sync writes
        long refusedBefore = monday.stats().validationFailures();
        int queriesBefore = monday.receivedQueries().size();
        BoardRef board = send(new Operations.CreateBoard("Coeffection — Contacts", "public", null, null, "contract"));
        ColumnCodecs codecs = ColumnCodecs.standard();
        Map<ColumnType, String> columnIds = new LinkedHashMap<>();
        for (ColumnType type : ColumnType.values()) {
            if (type == ColumnType.NAME) {
                continue;
            }
            String defaults = type == ColumnType.DROPDOWN ? "{\"labels\":[\"Gold\",\"Silver\"]}" : null;
            var column = send(new Operations.CreateColumn(board.id(), type.name(), type.mondayName(), null, null, defaults));
            columnIds.put(type, column.id());
        }
        var group = send(new Operations.CreateGroup(board.id(), "Qualified", "#00c875"));

        // when an item is created with every column set, changed, moved, found, read, archived and deleted
        Map<String, String> values = new LinkedHashMap<>();
        values.put(columnIds.get(ColumnType.TEXT), codecs.toMonday(ColumnType.TEXT, "t", FieldValues.text("hello")));
        values.put(columnIds.get(ColumnType.LONG_TEXT), codecs.toMonday(ColumnType.LONG_TEXT, "l", FieldValues.text("long\ntext")));
        values.put(columnIds.get(ColumnType.NUMBERS), codecs.toMonday(ColumnType.NUMBERS, "n", FieldValues.number("12.50")));
        values.put(columnIds.get(ColumnType.DATE), codecs.toMonday(ColumnType.DATE, "d", FieldValues.date(LocalDate.of(2026, 11, 22))));
        values.put(columnIds.get(ColumnType.STATUS), codecs.toMonday(ColumnType.STATUS, "s", FieldValues.status("Done")));
        values.put(columnIds.get(ColumnType.DROPDOWN), codecs.toMonday(ColumnType.DROPDOWN, "dd", FieldValues.options(List.of("Gold"))));
        values.put(columnIds.get(ColumnType.PEOPLE), codecs.toMonday(ColumnType.PEOPLE, "p",
                FieldValues.person("ana@customer.example", "Ana", 60_000_002L)));
        values.put(columnIds.get(ColumnType.LINK), codecs.toMonday(ColumnType.LINK, "k", FieldValues.link("https://example.com", "site")));
        values.put(columnIds.get(ColumnType.EMAIL), codecs.toMonday(ColumnType.EMAIL, "e", FieldValues.email("li@example.com")));
        values.put(columnIds.get(ColumnType.PHONE), codecs.toMonday(ColumnType.PHONE, "ph", FieldValues.phone("+14155550100", "US")));
        values.put(columnIds.get(ColumnType.CHECKBOX), codecs.toMonday(ColumnType.CHECKBOX, "c", FieldValues.bool(true)));
        WebhookInfo hook = send(new Operations.CreateWebhook(board.id(), receiver.url(), "change_column_value", null));
        ItemRef item = send(new Operations.CreateItem(board.id(), "Ada Lovelace", null, values, false));
        send(new Operations.CreateItem(board.id(), "Grace Hopper", null, Map.of(columnIds.get(ColumnType.TEXT), "\"hello\""), false));
        send(new Operations.ChangeColumnValues(board.id(), item.id(), Map.of("name", "\"Ada King\""), false));
        send(new Operations.MoveItemToGroup(board.id(), item.id(), group.id()));
        ItemsPage found = send(new Operations.FindItemsByColumnValues(board.id(), columnIds.get(ColumnType.TEXT), List.of("hello"), 1));
        ItemsPage next = send(new Operations.NextItemsPage(found.cursor(), 1));
        BoardSnapshot snapshot = send(new Operations.ReadBoard(board.id(), 10));
        var read = send(new Operations.ReadItems(List.of(item.id())));
        var hooks = send(new Operations.ListWebhooks(board.id()));
        assertThat(send(new Operations.ListBoards(null, 50, 1))).extracting(Model.BoardSummary::description).contains("contract");
        assertThat(send(new Operations.ListBoards(7L, 50, 2))).isEmpty();
        assertThat(send(new Operations.BoardExists(board.id()))).isTrue();
        assertThat(send(new Operations.BoardExists(123L))).isFalse();
        var users = send(new Operations.UsersByEmail(List.of("ana@customer.example", "nobody@example.com")));
        var byId = send(new Operations.UsersById(List.of(60_000_002L)));
        var me = send(new Operations.Me());
        assertThat(send(new Operations.Workspaces(100))).isNotEmpty();
        assertThat(send(new Operations.Account()).id()).isEqualTo(monday.config().accountId());
        List<MondayOperation<? extends Object>> mixed = List.of(
                new Operations.ChangeColumnValues(board.id(), item.id(), Map.of(columnIds.get(ColumnType.TEXT), "\"batched\""), true),
                new Operations.CreateItem(board.id(), "In a batch", group.id(), values, true),
                new Operations.MoveItemToGroup(board.id(), item.id(), "topics"),
                new Operations.CreateGroup(board.id(), "Won", null));
        assertThat(MondaySchema.get().check(GraphQlRequest.of(mixed).query()).errors()).isEmpty();
        assertThat(client.executeBatch(mixed).allSucceeded()).isTrue();
        List<MondayOperation<? extends Object>> reads = List.of(new Operations.Me(), new Operations.ReadItems(List.of(item.id())),
                new Operations.UsersByEmail(List.of("ben@customer.example")), new Operations.ReadBoard(board.id(), 2));
        assertThat(client.executeBatch(reads).allSucceeded()).isTrue();
        send(new Operations.DeleteWebhook(hook.id()));
        send(new Operations.ArchiveItem(board.id(), item.id()));
        send(new Operations.DeleteItem(board.id(), next.items().get(0).id()));

        // then monday's schema accepted every request, and every operation kind was exercised
        assertThat(monday.stats().validationFailures()).isEqualTo(refusedBefore);
        assertThat(monday.stats().apiVersions()).containsOnlyKeys(MondayClientConfig.API_VERSION);
        Set<Class<?>> exercised = new HashSet<>();
        sent.forEach(op -> exercised.add(op.getClass()));
        assertThat(exercised).containsExactlyInAnyOrder(MondayOperation.class.getPermittedSubclasses());
        assertThat(monday.receivedQueries().subList(queriesBefore, monday.receivedQueries().size())).allMatch(q -> q.contains(GraphQlRequest.COMPLEXITY_FIELD));

        // and the answers were read back
        assertThat(found.items()).hasSize(1);
        assertThat(found.cursor()).isNotNull();
        assertThat(next.items()).hasSize(1);
        assertThat(snapshot.columns()).extracting(Model.ColumnInfo::id).containsAll(columnIds.values());
        assertThat(snapshot.groups()).extracting(Model.GroupInfo::id).contains(group.id());
        assertThat(read.get(0).name()).isEqualTo("Ada King");
        assertThat(read.get(0).groupId()).isEqualTo(group.id());
        assertThat(monday.item(item.id()).orElseThrow().groupId()).isEqualTo("topics");
        assertThat(hooks).extracting(WebhookInfo::id).containsExactly(hook.id());
        assertThat(users).extracting(Model.MondayUser::id).containsExactly(60_000_002L);
        assertThat(byId).extracting(Model.MondayUser::email).containsExactly("ana@customer.example");
        assertThat(me.id()).isEqualTo(monday.integrationUserId());
        assertThat(monday.item(item.id())).get().extracting(v -> v.state()).isEqualTo("archived");
    }

    @Test
    void aQueryThatDriftsFromTheSchemaIsRefusedWithMondaysValidationError() throws Exception {
        // given a request naming an argument monday's schema does not have
        okhttp3.OkHttpClient http = new okhttp3.OkHttpClient();
        String body = "{\"query\":\"mutation { create_item(board_id: 1, name: \\\"x\\\") { id } }\"}";
        okhttp3.Request request = new okhttp3.Request.Builder().url(monday.apiUrl().toString())
                .header("Authorization", monday.token()).header("API-Version", "2026-10")
                .post(okhttp3.RequestBody.create(body, okhttp3.MediaType.get("application/json"))).build();
        long before = monday.stats().validationFailures();

        // when it is sent
        try (okhttp3.Response response = http.newCall(request).execute()) {
            // then monday's schema refuses it, naming the problem
            assertThat(response.code()).isEqualTo(200);
            String text = response.body().string();
            assertThat(text).contains("argumentNotAccepted").contains("name").contains("missingRequiredArguments");
        }
        assertThat(monday.stats().validationFailures()).isEqualTo(before + 1);
    }
}

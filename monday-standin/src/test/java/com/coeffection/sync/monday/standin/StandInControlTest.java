package com.coeffection.sync.monday.standin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The stand-in's own endpoints: edits "as a person", readable state, fault knobs over HTTP. */
class StandInControlTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final OkHttpClient http = new OkHttpClient();

    private JsonNode post(MondayStandIn monday, String path, String body) throws Exception {
        Request request = new Request.Builder().url(monday.baseUrl() + path)
                .post(RequestBody.create(body, MediaType.get("application/json"))).build();
        try (Response response = http.newCall(request).execute()) {
            return JSON.readTree(response.body().string());
        }
    }

    private JsonNode get(MondayStandIn monday, String path) throws Exception {
        try (Response response = http.newCall(new Request.Builder().url(monday.baseUrl() + path).build()).execute()) {
            return JSON.readTree(response.body().string());
        }
    }

    @Test
    void aPersonCanChangeAnItemOverHttpAndTheStateShowsIt() throws Exception {
        try (MondayStandIn monday = MondayStandIn.start(StandInConfig.defaults());
             StandInApi client = new StandInApi(monday)) {
            // given an item created by the integration
            long board = client.createBoard("Control");
            long item = client.createItem(board, "Before", Map.of());

            // when Ben renames it through the as-user endpoint
            JsonNode answer = post(monday, "/standin/as-user/60000003", JSON.createObjectNode()
                    .put("query", "mutation ($b: ID!, $i: ID, $v: JSON!) { change_multiple_column_values(board_id: $b, item_id: $i, column_values: $v) { id name } }")
                    .set("variables", JSON.createObjectNode().put("b", board).put("i", item).put("v", "{\"name\":\"After\"}"))
                    .toString());

            // then the change is made as Ben and the state endpoint shows it
            assertThat(answer.path("data").path("change_multiple_column_values").path("name").asText()).isEqualTo("After");
            JsonNode state = get(monday, "/standin/state");
            assertThat(state.path("items").get(0).path("name").asText()).isEqualTo("After");
            assertThat(state.path("items").get(0).path("lastChangedBy").asLong()).isEqualTo(60_000_003L);
            assertThat(state.path("stats").path("requests").asLong()).isEqualTo(2);
        }
    }

    @Test
    void givenAnItem_whenItsNameIsChangedWithTheSimpleColumnMutation_thenTheItemIsRenamed() throws Exception {
        try (MondayStandIn monday = MondayStandIn.start(StandInConfig.defaults());
             StandInApi client = new StandInApi(monday)) {
            long board = client.createBoard("Simple");
            long item = client.createItem(board, "Before", Map.of());

            JsonNode renamed = client.data("change_simple_column_value", "mutation ($b: ID!, $i: ID) {"
                    + " change_simple_column_value(board_id: $b, item_id: $i, column_id: \"name\", value: \"After\") { id name } }",
                    Map.of("b", board, "i", item));

            assertThat(renamed.path("name").asText()).isEqualTo("After");
            assertThat(monday.item(item)).get().satisfies(i -> assertThat(i.name()).isEqualTo("After"));
        }
    }

    @Test
    void givenAPhoneColumn_whenANumberWithoutCountryIsWritten_thenMondayRefusesThatColumnByName() throws Exception {
        try (MondayStandIn monday = MondayStandIn.start(StandInConfig.defaults());
             StandInApi client = new StandInApi(monday)) {
            long board = client.createBoard("Phones");
            client.createColumn(board, "Phone", "phone", "phone");

            JsonNode answer = client.call("mutation ($b: ID!, $v: JSON) { create_item(board_id: $b, item_name: \"Ann\","
                    + " column_values: $v) { id } }", Map.of("b", board, "v", "{\"phone\":{\"phone\":\"4155550100\"}}"));
            long created = client.createItem(board, "Bob", Map.of("phone", Map.of("phone", "+14155550100", "countryShortName", "US")));

            JsonNode error = answer.path("errors").get(0);
            assertThat(error.path("extensions").path("code").asText()).isEqualTo("ColumnValueException");
            assertThat(error.path("extensions").path("error_data").path("column_id").asText()).isEqualTo("phone");
            assertThat(error.path("message").asText()).contains("country");
            assertThat(monday.item(created)).isPresent();
        }
    }

    @Test
    void faultsCanBeSetOverHttp() throws Exception {
        try (MondayStandIn monday = MondayStandIn.start(StandInConfig.defaults())) {
            post(monday, "/standin/faults", "{\"revokeToken\":true}");
            assertThat(monday.faults().tokenRevoked()).isTrue();
            post(monday, "/standin/faults", "{\"reset\":true,\"lockBoard\":5}");
            assertThat(monday.faults().tokenRevoked()).isFalse();
            assertThat(monday.faults().locked(5)).isTrue();
        }
    }
}

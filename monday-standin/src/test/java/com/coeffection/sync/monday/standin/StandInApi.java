package com.coeffection.sync.monday.standin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

import java.io.IOException;
import java.util.Map;

/**
 * The stand-in's GraphQL API as an integration calls it over HTTP with its token: plain GraphQL text, as monday
 * documents it (this module has no monday client on purpose).
 */
final class StandInApi implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MediaType JSON_TYPE = MediaType.get("application/json");
    private final MondayStandIn monday;
    private final OkHttpClient http = new OkHttpClient();

    StandInApi(MondayStandIn monday) {
        this.monday = monday;
    }

    /** The whole answer (data and errors) to one request. */
    JsonNode call(String query, Map<String, Object> variables) throws IOException {
        ObjectNode body = JSON.createObjectNode().put("query", query);
        body.set("variables", JSON.valueToTree(variables));
        Request request = new Request.Builder().url(monday.apiUrl().toString()).header("Authorization", monday.token())
                .header("API-Version", "2026-10").post(RequestBody.create(body.toString(), JSON_TYPE)).build();
        try (Response response = http.newCall(request).execute()) {
            return JSON.readTree(response.body().string());
        }
    }

    /** The data of one field of a request that must succeed. */
    JsonNode data(String field, String query, Map<String, Object> variables) throws IOException {
        JsonNode answer = call(query, variables);
        if (answer.has("errors") || answer.has("error_code")) {
            throw new AssertionError("monday refused " + field + ": " + answer);
        }
        return answer.path("data").path(field);
    }

    long createBoard(String name) throws IOException {
        return data("create_board", "mutation ($n: String!) { create_board(board_name: $n, board_kind: public, empty: true) { id } }",
                Map.of("n", name)).path("id").asLong();
    }

    void createColumn(long board, String title, String type, String id) throws IOException {
        data("create_column", "mutation ($b: ID!, $t: String!, $i: String) { create_column(board_id: $b, title: $t, column_type: "
                + type + ", id: $i) { id } }", Map.of("b", board, "t", title, "i", id));
    }

    long createItem(long board, String name, Map<String, Object> columnValues) throws IOException {
        return data("create_item", "mutation ($b: ID!, $n: String!, $v: JSON) { create_item(board_id: $b, item_name: $n, column_values: $v) { id } }",
                Map.of("b", board, "n", name, "v", JSON.valueToTree(columnValues).toString())).path("id").asLong();
    }

    void changeColumnValues(long board, long item, Map<String, Object> columnValues) throws IOException {
        data("change_multiple_column_values", "mutation ($b: ID!, $i: ID, $v: JSON!) { change_multiple_column_values(board_id: $b, item_id: $i, column_values: $v) { id } }",
                Map.of("b", board, "i", item, "v", JSON.valueToTree(columnValues).toString()));
    }

    void deleteItem(long item) throws IOException {
        data("delete_item", "mutation ($i: ID) { delete_item(item_id: $i) { id } }", Map.of("i", item));
    }

    /** The whole answer to {@code create_webhook} (it fails when the endpoint does not echo the challenge). */
    JsonNode createWebhook(long board, String url, String event) throws IOException {
        return call("mutation ($b: ID!, $u: String!) { create_webhook(board_id: $b, url: $u, event: " + event + ") { id board_id event } }",
                Map.of("b", board, "u", url));
    }

    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}

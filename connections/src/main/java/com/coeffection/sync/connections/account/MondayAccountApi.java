package com.coeffection.sync.connections.account;

import com.coeffection.sync.monday.graphql.MondayApiException;
import com.coeffection.sync.monday.graphql.MondayClient;
import com.coeffection.sync.monday.graphql.MondayClientConfig;
import com.coeffection.sync.monday.graphql.MondayFailure;
import com.coeffection.sync.monday.graphql.MondayOperation;
import com.coeffection.sync.monday.graphql.Operations;
import com.coeffection.sync.connections.tokens.StoredConnection.MondayAccount;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The three questions the integration page asks monday with a tenant's token: who it acts as (account and user),
 * which workspaces it sees, and how much of the complexity budget is left. Who and which workspaces go through the
 * connector's {@link MondayClient} ({@link Operations.Me}, {@link Operations.Account}, {@link Operations.Workspaces}),
 * one short-lived client per token; the board list and the budget are still plain GraphQL over OkHttp.
 */
public final class MondayAccountApi {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MediaType JSON_TYPE = MediaType.get("application/json");

    private final URI endpoint;
    private final OkHttpClient http;

    /** A workspace the token can see. */
    public record Workspace(long id, String name, String kind) {
    }

    /** The token's complexity budget: points left and when it resets. */
    public record Budget(long left, long resetInSeconds) {
    }

    /** monday refused the token (401, or an authorization error): the connection needs a reconnect. */
    public static final class TokenRefused extends RuntimeException {
        public TokenRefused(String message) {
            super(message);
        }
    }

    /** monday could not answer (network, 5xx, an error other than a refused token). */
    public static final class MondayUnavailable extends RuntimeException {
        public MondayUnavailable(String message) {
            super(message);
        }
    }

    public MondayAccountApi(URI endpoint) {
        this.endpoint = endpoint;
        this.http = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(15)).build();
    }

    /** The account (id and name) and the user the token acts as. */
    public MondayAccount account(String token) {
        return withClient(token, client -> {
            var user = run(client, new Operations.Me());
            var account = run(client, new Operations.Account());
            return new MondayAccount(account.id(), account.name(), user.id(), user.name(), user.email());
        });
    }

    /** The workspaces the token sees; empty when monday lists none. */
    public List<Workspace> workspaces(String token) {
        return withClient(token, client -> run(client, new Operations.Workspaces(100)).stream()
                .map(w -> new Workspace(w.id(), w.name(), w.kind())).toList());
    }

    private <T> T withClient(String token, Function<MondayClient, T> call) {
        if (token == null || token.isBlank()) {
            throw new TokenRefused("no monday token is stored");
        }
        MondayClientConfig config = MondayClientConfig.of(endpoint, token).withMaxAttempts(1)
                .withCallTimeout(Duration.ofSeconds(15));
        try (MondayClient client = new MondayClient(config)) {
            return call.apply(client);
        }
    }

    private static <T> T run(MondayClient client, MondayOperation<T> operation) {
        try {
            return client.execute(operation);
        } catch (MondayApiException e) {
            if (e.failure() instanceof MondayFailure.ConnectionRevoked) {
                throw new TokenRefused(e.getMessage());
            }
            throw new MondayUnavailable(e.getMessage());
        }
    }

    /** A board of a workspace, with its columns (id, title, type), for picking an existing board. */
    public record Board(long id, String name, List<com.coeffection.sync.connections.mappings.BoardSuggestion.Column> columns) {
    }

    /** The active boards of {@code workspaceId} (null: every workspace the token sees). */
    public List<Board> boards(String token, Long workspaceId) {
        String filter = workspaceId == null ? "" : ", workspace_ids: [" + workspaceId + "]";
        JsonNode list = query(token, "query { boards(limit: 100, state: active" + filter
                + ") { id name columns { id title type } } }").path("boards");
        List<Board> boards = new ArrayList<>();
        list.forEach(b -> {
            List<com.coeffection.sync.connections.mappings.BoardSuggestion.Column> columns = new ArrayList<>();
            b.path("columns").forEach(c -> columns.add(new com.coeffection.sync.connections.mappings.BoardSuggestion.Column(
                    c.path("id").asText(), c.path("title").asText(), c.path("type").asText())));
            boards.add(new Board(b.path("id").asLong(), b.path("name").asText(), columns));
        });
        return boards;
    }

    public Budget budget(String token) {
        JsonNode c = query(token, "query { complexity { after reset_in_x_seconds } }").path("complexity");
        return new Budget(c.path("after").asLong(), c.path("reset_in_x_seconds").asLong());
    }

    private JsonNode query(String token, String query) {
        return queryRoot(token, query).path("data");
    }

    private JsonNode queryRoot(String token, String query) {
        Request request = new Request.Builder().url(endpoint.toString())
                .header("Authorization", token)
                .header("API-Version", MondayClientConfig.API_VERSION)
                .post(RequestBody.create(JSON.createObjectNode().put("query", query).toString(), JSON_TYPE))
                .build();
        try (Response response = http.newCall(request).execute()) {
            String body = response.body() == null ? "" : response.body().string();
            if (response.code() == 401 || response.code() == 403) {
                throw new TokenRefused("monday answered " + response.code() + " to the stored token");
            }
            if (!response.isSuccessful()) {
                throw new MondayUnavailable("monday answered HTTP " + response.code());
            }
            JsonNode root = JSON.readTree(body);
            JsonNode errors = root.path("errors");
            if (errors.isArray() && !errors.isEmpty()) {
                String code = errors.get(0).path("extensions").path("code").asText("");
                String message = errors.get(0).path("message").asText();
                if (code.equals("UserUnauthorizedException") || code.equals("UNAUTHENTICATED")) {
                    throw new TokenRefused(code + ": " + message);
                }
                throw new MondayUnavailable(code + ": " + message);
            }
            return root;
        } catch (IOException e) {
            throw new MondayUnavailable("monday could not be reached: " + e.getMessage());
        }
    }
}

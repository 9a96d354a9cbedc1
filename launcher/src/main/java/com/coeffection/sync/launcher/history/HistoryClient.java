package com.coeffection.sync.launcher.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The history API as the command line uses it: a base URL and a bearer token. */
final class HistoryClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpUrl base;
    private final String token;
    private final OkHttpClient http = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(60)).build();

    /** Thrown with the API's own error message (or why it could not be reached). */
    static final class HistoryApiException extends RuntimeException {
        HistoryApiException(String message) {
            super(message);
        }
    }

    HistoryClient(String url, String token) {
        HttpUrl parsed = HttpUrl.parse(url);
        if (parsed == null) {
            throw new HistoryApiException("Not a URL: " + url + " (set --url or HISTORY_URL)");
        }
        this.base = parsed;
        this.token = token;
    }

    /**
     * The token to use: the one given, HISTORY_TOKEN, HISTORY_OPERATOR_TOKEN, or the embedded default's operator
     * token file in the data directory.
     */
    static String token(String given, Map<String, String> env) {
        for (String t : new String[]{given, env.get("HISTORY_TOKEN"), env.get("HISTORY_OPERATOR_TOKEN")}) {
            if (t != null && !t.isBlank()) {
                return t.trim();
            }
        }
        Path file = Path.of(env.getOrDefault("SYNC_DATA_DIR", ".local/data")).resolve(HistoryPart.TOKEN_FILE);
        try {
            if (Files.exists(file)) {
                return Files.readString(file).trim();
            }
        } catch (IOException ignored) {
            // reported below
        }
        throw new HistoryApiException("No history token: pass --token, set HISTORY_TOKEN, or run 'bin/run' once so"
                + " that " + file + " exists");
    }

    JsonNode get(List<String> path, Map<String, String> query) {
        HttpUrl.Builder url = base.newBuilder();
        path.forEach(url::addPathSegment);
        query.forEach((k, v) -> {
            if (v != null) {
                url.addQueryParameter(k, v);
            }
        });
        return call(new Request.Builder().url(url.build()).get());
    }

    JsonNode post(List<String> path, Object body) {
        HttpUrl.Builder url = base.newBuilder();
        path.forEach(url::addPathSegment);
        try {
            return call(new Request.Builder().url(url.build())
                    .post(RequestBody.create(JSON.writeValueAsBytes(body), MediaType.get("application/json"))));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode call(Request.Builder request) {
        request.header("Authorization", "Bearer " + token);
        Request built = request.build();
        try (Response response = http.newCall(built).execute()) {
            String text = response.body() == null ? "" : response.body().string();
            JsonNode body = text.isBlank() ? JSON.nullNode() : JSON.readTree(text);
            if (!response.isSuccessful()) {
                throw new HistoryApiException("history API answered " + response.code() + " "
                        + body.path("error").asText("") + ": " + body.path("message").asText(text));
            }
            return body;
        } catch (IOException e) {
            throw new HistoryApiException("The history API at " + base + " cannot be reached (" + e.getMessage()
                    + "); is 'bin/run' running, or set --url / HISTORY_URL");
        }
    }
}

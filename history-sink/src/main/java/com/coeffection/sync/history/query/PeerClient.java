package com.coeffection.sync.history.query;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.apache.kafka.streams.state.HostInfo;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

/**
 * Asks another history-sink instance for its share of an answer ({@code scope=local}), with the caller's own
 * bearer token, so the other instance checks the same rights.
 */
public final class PeerClient {
    private static final MediaType JSON_TYPE = MediaType.get("application/json");
    /** Times as ISO-8601 text, for the pages served beside the history too. */
    public static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final OkHttpClient http = new OkHttpClient.Builder()
            .connectTimeout(Duration.ofSeconds(3)).callTimeout(Duration.ofSeconds(15)).build();

    /** Thrown when an instance that holds part of the answer cannot give it. */
    public static final class PeerUnavailableException extends RuntimeException {
        public PeerUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public <T> T get(HostInfo host, java.util.List<String> path, Map<String, String> query, String authorization, TypeReference<T> type) {
        return call(new Request.Builder().url(url(host, path, query)).get(), host, authorization, type);
    }

    public <T> T post(HostInfo host, java.util.List<String> path, Map<String, String> query, Object body, String authorization,
                      TypeReference<T> type) {
        try {
            return call(new Request.Builder().url(url(host, path, query))
                    .post(RequestBody.create(JSON.writeValueAsBytes(body), JSON_TYPE)), host, authorization, type);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private <T> T call(Request.Builder request, HostInfo host, String authorization, TypeReference<T> type) {
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try (Response response = http.newCall(request.build()).execute()) {
            if (response.code() == 404) {
                return null;
            }
            if (!response.isSuccessful()) {
                throw new PeerUnavailableException("history instance " + host.host() + ":" + host.port()
                        + " answered " + response.code() + ": " + response.body().string(), null);
            }
            return JSON.readValue(response.body().bytes(), type);
        } catch (IOException e) {
            throw new PeerUnavailableException("history instance " + host.host() + ":" + host.port()
                    + " did not answer: " + e.getMessage(), e);
        }
    }

    private static HttpUrl url(HostInfo host, java.util.List<String> path, Map<String, String> query) {
        HttpUrl.Builder b = new HttpUrl.Builder().scheme("http").host(host.host()).port(host.port())
                .addQueryParameter("scope", "local");
        path.forEach(b::addPathSegment);
        query.forEach((k, v) -> {
            if (v != null) {
                b.addQueryParameter(k, v);
            }
        });
        return b.build();
    }
}

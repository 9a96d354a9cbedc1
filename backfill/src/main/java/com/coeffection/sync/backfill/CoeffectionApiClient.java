package com.coeffection.sync.backfill;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads records from Coeffection's REST API ({@code GET /api/v1/{entity}?limit&offset}, Bearer API key) and stays
 * within the plan's rate limit: when an answer says no request is left in the current window
 * ({@code X-RateLimit-Remaining: 0}) it waits for the window's end ({@code X-RateLimit-Reset}) before the next
 * request, and a 429 is waited out for its {@code Retry-After}. A 5xx or a network failure is retried with doubling
 * delays; 401/403/404 are not (they need a person).
 */
public final class CoeffectionApiClient {
    private static final Logger log = LoggerFactory.getLogger(CoeffectionApiClient.class);

    /** A page of records and the total the API reports. */
    public record Page(List<ObjectNode> records, int total, int offset, int limit) {
    }

    /** What the client waits with; tests and the benchmark use the real one. */
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private final ObjectMapper mapper = new ObjectMapper();
    private final OkHttpClient http;
    private final HttpUrl base;
    private final String apiKey;
    private final Sleeper sleeper;
    private final Clock clock;
    private final int maxAttempts;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong rateLimited = new AtomicLong();
    private final AtomicLong waitedMillis = new AtomicLong();
    private volatile long pauseUntilEpochSecond;

    public CoeffectionApiClient(URI apiUrl, String apiKey, Clock clock, Sleeper sleeper, int maxAttempts) {
        HttpUrl parsed = HttpUrl.get(apiUrl.toString());
        this.base = parsed;
        this.clock = clock;
        this.apiKey = apiKey;
        this.sleeper = sleeper;
        this.maxAttempts = maxAttempts;
        this.http = new OkHttpClient.Builder().connectTimeout(Duration.ofSeconds(10)).readTimeout(Duration.ofSeconds(30)).build();
    }

    public CoeffectionApiClient(URI apiUrl, String apiKey) {
        this(apiUrl, apiKey, Clock.systemUTC(), d -> Thread.sleep(d.toMillis()), 8);
    }

    /** One page of {@code entityPath} (e.g. {@code contacts}). */
    public Page list(String entityPath, int offset, int limit) throws InterruptedException {
        HttpUrl url = base.newBuilder().addPathSegment(entityPath)
                .addQueryParameter("limit", Integer.toString(limit))
                .addQueryParameter("offset", Integer.toString(offset)).build();
        JsonNode body = get(url);
        List<ObjectNode> records = new ArrayList<>();
        for (JsonNode r : body.path("data")) {
            if (r.isObject()) {
                records.add((ObjectNode) r);
            }
        }
        return new Page(records, body.path("meta").path("total").asInt(records.size()), offset, limit);
    }

    /** Requests made, 429 answers received, and milliseconds waited for the rate limit. */
    public long requests() {
        return requests.get();
    }

    public long rateLimited() {
        return rateLimited.get();
    }

    public long waitedMillis() {
        return waitedMillis.get();
    }

    private JsonNode get(HttpUrl url) throws InterruptedException {
        Duration backoff = Duration.ofMillis(500);
        String last = null;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            waitForWindow();
            Request request = new Request.Builder().url(url).header("Authorization", "Bearer " + apiKey)
                    .header("Accept", "application/json").build();
            requests.incrementAndGet();
            try (Response response = http.newCall(request).execute()) {
                remember(response);
                String text = response.body() == null ? "" : response.body().string();
                if (response.isSuccessful()) {
                    return mapper.readTree(text);
                }
                int code = response.code();
                if (code == 429) {
                    rateLimited.incrementAndGet();
                    Duration wait = Duration.ofSeconds(retryAfter(response));
                    log.info("Coeffection's rate limit reached on {}; waiting {} s", url.encodedPath(), wait.toSeconds());
                    pause(wait);
                    attempt--; // a 429 is the plan's pace, not a failure
                    continue;
                }
                if (code == 401 || code == 403 || code == 404) {
                    throw new CoeffectionApiException(code, "Coeffection answered " + code + " for GET "
                            + url.encodedPath() + ": " + errorMessage(text)
                            + (code == 404 ? "" : " (check COEFFECTION_API_KEY: the key is missing, revoked or lacks access)"));
                }
                last = "HTTP " + code + " " + errorMessage(text);
            } catch (IOException e) {
                last = e.getClass().getSimpleName() + ": " + e.getMessage();
            }
            log.warn("GET {} failed ({}), attempt {} of {}; retrying in {} ms", url.encodedPath(), last, attempt,
                    maxAttempts, backoff.toMillis());
            pause(backoff);
            backoff = backoff.multipliedBy(2);
        }
        throw new CoeffectionApiException(-1, "GET " + url.encodedPath() + " kept failing after " + maxAttempts
                + " attempts (last: " + last + ")");
    }

    private void remember(Response response) {
        String remaining = response.header("X-RateLimit-Remaining");
        String reset = response.header("X-RateLimit-Reset");
        if ("0".equals(remaining) && reset != null) {
            try {
                pauseUntilEpochSecond = Long.parseLong(reset.trim());
            } catch (NumberFormatException e) {
                // an unreadable header: rely on 429s instead
            }
        }
    }

    private void waitForWindow() throws InterruptedException {
        long until = pauseUntilEpochSecond;
        long now = clock.millis();
        if (until * 1000 > now) {
            pause(Duration.ofMillis(until * 1000 - now));
        }
        pauseUntilEpochSecond = 0;
    }

    private void pause(Duration d) throws InterruptedException {
        waitedMillis.addAndGet(d.toMillis());
        sleeper.sleep(d);
    }

    private static long retryAfter(Response response) {
        String header = response.header("Retry-After");
        try {
            return header == null ? 1 : Math.max(1, Long.parseLong(header.trim()));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private String errorMessage(String body) {
        try {
            JsonNode node = mapper.readTree(body);
            String message = node.path("error").path("message").asText(null);
            return message != null ? message : body.length() > 200 ? body.substring(0, 200) : body;
        } catch (IOException e) {
            return body.length() > 200 ? body.substring(0, 200) : body;
        }
    }
}

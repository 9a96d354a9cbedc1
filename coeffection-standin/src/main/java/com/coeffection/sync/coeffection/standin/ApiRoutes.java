package com.coeffection.sync.coeffection.standin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Coeffection's REST API as its documentation describes it, under {@code /api/v1}: Bearer API keys, the plan's rate
 * limits (429 with Retry-After), {@code GET /{entity}} with {@code limit}/{@code offset} paging and field filters in
 * the {@code {data, meta: {total, limit, offset}}} envelope, {@code GET/PATCH/DELETE /{entity}/{id}},
 * {@code POST /{entity}} (201), and webhook subscriptions ({@code /webhooks}).
 */
final class ApiRoutes {
    static final int DEFAULT_LIMIT = 25;
    static final int MAX_LIMIT = 100;
    private static final String KEY_ATTRIBUTE = "apiKey";

    private final ObjectMapper mapper = new ObjectMapper();
    private final RecordStore store;
    private final WebhookSender webhooks;
    private final RateLimiter limiter;
    private final Map<String, ApiKey> keys;

    ApiRoutes(RecordStore store, WebhookSender webhooks, RateLimiter limiter, Map<String, ApiKey> keys) {
        this.store = store;
        this.webhooks = webhooks;
        this.limiter = limiter;
        this.keys = keys;
    }

    void register(Javalin app) {
        app.before("/api/*", this::authenticate);
        app.get("/api/v1/webhooks", ctx -> ctx.json(Map.of("data", webhooks.subscriptions(key(ctx).tenantId()).stream()
                .map(s -> Map.of("id", s.id(), "url", s.url(), "signed", s.secret() != null)).toList())));
        app.post("/api/v1/webhooks", this::subscribe);
        app.delete("/api/v1/webhooks/{id}", ctx -> {
            if (!webhooks.unsubscribe(key(ctx).tenantId(), ctx.pathParam("id"))) {
                throw new ApiError(404, "NOT_FOUND", "No webhook subscription '" + ctx.pathParam("id") + "'");
            }
            ctx.status(204);
        });
        app.get("/api/v1/{entity}", this::list);
        app.post("/api/v1/{entity}", this::create);
        app.get("/api/v1/{entity}/{id}", ctx -> ctx.json(Map.of("data", store.get(key(ctx).tenantId(), entity(ctx), ctx.pathParam("id"))
                .orElseThrow(() -> notFound(ctx)))));
        app.patch("/api/v1/{entity}/{id}", this::patch);
        app.delete("/api/v1/{entity}/{id}", ctx -> {
            try {
                store.delete(key(ctx).tenantId(), entity(ctx), ctx.pathParam("id"), RecordStore.Actor.API);
            } catch (RecordStore.NoSuchRecordException e) {
                throw notFound(ctx);
            }
            ctx.status(204);
        });
    }

    private void authenticate(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new ApiError(401, "UNAUTHORIZED", "Send your API key as 'Authorization: Bearer <key>' (Settings → API Keys)");
        }
        ApiKey key = keys.get(header.substring(7).trim());
        if (key == null) {
            throw new ApiError(401, "UNAUTHORIZED", "The API key is not valid (revoked, or from another instance)");
        }
        RateLimiter.Verdict verdict = limiter.acquire(key.key(), key.plan());
        if (verdict instanceof RateLimiter.Limited limited) {
            throw new ApiError(429, "RATE_LIMITED", "Rate limit of the " + key.plan().name().toLowerCase()
                    + " plan exceeded (" + (limited.window().equals("day") ? key.plan().perDay() + " requests per day"
                    : key.plan().perMinute() + " requests per minute") + "); retry after " + limited.retryAfterSeconds() + " s",
                    Map.of("Retry-After", Long.toString(limited.retryAfterSeconds()),
                            "X-RateLimit-Limit", Integer.toString(limited.limit()), "X-RateLimit-Remaining", "0",
                            "X-RateLimit-Reset", Long.toString(limited.reset().getEpochSecond())));
        }
        RateLimiter.Allowed allowed = (RateLimiter.Allowed) verdict;
        ctx.header("X-RateLimit-Limit", Integer.toString(allowed.limit()));
        ctx.header("X-RateLimit-Remaining", Integer.toString(allowed.remaining()));
        ctx.header("X-RateLimit-Reset", Long.toString(allowed.reset().getEpochSecond()));
        ctx.attribute(KEY_ATTRIBUTE, key);
    }

    private void list(Context ctx) {
        int limit = intParam(ctx, "limit", DEFAULT_LIMIT);
        int offset = intParam(ctx, "offset", 0);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new ApiError(400, "INVALID_PARAMETER", "limit must be between 1 and " + MAX_LIMIT + ", not " + limit);
        }
        if (offset < 0) {
            throw new ApiError(400, "INVALID_PARAMETER", "offset must not be negative");
        }
        Map<String, String> filters = new LinkedHashMap<>();
        ctx.queryParamMap().forEach((name, values) -> {
            if (!name.equals("limit") && !name.equals("offset") && !values.isEmpty()) {
                filters.put(name, values.get(0));
            }
        });
        Predicate<ObjectNode> filter = r -> filters.entrySet().stream().allMatch(f -> {
            JsonNode v = r.get(f.getKey());
            return v != null && v.isValueNode() && v.asText().equals(f.getValue());
        });
        RecordStore.Page page = store.list(key(ctx).tenantId(), entity(ctx), offset, limit, filter);
        ctx.json(Map.of("data", page.records(), "meta", Map.of("total", page.total(), "limit", limit, "offset", offset)));
    }

    private void create(Context ctx) {
        ObjectNode body = objectBody(ctx);
        RecordStore.Change change = store.create(key(ctx).tenantId(), entity(ctx), body, RecordStore.Actor.API, false);
        ctx.status(201).json(Map.of("data", change.record()));
    }

    private void patch(Context ctx) {
        ObjectNode body = objectBody(ctx);
        String tenant = key(ctx).tenantId();
        try {
            store.patch(tenant, entity(ctx), ctx.pathParam("id"), body, RecordStore.Actor.API, null);
        } catch (RecordStore.NoSuchRecordException e) {
            throw notFound(ctx);
        }
        ctx.json(Map.of("data", store.get(tenant, entity(ctx), ctx.pathParam("id")).orElseThrow(() -> notFound(ctx))));
    }

    private void subscribe(Context ctx) {
        ObjectNode body = objectBody(ctx);
        JsonNode url = body.get("url");
        if (url == null || !url.isTextual() || !url.asText().matches("https?://.+")) {
            throw new ApiError(400, "INVALID_PAYLOAD", "A webhook subscription needs 'url' (http or https)");
        }
        JsonNode secret = body.get("secret");
        WebhookSender.Subscription s = webhooks.subscribe(key(ctx).tenantId(), url.asText(),
                secret != null && secret.isTextual() ? secret.asText() : null);
        ctx.status(201).json(Map.of("data", Map.of("id", s.id(), "url", s.url(), "signed", s.secret() != null)));
    }

    private ObjectNode objectBody(Context ctx) {
        try {
            JsonNode body = mapper.readTree(ctx.bodyAsBytes());
            if (body == null || !body.isObject()) {
                throw new ApiError(400, "INVALID_PAYLOAD", "The body must be a JSON object");
            }
            return (ObjectNode) body;
        } catch (IOException e) {
            throw new ApiError(400, "MALFORMED_JSON", "The body is not JSON: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
        }
    }

    private static String entity(Context ctx) {
        String path = ctx.pathParam("entity");
        if (!Entities.isEntityPath(path)) {
            throw new ApiError(404, "NOT_FOUND", "No entity '" + path + "'");
        }
        return Entities.typeOfPath(path);
    }

    private static ApiKey key(Context ctx) {
        return ctx.attribute(KEY_ATTRIBUTE);
    }

    private static ApiError notFound(Context ctx) {
        return new ApiError(404, "NOT_FOUND", "No " + entity(ctx) + " with id '" + ctx.pathParam("id") + "'");
    }

    private static int intParam(Context ctx, String name, int fallback) {
        String value = ctx.queryParam(name);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new ApiError(400, "INVALID_PARAMETER", name + " must be a whole number, not '" + value + "'");
        }
    }
}

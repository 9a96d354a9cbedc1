package com.coeffection.sync.history.api;

import com.coeffection.sync.history.deadletters.Replayer;
import com.coeffection.sync.history.query.DeadLetterFilter;
import com.coeffection.sync.history.query.EntryFilter;
import com.coeffection.sync.history.query.EntryView;
import com.coeffection.sync.history.query.HistoryQueries;
import com.coeffection.sync.history.query.Page;
import com.coeffection.sync.history.query.PeerClient;
import com.coeffection.sync.history.retry.ControlPublisher;
import com.coeffection.sync.history.retry.RetryService;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The history REST API (JSON; described in docs/history-api.md and history-api.openapi.yaml). Every route is under
 * {@code /api/v1/tenants/{tenant}/} and needs {@code Authorization: Bearer <token>}: the tenant's own token or the
 * operator token. A tenant's token never reads another tenant's entries: 403. {@code scope=local} (used between
 * instances) answers from this instance's share only.
 */
public final class HistoryApi {
    private static final Logger LOG = LoggerFactory.getLogger(HistoryApi.class);
    private static final String CALLER = "history.caller";
    private static final TypeReference<Replayer.Summary> SUMMARY = new TypeReference<>() {
    };

    private final ApiTokens tokens;
    private final HistoryQueries queries;
    private final RetryService retries;
    private final Replayer replayer;
    private final Clock clock;

    public HistoryApi(ApiTokens tokens, HistoryQueries queries, RetryService retries, Replayer replayer, Clock clock) {
        this.tokens = tokens;
        this.queries = queries;
        this.retries = retries;
        this.replayer = replayer;
        this.clock = clock;
    }

    public void routes(Javalin http) {
        http.before("/api/*", this::authenticate);
        http.get("/api/v1/whoami", ctx -> ctx.json(Map.of("caller", caller(ctx).name(),
                "tenants", Caller.tenantOf(caller(ctx)) != null ? List.of(Caller.tenantOf(caller(ctx)))
                        : List.copyOf(tokens.tenants()))));
        http.get("/api/v1/tenants/{tenant}/records/{entityType}/{recordId}/history", this::recordHistory);
        http.get("/api/v1/tenants/{tenant}/records", this::findRecords);
        http.get("/api/v1/tenants/{tenant}/entries", this::listEntries);
        http.get("/api/v1/tenants/{tenant}/entries/{entryId}", this::entry);
        http.post("/api/v1/tenants/{tenant}/entries/{entryId}/retry", this::retry);
        http.get("/api/v1/tenants/{tenant}/counts", ctx -> ctx.json(queries.counts(tenant(ctx), local(ctx), auth(ctx))));
        http.get("/api/v1/tenants/{tenant}/review-queue", this::reviewQueue);
        http.post("/api/v1/tenants/{tenant}/review-queue/{entryId}/approve", ctx -> review(ctx, true));
        http.post("/api/v1/tenants/{tenant}/review-queue/{entryId}/reject", ctx -> review(ctx, false));
        http.get("/api/v1/tenants/{tenant}/dead-letters", this::deadLetters);
        http.post("/api/v1/tenants/{tenant}/dead-letters/replay", this::replay);

        http.exception(BadRequestException.class, (e, ctx) -> error(ctx, 400, "BAD_REQUEST", e.getMessage()));
        http.exception(RetryService.NotRetryableException.class, (e, ctx) -> error(ctx, 409, "NOT_RETRYABLE", e.getMessage()));
        http.exception(HistoryQueries.NotReadyException.class, (e, ctx) -> error(ctx, 503, "NOT_READY", e.getMessage()));
        http.exception(org.apache.kafka.streams.errors.InvalidStateStoreException.class, (e, ctx) -> error(ctx, 503,
                "NOT_READY", "The history store is starting or rebalancing; try again in a few seconds"));
        http.exception(PeerClient.PeerUnavailableException.class, (e, ctx) -> error(ctx, 503, "INSTANCE_UNAVAILABLE",
                "Part of the answer is held by another history instance that did not answer: " + e.getMessage()));
        http.exception(ControlPublisher.PublishFailedException.class, (e, ctx) -> error(ctx, 503, "KAFKA_UNAVAILABLE",
                e.getMessage()));
        http.exception(Exception.class, HistoryApi::unexpected);
    }

    /** The answer to a failure no handler expected: 500, the exception's type, and the details in the log. */
    public static void unexpected(Exception e, Context ctx) {
        LOG.error("Unexpected failure answering {} {}", ctx.method(), ctx.path(), e);
        error(ctx, 500, "INTERNAL_ERROR", "history-sink failed unexpectedly (" + e.getClass().getSimpleName()
                + "); see its log");
    }

    private void authenticate(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            ctx.header("WWW-Authenticate", "Bearer");
            error(ctx, 401, "UNAUTHENTICATED", "Send the header 'Authorization: Bearer <token>' with your tenant's"
                    + " history token or the operator token");
            ctx.skipRemainingHandlers();
            return;
        }
        var caller = tokens.caller(header.substring(7).trim());
        if (caller.isEmpty()) {
            ctx.header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            error(ctx, 401, "UNAUTHENTICATED", "This token is not a history token of any tenant nor the operator"
                    + " token; check HISTORY_TENANT_TOKENS / HISTORY_OPERATOR_TOKEN");
            ctx.skipRemainingHandlers();
            return;
        }
        ctx.attribute(CALLER, caller.get());
        String tenant = ctx.pathParamMap().get("tenant");
        if (tenant == null && ctx.path().startsWith("/api/v1/tenants/")) {
            String rest = ctx.path().substring("/api/v1/tenants/".length());
            tenant = rest.contains("/") ? rest.substring(0, rest.indexOf('/')) : rest;
        }
        if (tenant != null && !caller.get().mayRead(tenant)) {
            error(ctx, 403, "FORBIDDEN", "This token is for tenant '" + Caller.tenantOf(caller.get())
                    + "' and cannot read tenant '" + tenant + "'");
            ctx.skipRemainingHandlers();
        }
    }

    private void recordHistory(Context ctx) {
        String tenant = tenant(ctx);
        Page<EntryView> page = queries.record(tenant, ctx.pathParam("entityType"), ctx.pathParam("recordId"),
                ctx.queryParam("cursor"), Params.limit(ctx), local(ctx), auth(ctx));
        if (page.items().isEmpty() && ctx.queryParam("cursor") == null && !local(ctx)) {
            error(ctx, 404, "UNKNOWN_RECORD", "No history for record " + ctx.pathParam("entityType") + " "
                    + ctx.pathParam("recordId") + " of tenant " + tenant + " (unknown record, or its entries are"
                    + " older than the retention)");
            return;
        }
        ctx.json(page);
    }

    private void findRecords(Context ctx) {
        String q = Params.required("q (a record id, an email address or a monday item id)", ctx.queryParam("q"));
        ctx.json(queries.find(tenant(ctx), q, Math.min(Params.limit(ctx), 100), local(ctx), auth(ctx)));
    }

    private EntryFilter filter(Context ctx) {
        return new EntryFilter(Params.statuses(ctx), Params.codes(ctx, "errorCode"), Params.directions(ctx),
                Params.time("since", ctx.queryParam("since"), clock), Params.time("until", ctx.queryParam("until"), clock));
    }

    private static Map<String, String> filterQuery(Context ctx, EntryFilter f) {
        Map<String, String> q = Params.passOn(ctx, "status", "errorCode", "direction");
        if (f.since() != null) {
            q.put("since", f.since().toString());
        }
        if (f.until() != null) {
            q.put("until", f.until().toString());
        }
        return q;
    }

    private void listEntries(Context ctx) {
        EntryFilter f = filter(ctx);
        ctx.json(queries.list(tenant(ctx), f, filterQuery(ctx, f), ctx.queryParam("cursor"), Params.limit(ctx),
                local(ctx), auth(ctx)));
    }

    private void reviewQueue(Context ctx) {
        EntryFilter f = EntryFilter.status("REVIEW");
        ctx.json(queries.list(tenant(ctx), f, Map.of("status", "REVIEW"), ctx.queryParam("cursor"), Params.limit(ctx),
                local(ctx), auth(ctx)));
    }

    private EntryView found(Context ctx) {
        String tenant = tenant(ctx);
        String entryId = ctx.pathParam("entryId");
        return queries.entry(tenant, entryId, local(ctx), auth(ctx)).orElseThrow(() -> new UnknownEntryException(
                "No history entry '" + entryId + "' for tenant " + tenant));
    }

    private void entry(Context ctx) {
        try {
            ctx.json(found(ctx));
        } catch (UnknownEntryException e) {
            error(ctx, 404, "UNKNOWN_ENTRY", e.getMessage());
        }
    }

    private void retry(Context ctx) {
        try {
            ctx.status(202).json(retries.retry(caller(ctx), found(ctx)));
        } catch (UnknownEntryException e) {
            error(ctx, 404, "UNKNOWN_ENTRY", e.getMessage());
        }
    }

    private void review(Context ctx, boolean approve) {
        try {
            ctx.status(202).json(retries.review(caller(ctx), found(ctx), approve));
        } catch (UnknownEntryException e) {
            error(ctx, 404, "UNKNOWN_ENTRY", e.getMessage());
        }
    }

    private DeadLetterFilter letterFilter(String record, String errorCode, String since, String until) {
        return new DeadLetterFilter(blank(record), blank(errorCode), Params.time("since", since, clock),
                Params.time("until", until, clock));
    }

    private void deadLetters(Context ctx) {
        DeadLetterFilter f = letterFilter(ctx.queryParam("record"), ctx.queryParam("errorCode"),
                ctx.queryParam("since"), ctx.queryParam("until"));
        ctx.json(queries.deadLetters(tenant(ctx), f, letterQuery(f), ctx.queryParam("cursor"), Params.limit(ctx),
                local(ctx), auth(ctx)));
    }

    private static Map<String, String> letterQuery(DeadLetterFilter f) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("record", f.recordKey());
        q.put("errorCode", f.errorCode());
        q.put("since", f.since() == null ? null : f.since().toString());
        q.put("until", f.until() == null ? null : f.until().toString());
        return q;
    }

    /**
     * Body: {@code {"requestId": "...", "dryRun": true, "record": "...", "errorCode": "...", "since": "...",
     * "until": "..."}}. dryRun defaults to true: a replay sends only when asked with dryRun false and a request id.
     */
    private void replay(Context ctx) throws java.io.IOException {
        JsonNode body;
        try {
            body = ctx.body().isBlank() ? PeerClient.JSON.createObjectNode() : PeerClient.JSON.readTree(ctx.body());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new BadRequestException("the body must be a JSON object: " + e.getOriginalMessage());
        }
        if (!body.isObject()) {
            throw new BadRequestException("the body must be a JSON object with requestId, dryRun and the filter");
        }
        boolean dryRun = !body.has("dryRun") || body.get("dryRun").asBoolean(true);
        if (body.has("dryRun") && !body.get("dryRun").isBoolean()) {
            throw new BadRequestException("dryRun must be true or false");
        }
        String requestId = text(body, "requestId");
        if (!dryRun && requestId == null) {
            throw new BadRequestException("requestId is required for a replay (dryRun false): a dead letter is"
                    + " replayed at most once per request id");
        }
        DeadLetterFilter f = letterFilter(text(body, "record"), text(body, "errorCode"), text(body, "since"),
                text(body, "until"));
        if (!dryRun && f.equals(DeadLetterFilter.any())) {
            throw new BadRequestException("a replay needs at least one of record, errorCode, since or until");
        }
        String tenant = tenant(ctx);
        String id = requestId == null ? "dry-run" : requestId;
        Map<String, Object> forwarded = new LinkedHashMap<>(letterQuery(f));
        forwarded.put("requestId", id);
        forwarded.put("dryRun", dryRun);
        Replayer.Summary total = queries.everywhere(() -> replayer.replay(tenant, f, id, dryRun),
                host -> queries.peers().post(host, List.of("api", "v1", "tenants", tenant, "dead-letters", "replay"),
                        Map.of(), forwarded, auth(ctx), SUMMARY), local(ctx))
                .stream().reduce(Replayer.Summary.empty(id, dryRun), Replayer.Summary::plus);
        LOG.info("Dead-letter {} of tenant {} by {}: {} matched, {} replayed, {} already replayed", dryRun ? "dry run"
                : "replay " + id, tenant, caller(ctx).name(), total.matched(), total.replayed(), total.alreadyReplayed());
        ctx.json(total);
    }

    private static String text(JsonNode body, String name) {
        JsonNode n = body.get(name);
        return n == null || n.isNull() || n.asText().isBlank() ? null : n.asText().trim();
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static String tenant(Context ctx) {
        return ctx.pathParam("tenant");
    }

    private static boolean local(Context ctx) {
        return "local".equals(ctx.queryParam("scope"));
    }

    private static String auth(Context ctx) {
        return ctx.header("Authorization");
    }

    private static Caller caller(Context ctx) {
        return ctx.attribute(CALLER);
    }

    static void error(Context ctx, int status, String code, String message) {
        ctx.status(status).json(new ApiError(code, message));
    }

    private static final class UnknownEntryException extends RuntimeException {
        UnknownEntryException(String message) {
            super(message);
        }
    }

}

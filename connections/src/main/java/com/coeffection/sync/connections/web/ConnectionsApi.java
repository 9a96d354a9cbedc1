package com.coeffection.sync.connections.web;

import com.coeffection.sync.connections.ConnectFlow;
import com.coeffection.sync.connections.account.MondayAccountApi;
import com.coeffection.sync.connections.drift.DriftRunView;
import com.coeffection.sync.connections.drift.DriftRuns;
import com.coeffection.sync.connections.mappings.AuditLog;
import com.coeffection.sync.connections.mappings.BoardChoices;
import com.coeffection.sync.connections.mappings.MappingService;
import com.coeffection.sync.connections.oauth.MondayOAuthClient;
import com.coeffection.sync.connections.oauth.PendingAuthorizations;
import com.coeffection.sync.connections.status.StatusService;
import com.coeffection.sync.connections.tokens.ConnectionStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.ExceptionHandler;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The admin API of the integration page (JSON under {@code /connections/api/v1}) and the OAuth callback.
 * Authentication: an admin's bearer token, or the session cookie made by signing in. An admin reaches their own
 * tenant only: another tenant's path is 403 {@code FORBIDDEN}.
 */
public final class ConnectionsApi {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionsApi.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String CALLBACK_PATH = "/connections/oauth/callback";
    private static final String ADMIN_KEY = "connections.admin";

    private final AdminTokens tokens;
    private final Sessions sessions;
    private final ConnectFlow flow;
    private final StatusService status;
    private final MappingService mappings;
    private final BoardChoices boards;
    private final AuditLog audit;
    private final MeterRegistry metrics;
    private final boolean oauthConfigured;
    private final Supplier<DriftRuns> driftRuns;

    /**
     * @param driftRuns the pipeline's on-demand drift runs once it has attached them (null until then: 503)
     */
    public ConnectionsApi(AdminTokens tokens, Sessions sessions, ConnectFlow flow, StatusService status,
                          MappingService mappings, BoardChoices boards, AuditLog audit, MeterRegistry metrics,
                          Supplier<DriftRuns> driftRuns) {
        this.driftRuns = driftRuns;
        this.tokens = tokens;
        this.sessions = sessions;
        this.flow = flow;
        this.status = status;
        this.mappings = mappings;
        this.boards = boards;
        this.audit = audit;
        this.metrics = metrics;
        this.oauthConfigured = flow != null;
    }

    /** An error a caller can act on: HTTP status, code, message. */
    static final class ApiProblem extends RuntimeException {
        final int status;
        final String code;

        ApiProblem(int status, String code, String message) {
            super(message);
            this.status = status;
            this.code = code;
        }
    }

    /**
     * Adds the API to {@code http}. Its handlers of general exception types (bad argument, bad state, anything else)
     * answer on {@code /connections} paths only; a failure of another page's route served by the same server goes
     * to {@code otherPaths}.
     */
    public void routes(Javalin http, ExceptionHandler<Exception> otherPaths) {
        http.post("/connections/api/v1/session", this::signIn);
        http.delete("/connections/api/v1/session", ctx -> {
            sessions.close(ctx.cookie(Sessions.COOKIE));
            ctx.header("Set-Cookie", Sessions.COOKIE + "=; Path=/connections; HttpOnly; SameSite=Lax; Max-Age=0");
            ctx.status(204);
        });
        http.before("/connections/api/v1/tenants/*", this::authenticate);
        http.get("/connections/api/v1/tenants/{tenant}/monday", ctx -> ctx.json(status.status(tenant(ctx))));
        http.post("/connections/api/v1/tenants/{tenant}/monday/connect", this::connect);
        http.get("/connections/api/v1/tenants/{tenant}/monday/workspaces", ctx -> ctx.json(status.workspaces(tenant(ctx))));
        http.put("/connections/api/v1/tenants/{tenant}/monday/workspace", this::chooseWorkspace);
        http.delete("/connections/api/v1/tenants/{tenant}/monday", ctx -> {
            String tenant = tenant(ctx);
            requireConnected(tenant);
            ctx.json(flow().disconnect(tenant, admin(ctx).name()));
        });
        http.get("/connections/api/v1/tenants/{tenant}/mappings", ctx -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("tenant", tenant(ctx));
            body.put("yaml", mappings.current(tenant(ctx)).orElse(null));
            // before a first publish: the starter document the page offers (not published)
            body.put("starter", boards.document(tenant(ctx)).map(d -> d.toYaml()).orElse(null));
            ctx.json(body);
        });
        http.get("/connections/api/v1/tenants/{tenant}/mappings/entities", ctx -> ctx.json(boards.entities(tenant(ctx))));
        http.post("/connections/api/v1/tenants/{tenant}/mappings/entities/{entity}/create-board", ctx -> {
            MappingService.Published published = boards.createBoard(tenant(ctx), ctx.pathParam("entity"), admin(ctx).name());
            metrics.counter("sync.connections.mapping.publishes", "outcome", "published").increment();
            ctx.json(published);
        });
        http.get("/connections/api/v1/tenants/{tenant}/monday/boards", ctx -> ctx.json(status.boards(tenant(ctx))));
        http.post("/connections/api/v1/tenants/{tenant}/mappings/entities/{entity}/suggestion", ctx -> {
            String tenant = tenant(ctx);
            JsonNode body = JSON.readTree(ctx.body());
            if (!body.path("boardId").canConvertToLong()) {
                throw new ApiProblem(400, "BAD_REQUEST", "boardId must be the number of a board of the workspace");
            }
            ctx.json(boards.suggest(tenant, ctx.pathParam("entity"), body.get("boardId").asLong()));
        });
        http.post("/connections/api/v1/tenants/{tenant}/mappings/validate",
                ctx -> ctx.json(mappings.validate(tenant(ctx), yaml(ctx))));
        http.put("/connections/api/v1/tenants/{tenant}/mappings", this::publishMappings);
        http.get("/connections/api/v1/tenants/{tenant}/audit", ctx -> ctx.json(audit.changes(tenant(ctx), 100)));
        http.post("/connections/api/v1/tenants/{tenant}/drift-runs", this::startDriftRun);
        http.get("/connections/api/v1/tenants/{tenant}/drift-runs", ctx -> ctx.json(driftRuns().recent(tenant(ctx))));
        http.get("/connections/api/v1/tenants/{tenant}/drift-runs/{run}", ctx -> ctx.json(driftRuns()
                .run(tenant(ctx), ctx.pathParam("run"))
                .orElseThrow(() -> new ApiProblem(404, "NOT_FOUND", "no drift run " + ctx.pathParam("run")
                        + " of tenant " + ctx.pathParam("tenant") + " (the server keeps the recent ones)"))));
        http.get(CALLBACK_PATH, this::callback);

        http.exception(ApiProblem.class, (e, ctx) -> error(ctx, e.status, e.code, e.getMessage()));
        http.exception(MappingService.TenantMismatch.class, (e, ctx) -> error(ctx, 403, "FORBIDDEN", e.getMessage()));
        http.exception(MappingService.Invalid.class, (e, ctx) -> {
            metrics.counter("sync.connections.mapping.publishes", "outcome", "invalid").increment();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", "INVALID_MAPPING");
            body.put("message", e.getMessage());
            body.put("problems", e.validation().problems());
            ctx.status(422).json(body);
        });
        http.exception(DriftRuns.RunInProgress.class, (e, ctx) -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", "RUN_IN_PROGRESS");
            body.put("message", e.getMessage());
            body.put("run", e.current());
            ctx.status(409).json(body);
        });
        http.exception(MondayAccountApi.TokenRefused.class, (e, ctx) -> error(ctx, 409, "RECONNECT_NEEDED",
                "monday refused the stored token: reconnect with a current admin of the monday account"));
        http.exception(MappingService.NotPublished.class, (e, ctx) -> error(ctx, 502, "BOARD_NOT_READY", e.getMessage()));
        http.exception(MondayAccountApi.MondayUnavailable.class, (e, ctx) -> error(ctx, 502, "MONDAY_UNAVAILABLE", e.getMessage()));
        http.exception(IllegalArgumentException.class, ours(otherPaths, (e, ctx) ->
                error(ctx, 400, "BAD_REQUEST", e.getMessage())));
        http.exception(IllegalStateException.class, ours(otherPaths, (e, ctx) ->
                error(ctx, 409, "NOT_CONNECTED", e.getMessage())));
        http.exception(Exception.class, ours(otherPaths, (e, ctx) -> {
            LOG.error("connections API failed on {} {}", ctx.method(), ctx.path(), e);
            error(ctx, 500, "INTERNAL", "the request failed; the log of the connections server has the details");
        }));
    }

    /** {@code handler} on this API's paths, {@code otherPaths} elsewhere. */
    private static <T extends Exception> ExceptionHandler<T> ours(ExceptionHandler<Exception> otherPaths,
                                                                  ExceptionHandler<T> handler) {
        return (e, ctx) -> {
            if (ctx.path().startsWith("/connections")) {
                handler.handle(e, ctx);
            } else {
                otherPaths.handle(e, ctx);
            }
        };
    }

    private void signIn(Context ctx) throws Exception {
        JsonNode body = JSON.readTree(ctx.body());
        String tenant = body.path("tenant").asText("");
        Optional<Admin> admin = tokens.admin(body.path("token").asText("")).filter(a -> a.tenant().equals(tenant));
        if (admin.isEmpty()) {
            throw new ApiProblem(401, "UNAUTHENTICATED", "unknown tenant or admin token");
        }
        String id = sessions.open(admin.get());
        ctx.header("Set-Cookie", Sessions.COOKIE + "=" + id + "; Path=/connections; HttpOnly; SameSite=Lax; Max-Age="
                + Sessions.LIFETIME.toSeconds());
        ctx.json(Map.of("tenant", tenant, "admin", admin.get().name()));
    }

    private void authenticate(Context ctx) {
        Optional<Admin> admin = Optional.empty();
        String header = ctx.header("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            admin = tokens.admin(header.substring(7).trim());
        } else if (ctx.cookie(Sessions.COOKIE) != null) {
            admin = sessions.admin(ctx.cookie(Sessions.COOKIE));
        }
        if (admin.isEmpty()) {
            throw new ApiProblem(401, "UNAUTHENTICATED", "sign in with the tenant's admin token");
        }
        ctx.attribute(ADMIN_KEY, admin.get());
    }

    private Admin admin(Context ctx) {
        return ctx.attribute(ADMIN_KEY);
    }

    /** The path's tenant, which must be the admin's own. */
    private String tenant(Context ctx) {
        String tenant = ctx.pathParam("tenant");
        if (!admin(ctx).mayChange(tenant)) {
            throw new ApiProblem(403, "FORBIDDEN", "an admin of tenant " + admin(ctx).tenant()
                    + " cannot see or change tenant " + tenant);
        }
        if (!ConnectionStore.validTenant(tenant)) {
            throw new ApiProblem(400, "BAD_REQUEST", "not a tenant id: " + tenant);
        }
        return tenant;
    }

    private void connect(Context ctx) {
        String tenant = tenant(ctx);
        String session = ctx.cookie(Sessions.COOKIE);
        if (session == null || sessions.admin(session).isEmpty()) {
            throw new ApiProblem(401, "SESSION_REQUIRED", "connecting needs a signed-in session (the OAuth callback is"
                    + " checked against it): sign in on the integration page first");
        }
        URI authorize = flow().begin(tenant, session, admin(ctx).name());
        ctx.json(Map.of("authorizeUrl", authorize.toString()));
    }

    private void callback(Context ctx) {
        String outcome = "rejected_state";
        try {
            String tenant = flow().complete(URI.create(ctx.fullUrl()), ctx.cookie(Sessions.COOKIE)).tenant();
            outcome = "connected";
            ctx.redirect("/connections/?tenant=" + tenant + "&connected=1", io.javalin.http.HttpStatus.SEE_OTHER);
        } catch (PendingAuthorizations.StateRejected e) {
            callbackError(ctx, "STATE_REJECTED", "The connection was not made: " + e.getMessage());
        } catch (ConnectFlow.MondayRefused e) {
            outcome = "refused";
            callbackError(ctx, "MONDAY_REFUSED", e.getMessage());
        } catch (MondayOAuthClient.CodeRejected e) {
            outcome = "rejected_code";
            callbackError(ctx, "CODE_REJECTED", "The connection was not made: " + e.getMessage());
        } finally {
            metrics.counter("sync.connections.oauth.callbacks", "outcome", outcome).increment();
        }
    }

    private void callbackError(Context ctx, String code, String message) {
        LOG.info("OAuth callback refused: {} {}", code, message);
        String accept = ctx.header("Accept");
        if (accept != null && accept.contains("text/html")) {
            ctx.status(400).contentType("text/html; charset=utf-8").result("<!doctype html><html><head><meta charset=utf-8>"
                    + "<title>Connecting monday failed</title><link rel=stylesheet href=/connections/app.css></head><body>"
                    + "<main><h1>Connecting monday failed</h1><p id=callback-error data-code=" + code + ">"
                    + Html.escape(message) + "</p><p><a href=/connections/>Back to the integration page</a></p></main></body></html>");
        } else {
            error(ctx, 400, code, message);
        }
    }

    private void chooseWorkspace(Context ctx) throws Exception {
        String tenant = tenant(ctx);
        JsonNode body = JSON.readTree(ctx.body());
        if (!body.path("workspaceId").canConvertToLong()) {
            throw new ApiProblem(400, "BAD_REQUEST", "workspaceId must be a number (0: the main workspace)");
        }
        ctx.json(flow().chooseWorkspace(tenant, body.get("workspaceId").asLong(), admin(ctx).name()));
    }

    private void publishMappings(Context ctx) {
        String tenant = tenant(ctx);
        MappingService.Published published = mappings.publish(tenant, yaml(ctx), admin(ctx).name());
        metrics.counter("sync.connections.mapping.publishes", "outcome", "published").increment();
        ctx.json(published);
    }

    /** Body (optional): {@code {"entity": "Contact", "dryRun": true}}; answers 202 with the queued run. */
    private void startDriftRun(Context ctx) throws Exception {
        String tenant = tenant(ctx);
        JsonNode body = ctx.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(ctx.body());
        if (!body.isObject()) {
            throw new ApiProblem(400, "BAD_REQUEST", "the body must be a JSON object such as {\"entity\": \"Contact\", \"dryRun\": true}");
        }
        JsonNode entityNode = body.path("entity");
        if (!entityNode.isMissingNode() && !entityNode.isNull() && !(entityNode.isTextual()
                && entityNode.asText().matches("[A-Za-z][A-Za-z0-9_]{0,63}"))) {
            throw new ApiProblem(400, "BAD_REQUEST", "entity must be the name of a mapped entity (Contact, Lead, ...)");
        }
        JsonNode dryRunNode = body.path("dryRun");
        if (!dryRunNode.isMissingNode() && !dryRunNode.isBoolean()) {
            throw new ApiProblem(400, "BAD_REQUEST", "dryRun must be true or false");
        }
        String entity = entityNode.isTextual() ? entityNode.asText() : null;
        boolean dryRun = dryRunNode.asBoolean(false);
        DriftRuns runs = driftRuns();
        DriftRunView run = runs.start(tenant, entity, dryRun, admin(ctx).name());
        Map<String, Object> what = new LinkedHashMap<>();
        what.put("run", run.id());
        what.put("entity", entity == null ? "every mapped board" : entity);
        what.put("dryRun", dryRun);
        audit.record(admin(ctx).name(), tenant, "drift-run.start", what);
        metrics.counter("sync.connections.drift.requests", "dry_run", Boolean.toString(dryRun)).increment();
        ctx.status(202).header("Location", "/connections/api/v1/tenants/" + tenant + "/drift-runs/" + run.id()).json(run);
    }

    private DriftRuns driftRuns() {
        DriftRuns runs = driftRuns == null ? null : driftRuns.get();
        if (runs == null) {
            throw new ApiProblem(503, "DRIFT_NOT_AVAILABLE", "drift repair is not available yet: the pipeline is still"
                    + " starting (try again in a moment), or this server runs without one (use bin/run reconcile)");
        }
        return runs;
    }

    private static String yaml(Context ctx) {
        String body = ctx.body();
        if (body.isBlank()) {
            throw new ApiProblem(400, "BAD_REQUEST", "the body must be the board mapping YAML");
        }
        return body;
    }

    private void requireConnected(String tenant) {
        if (status.status(tenant).state() == com.coeffection.sync.connections.tokens.ConnectionState.NOT_CONNECTED) {
            throw new ApiProblem(409, "NOT_CONNECTED", "tenant " + tenant + " has not connected monday");
        }
    }

    private ConnectFlow flow() {
        if (!oauthConfigured) {
            throw new ApiProblem(503, "OAUTH_NOT_CONFIGURED", "connecting monday needs the app's OAuth settings"
                    + " (MONDAY_OAUTH_CLIENT_ID, MONDAY_OAUTH_CLIENT_SECRET)");
        }
        return flow;
    }

    private static void error(Context ctx, int status, String code, String message) {
        ctx.status(status).json(Map.of("error", code, "message", message == null ? code : message));
    }
}

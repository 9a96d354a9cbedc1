package com.coeffection.sync.monday.standin.oauth;

import com.coeffection.sync.monday.standin.StandInConfig;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The stand-in's OAuth 2 authorization server, as monday's app OAuth behaves for a connecting admin: an authorize
 * screen where a person of the account signs in and approves the requested scopes (authorization code with PKCE
 * S256), the token exchange, token revocation, and a page listing the approved grants with a Revoke button (what
 * happens when the admin who connected leaves the account). An issued token works on the GraphQL API until it
 * expires ({@link OAuthGrants#tokenLifetime}, an hour unless set) or is revoked; then it gets monday's 401. The token
 * answer carries {@code expires_in} and a refresh token, which the {@code refresh_token} grant exchanges once for a
 * new pair (OAuth 2.1).
 *
 * <p>Routes: {@code GET|POST /oauth2/authorize}, {@code POST /oauth2/token}, {@code POST /oauth2/revoke},
 * {@code GET /oauth2/grants} (page), {@code GET /oauth2/grants.json}, {@code POST /oauth2/grants/{id}/revoke}.
 *
 * <p>The stand-in has one registered app: client id {@link #CLIENT_ID}, secret {@link #CLIENT_SECRET}, and it
 * accepts redirect URIs on the loopback host only. Known limit: the API runs every request as the integration user
 * whoever approved the token.
 */
public final class StandInOAuth {
    /** The client id of the stand-in's one registered app. */
    public static final String CLIENT_ID = "standin-app";
    /** Its client secret. */
    public static final String CLIENT_SECRET = "standin-app-secret";
    /** The scopes an app may ask for (monday's names). */
    public static final Set<String> KNOWN_SCOPES = Set.of("account:read", "me:read", "users:read", "boards:read",
            "boards:write", "workspaces:read", "workspaces:write", "webhooks:read", "webhooks:write", "updates:read",
            "updates:write", "docs:read", "docs:write", "teams:read", "tags:read", "assets:read");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final StandInConfig config;
    private final OAuthGrants grants;

    private StandInOAuth(StandInConfig config, Clock clock) {
        this.config = config;
        this.grants = new OAuthGrants(clock);
    }

    /**
     * Serves the OAuth routes on {@code server} and lets tokens issued here work on the {@code api} context.
     *
     * @return the grants (for tests that revoke from code)
     */
    public static OAuthGrants install(HttpServer server, HttpContext api, StandInConfig config, Clock clock) {
        StandInOAuth oauth = new StandInOAuth(config, clock);
        server.createContext("/oauth2/", oauth::handle);
        api.getFilters().add(oauth.apiTokens());
        return oauth.grants;
    }

    /**
     * A live token issued here is presented to the API as the integration's own token; a revoked one as a token
     * monday does not know (401). Other tokens pass unchanged.
     */
    private Filter apiTokens() {
        return new Filter() {
            @Override
            public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
                String given = exchange.getRequestHeaders().getFirst("Authorization");
                var grant = grants.byToken(given);
                if (grant.isEmpty()) {
                    chain.doFilter(exchange);
                } else {
                    boolean works = grant.get().live() && !grant.get().expired(grants.now());
                    chain.doFilter(new AuthorizationSwap(exchange, works ? config.token() : "revoked"));
                }
            }

            @Override
            public String description() {
                return "OAuth tokens issued by the stand-in";
            }
        };
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod().toUpperCase(java.util.Locale.ROOT);
        try {
            if (path.equals("/oauth2/authorize") && method.equals("GET")) {
                authorizeScreen(exchange, query(exchange.getRequestURI()));
            } else if (path.equals("/oauth2/authorize") && method.equals("POST")) {
                decision(exchange, form(exchange));
            } else if (path.equals("/oauth2/token") && method.equals("POST")) {
                token(exchange, form(exchange));
            } else if (path.equals("/oauth2/revoke") && method.equals("POST")) {
                revoke(exchange, form(exchange));
            } else if (path.equals("/oauth2/grants") && method.equals("GET")) {
                send(exchange, 200, "text/html; charset=utf-8", OAuthScreens.grants(grants.grants(), this::userName));
            } else if (path.equals("/oauth2/grants.json") && method.equals("GET")) {
                send(exchange, 200, "application/json", JSON.writeValueAsString(grants.grants().stream()
                        .map(g -> Map.of("id", g.id(), "userId", g.userId(), "scopes", g.scopes(), "live", g.live(),
                                "expires", g.expires().toString()))
                        .toList()));
            } else if (path.startsWith("/oauth2/grants/") && path.endsWith("/revoke") && method.equals("POST")) {
                grants.revokeById(path.substring("/oauth2/grants/".length(), path.length() - "/revoke".length()));
                exchange.getResponseHeaders().set("Location", "/oauth2/grants");
                send(exchange, 303, "text/plain", "");
            } else {
                send(exchange, 404, "application/json", "{\"error\":\"not_found\"}");
            }
        } catch (RuntimeException e) {
            send(exchange, 400, "application/json", error("invalid_request", String.valueOf(e.getMessage())));
        }
    }

    // ------------------------------------------------------------------ authorize

    /** A request that passed the checks that come before any redirect (client and redirect URI). */
    private record AuthorizeRequest(String clientId, URI redirectUri, String state, Set<String> scopes,
                                    String challenge) {
    }

    private AuthorizeRequest checked(HttpExchange exchange, Map<String, String> p) throws IOException {
        if (!CLIENT_ID.equals(p.get("client_id"))) {
            send(exchange, 400, "text/html; charset=utf-8", OAuthScreens.problem("Unknown app: client_id "
                    + p.get("client_id") + " is not registered."));
            return null;
        }
        URI redirect;
        try {
            redirect = URI.create(p.getOrDefault("redirect_uri", ""));
        } catch (IllegalArgumentException e) {
            redirect = null;
        }
        if (redirect == null || !("127.0.0.1".equals(redirect.getHost()) || "localhost".equals(redirect.getHost()))) {
            send(exchange, 400, "text/html; charset=utf-8", OAuthScreens.problem("The redirect_uri is not registered for this app."));
            return null;
        }
        String state = p.get("state");
        Set<String> scopes = new LinkedHashSet<>(Arrays.asList(p.getOrDefault("scope", "").trim().split("[ ,]+")));
        scopes.remove("");
        if (!"code".equals(p.get("response_type"))) {
            redirectError(exchange, redirect, state, "unsupported_response_type", "only the code flow is supported");
            return null;
        }
        if (scopes.isEmpty() || !KNOWN_SCOPES.containsAll(scopes)) {
            redirectError(exchange, redirect, state, "invalid_scope", "unknown scope in " + scopes);
            return null;
        }
        if (p.get("code_challenge") == null || !"S256".equals(p.get("code_challenge_method"))) {
            redirectError(exchange, redirect, state, "invalid_request", "PKCE with code_challenge_method S256 is required");
            return null;
        }
        return new AuthorizeRequest(CLIENT_ID, redirect, state, scopes, p.get("code_challenge"));
    }

    private void authorizeScreen(HttpExchange exchange, Map<String, String> p) throws IOException {
        AuthorizeRequest request = checked(exchange, p);
        if (request != null) {
            send(exchange, 200, "text/html; charset=utf-8", OAuthScreens.consent(p, request.scopes(), users()));
        }
    }

    private void decision(HttpExchange exchange, Map<String, String> p) throws IOException {
        AuthorizeRequest request = checked(exchange, p);
        if (request == null) {
            return;
        }
        if (!"approve".equals(p.get("decision"))) {
            redirectError(exchange, request.redirectUri(), request.state(), "access_denied", "the user denied the request");
            return;
        }
        long userId = Long.parseLong(p.getOrDefault("user_id", "0"));
        if (users().stream().noneMatch(u -> u.id() == userId)) {
            send(exchange, 400, "text/html; charset=utf-8", OAuthScreens.problem("No such person in this account."));
            return;
        }
        String code = grants.newCode(request.clientId(), request.redirectUri().toString(), request.challenge(),
                request.scopes(), userId);
        Map<String, String> back = new LinkedHashMap<>();
        back.put("code", code);
        if (request.state() != null) {
            back.put("state", request.state());
        }
        redirect(exchange, request.redirectUri(), back);
    }

    // ------------------------------------------------------------------ token, revoke

    private void token(HttpExchange exchange, Map<String, String> p) throws IOException {
        if (!clientAuthenticated(exchange, p)) {
            send(exchange, 401, "application/json", error("invalid_client", "unknown client or wrong secret"));
            return;
        }
        String grantType = p.get("grant_type");
        if (!"authorization_code".equals(grantType) && !"refresh_token".equals(grantType)) {
            send(exchange, 400, "application/json", error("unsupported_grant_type",
                    "only authorization_code and refresh_token are supported"));
            return;
        }
        try {
            OAuthGrants.Grant grant = "refresh_token".equals(grantType) ? grants.refresh(p.get("refresh_token"), CLIENT_ID)
                    : grants.exchange(p.get("code"), CLIENT_ID, p.get("redirect_uri"), p.get("code_verifier"));
            ObjectNode body = JSON.createObjectNode()
                    .put("access_token", grant.token())
                    .put("token_type", "Bearer")
                    .put("expires_in", Math.max(1, java.time.Duration.between(grants.now(), grant.expires()).toSeconds()))
                    .put("refresh_token", grant.refreshToken())
                    .put("scope", String.join(" ", grant.scopes()));
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            send(exchange, 200, "application/json", body.toString());
        } catch (OAuthGrants.GrantRefused e) {
            send(exchange, 400, "application/json", error(e.error(), e.getMessage()));
        }
    }

    private void revoke(HttpExchange exchange, Map<String, String> p) throws IOException {
        if (!clientAuthenticated(exchange, p)) {
            send(exchange, 401, "application/json", error("invalid_client", "unknown client or wrong secret"));
            return;
        }
        grants.revokeToken(p.get("token"));
        send(exchange, 200, "application/json", "{}");
    }

    /** client_secret_post or client_secret_basic. */
    private static boolean clientAuthenticated(HttpExchange exchange, Map<String, String> p) {
        String basic = exchange.getRequestHeaders().getFirst("Authorization");
        if (basic != null && basic.regionMatches(true, 0, "Basic ", 0, 6)) {
            String pair = new String(Base64.getDecoder().decode(basic.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = pair.indexOf(':');
            return colon > 0 && CLIENT_ID.equals(decode(pair.substring(0, colon)))
                    && CLIENT_SECRET.equals(decode(pair.substring(colon + 1)));
        }
        return CLIENT_ID.equals(p.get("client_id")) && CLIENT_SECRET.equals(p.get("client_secret"));
    }

    // ------------------------------------------------------------------ helpers

    private List<StandInConfig.User> users() {
        List<StandInConfig.User> all = new java.util.ArrayList<>();
        all.add(config.integrationUser());
        all.addAll(config.users());
        return all;
    }

    private String userName(long id) {
        return users().stream().filter(u -> u.id() == id).map(StandInConfig.User::name).findFirst().orElse("user " + id);
    }

    private static String error(String code, String description) {
        return JSON.createObjectNode().put("error", code).put("error_description", description).toString();
    }

    private static void redirectError(HttpExchange exchange, URI redirect, String state, String error, String description)
            throws IOException {
        Map<String, String> back = new LinkedHashMap<>();
        back.put("error", error);
        back.put("error_description", description);
        if (state != null) {
            back.put("state", state);
        }
        redirect(exchange, redirect, back);
    }

    private static void redirect(HttpExchange exchange, URI to, Map<String, String> params) throws IOException {
        StringBuilder location = new StringBuilder(to.toString()).append(to.getRawQuery() == null ? '?' : '&');
        params.forEach((k, v) -> location.append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)).append('&'));
        location.setLength(location.length() - 1);
        exchange.getResponseHeaders().set("Location", location.toString());
        send(exchange, 302, "text/plain", "");
    }

    private static Map<String, String> query(URI uri) {
        return parse(uri.getRawQuery());
    }

    private static Map<String, String> form(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            return parse(new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8));
        }
    }

    private static Map<String, String> parse(String encoded) {
        Map<String, String> params = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return params;
        }
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            params.putIfAbsent(key, eq < 0 ? "" : decode(pair.substring(eq + 1)));
        }
        return params;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}

package com.coeffection.sync.connections;

import com.coeffection.sync.connections.oauth.OAuthSettings;
import com.coeffection.sync.connections.tokens.TokenCipher;
import com.coeffection.sync.connections.web.AdminTokens;
import com.coeffection.sync.monday.standin.MondayStandIn;
import com.coeffection.sync.monday.standin.StandInConfig;
import com.coeffection.sync.monday.standin.oauth.StandInOAuth;
import com.coeffection.sync.testkit.RealInfra;
import com.coeffection.sync.topics.SyncTopics;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import okhttp3.Cookie;
import okhttp3.CookieJar;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The monday stand-in and a connections server on the shared broker, with admins' browsers as HTTP clients. */
final class ConnectionsHarness implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String ACME_TOKEN = "acme-admin-token";
    static final String GLOBEX_TOKEN = "globex-admin-token";

    final MondayStandIn monday;
    final ConnectionsApp app;
    final SyncTopics topics;
    final Path dataDir;

    ConnectionsHarness(RealInfra infra, Path dataDir) {
        this(infra, dataDir, null);
    }

    /** The same, offering {@code starter} as the board-mapping document of a tenant that has published none. */
    ConnectionsHarness(RealInfra infra, Path dataDir, String starter) {
        this(infra, dataDir, starter, topics(infra));
    }

    /** Fresh topics of the harness's own: mappings, sink outcomes, sync history. */
    static SyncTopics topics(RealInfra infra) {
        return SyncTopics.from(Map.of("TOPIC_BOARD_MAPPINGS", infra.uniqueTopic("mappings", 1),
                "TOPIC_MONDAY_RESULTS", infra.uniqueTopic("results", 1), "TOPIC_HISTORY", infra.uniqueTopic("history", 1)));
    }

    /** The same on {@code topics} (a test that writes to them before the server starts). */
    ConnectionsHarness(RealInfra infra, Path dataDir, String starter, SyncTopics topics) {
        this.dataDir = dataDir;
        monday = MondayStandIn.start(StandInConfig.defaults());
        this.topics = topics;
        int port = freePort();
        ConnectionsConfig config = new ConnectionsConfig("127.0.0.1", port, null, dataDir,
                new TokenCipher(new byte[32]), AdminTokens.of(Map.of("acme", ACME_TOKEN, "globex", GLOBEX_TOKEN)),
                new OAuthSettings(monday.baseUrl().resolve("/oauth2/authorize"), monday.baseUrl().resolve("/oauth2/token"),
                        monday.baseUrl().resolve("/oauth2/revoke"), StandInOAuth.CLIENT_ID, StandInOAuth.CLIENT_SECRET,
                        OAuthSettings.SCOPES),
                monday.apiUrl());
        app = ConnectionsApp.start(config, infra.bootstrapServers(), infra.schemaRegistryUrl(), topics,
                new SimpleMeterRegistry(), null, starter);
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An admin's browser: keeps cookies, does not follow redirects (the test follows them, looking at each). */
    Browser browser() {
        return new Browser();
    }

    final class Browser {
        private final List<Cookie> cookies = new ArrayList<>();
        final OkHttpClient http = new OkHttpClient.Builder().followRedirects(false).cookieJar(new CookieJar() {
            @Override
            public void saveFromResponse(HttpUrl url, List<Cookie> received) {
                received.forEach(c -> {
                    cookies.removeIf(old -> old.name().equals(c.name()));
                    cookies.add(c);
                });
            }

            @Override
            public List<Cookie> loadForRequest(HttpUrl url) {
                return cookies.stream().filter(c -> c.matches(url)).toList();
            }
        }).build();

        Answer signIn(String tenant, String token) {
            return send(new Request.Builder().url(ConnectionsHarness.this.api("/session")).post(json(Map.of("tenant", tenant, "token", token))));
        }

        /** Connect, then approve on the stand-in's screen as {@code userId}: the callback URL monday sends back. */
        String approveOnMonday(String tenant, long userId) {
            Answer connect = send(new Request.Builder().url(ConnectionsHarness.this.api("/tenants/" + tenant + "/monday/connect")).post(json(Map.of())));
            String authorize = connect.json().get("authorizeUrl").asText();
            Answer screen = get(authorize);
            Map<String, String> hidden = hiddenFields(screen.body());
            FormBody.Builder form = new FormBody.Builder();
            hidden.forEach(form::add);
            form.add("user_id", Long.toString(userId)).add("decision", "approve");
            Answer decision = send(new Request.Builder().url(monday.baseUrl().resolve("/oauth2/authorize").toString()).post(form.build()));
            if (decision.status() != 302) {
                throw new IllegalStateException("the stand-in did not redirect: " + decision);
            }
            return decision.location();
        }

        Answer get(String url) {
            return send(new Request.Builder().url(url).get());
        }

        Answer api(String method, String path, RequestBody body) {
            return send(new Request.Builder().url(ConnectionsHarness.this.api(path)).method(method, body));
        }

        Answer send(Request.Builder request) {
            try (Response response = http.newCall(request.build()).execute()) {
                return new Answer(response.code(), response.body() == null ? "" : response.body().string(),
                        response.header("Location"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    public record Answer(int status, String body, String location) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException("not JSON: " + body, e);
            }
        }
    }

    String api(String path) {
        return app.baseUrl() + "/connections/api/v1" + path;
    }

    static RequestBody json(Object value) {
        try {
            return RequestBody.create(JSON.writeValueAsString(value), MediaType.get("application/json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A test resource's text. */
    public static String resource(String name) {
        try (java.io.InputStream in = ConnectionsHarness.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static RequestBody yaml(String text) {
        return RequestBody.create(text, MediaType.get("text/plain"));
    }

    private static Map<String, String> hiddenFields(String html) {
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        Matcher m = Pattern.compile("<input type=hidden name=([a-z_]+) value=\"([^\"]*)\">").matcher(html);
        while (m.find()) {
            fields.put(m.group(1), m.group(2).replace("&amp;", "&").replace("&quot;", "\"").replace("&lt;", "<")
                    .replace("&gt;", ">").replace("&#39;", "'"));
        }
        return fields;
    }

    /** The query parameter {@code name} of a URL. */
    static String param(String url, String name) {
        return HttpUrl.get(URI.create(url).toString()).queryParameter(name);
    }

    @Override
    public void close() {
        app.close();
        monday.close();
    }
}

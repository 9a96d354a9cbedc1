package com.coeffection.sync.connections;

import com.coeffection.sync.connections.account.MondayAccountApi;
import com.coeffection.sync.connections.drift.DriftRuns;
import com.coeffection.sync.connections.mappings.AuditLog;
import com.coeffection.sync.connections.mappings.BoardChoices;
import com.coeffection.sync.connections.mappings.MappingService;
import com.coeffection.sync.connections.oauth.MondayOAuthClient;
import com.coeffection.sync.connections.oauth.PendingAuthorizations;
import com.coeffection.sync.connections.status.HistoryErrors;
import com.coeffection.sync.connections.status.SinkOutcomes;
import com.coeffection.sync.connections.status.StatusService;
import com.coeffection.sync.connections.status.SyncActivity;
import com.coeffection.sync.connections.status.TopicFollower;
import com.coeffection.sync.connections.tokens.ConnectionStore;
import com.coeffection.sync.connections.tokens.FreshTokens;
import com.coeffection.sync.connections.tokens.StoredTokens;
import com.coeffection.sync.connections.web.ConnectionsApi;
import com.coeffection.sync.connections.web.Sessions;
import com.coeffection.sync.monday.tokens.TokenProvider;
import com.coeffection.sync.processor.mapping.MappingPublisher;
import com.coeffection.sync.schema.MondayCommandResult;
import com.coeffection.sync.schema.SyncHistoryEntry;
import com.coeffection.sync.topics.SyncTopics;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.coeffection.sync.connections.web.Admin;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.ExceptionHandler;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The connections part: the integration page and its admin API (connect monday through OAuth, pick the workspace,
 * status, disconnect, board mappings), the encrypted token store the monday sink reads, and the watcher of the
 * sink's outcomes and of the sync history that keep each tenant's status (last sync, recent errors).
 */
public final class ConnectionsApp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionsApp.class);

    private final ConnectionsConfig config;
    private final ConnectionStore store;
    private final FreshTokens fresh;
    /** How far back the status reads the sink's outcomes and the sync history when the server starts. */
    static final Duration STATUS_LOOKBACK = Duration.ofHours(24);

    private final TopicFollower<MondayCommandResult> watcher;
    private final TopicFollower<SyncHistoryEntry> history;
    private final MappingPublisher publisher;
    private final ConnectionsApi api;
    private final AtomicReference<DriftRuns> driftRuns = new AtomicReference<>();
    private final AtomicReference<URI> served = new AtomicReference<>();
    /** Its own server, when it is served alone; null when served beside another page or not at all. */
    private Javalin http;

    private ConnectionsApp(ConnectionsConfig config, String bootstrapServers, String registryUrl, SyncTopics topics,
                           MeterRegistry metrics, MappingService.MappingTarget target, String starter, Clock clock) {
        this.config = config;
        this.store = new ConnectionStore(config.dataDir().resolve("tenants"), config.cipher(), clock);
        SyncActivity activity = new SyncActivity();
        this.watcher = new TopicFollower<>(bootstrapServers, registryUrl, topics.mondayResults(), MondayCommandResult.class,
                new SinkOutcomes(store, activity)::apply, STATUS_LOOKBACK, clock);
        this.history = new TopicFollower<>(bootstrapServers, registryUrl, topics.history(), SyncHistoryEntry.class,
                new HistoryErrors(activity)::apply, STATUS_LOOKBACK, clock);
        MondayAccountApi monday = new MondayAccountApi(config.mondayApiUrl());
        MondayOAuthClient oauthClient = config.oauth() == null ? null
                : new MondayOAuthClient(config.oauth(), () -> URI.create(redirectBase() + "/connections/oauth/callback"));
        this.fresh = new FreshTokens(store, oauthClient == null ? null : oauthClient::refresh, clock, metrics);
        StatusService status = new StatusService(store, activity, monday, fresh);
        AuditLog audit = new AuditLog(config.dataDir().resolve("audit.jsonl"), clock);
        if (target == null) {
            this.publisher = new MappingPublisher(bootstrapServers, registryUrl, topics, clock);
            target = (tenant, mappings, warnings) -> publisher.publish(tenant, mappings, warnings).keys();
        } else {
            this.publisher = null;
        }
        MappingService mappings = new MappingService(target, audit, config.dataDir().resolve("mappings"), clock);
        ConnectFlow flow = null;
        if (config.oauth() != null) {
            flow = new ConnectFlow(new PendingAuthorizations(clock), oauthClient, monday, store, status, audit);
        }
        this.api = new ConnectionsApi(config.admins(), new Sessions(clock), flow, status, mappings,
                new BoardChoices(mappings, status, starter), audit, metrics, driftRuns::get);
    }

    /** The integration page's static files ({@code /connections/}), for the server that serves it. */
    public void configureWeb(JavalinConfig cfg) {
        cfg.staticFiles.add(s -> {
            s.hostedPath = "/connections";
            s.directory = "/connections-ui";
            s.location = Location.CLASSPATH;
        });
    }

    /**
     * The integration page's API and {@code /connections/health}, on {@code http}; a failure of a route outside
     * {@code /connections} that reaches one of this API's general exception handlers is answered by
     * {@code otherPaths} (the host server's own way).
     */
    public void routes(Javalin http, ExceptionHandler<Exception> otherPaths) {
        api.routes(http, otherPaths);
        http.get("/connections/health", this::health);
    }

    private void health(Context ctx) {
        boolean up = watcher.running() && history.running();
        ctx.status(up ? 200 : 503).json(Map.of("status", up ? "UP" : "DOWN", "resultsWatcher", watcher.running(),
                "historyWatcher", history.running()));
    }

    /** The tenant whose admin token this is, if it is one (for a server that shares the sign-in). */
    public Optional<String> adminTenant(String token) {
        return config.admins().admin(token).map(Admin::tenant);
    }

    /** Tells where the page is served ({@code http://host:port}), for the OAuth callback and {@link #baseUrl()}. */
    public void servedAt(String baseUrl) {
        served.set(URI.create(baseUrl.replaceAll("/$", "")));
    }

    private String redirectBase() {
        return config.publicUrl() != null ? config.publicUrl().toString().replaceAll("/$", "") : baseUrl().toString();
    }

    /**
     * Starts it on a server of its own ({@link #serveAlone()}) and follows the sink's outcomes and the history.
     *
     * @param target where published mappings go; null: straight to the mappings topic
     */
    public static ConnectionsApp start(ConnectionsConfig config, String bootstrapServers, String registryUrl,
                                       SyncTopics topics, MeterRegistry metrics,
                                       MappingService.MappingTarget target) {
        return start(config, bootstrapServers, registryUrl, topics, metrics, target, null);
    }

    /**
     * Starts it on a server of its own ({@link #serveAlone()}) and follows the sink's outcomes and the history.
     *
     * @param target  where published mappings go; null: straight to the mappings topic
     * @param starter the board-mapping document offered to a tenant that has published none (its tenant replaced),
     *                whose entities get the board buttons; null: none
     */
    public static ConnectionsApp start(ConnectionsConfig config, String bootstrapServers, String registryUrl,
                                       SyncTopics topics, MeterRegistry metrics,
                                       MappingService.MappingTarget target, String starter) {
        ConnectionsApp app = create(config, bootstrapServers, registryUrl, topics, metrics, target, starter);
        try {
            app.serveAlone();
            app.startFollowing();
            LOG.info("Connections page at {}/connections/ ({})", app.baseUrl(), config);
            return app;
        } catch (RuntimeException e) {
            app.close();
            throw e;
        }
    }

    /**
     * Makes the connections part without serving it: the token store, the mappings and the status services. Call
     * {@link #startFollowing()}, then serve it on another server ({@link #configureWeb}, {@link #routes},
     * {@link #servedAt}) or on its own ({@link #serveAlone()}).
     */
    public static ConnectionsApp create(ConnectionsConfig config, String bootstrapServers, String registryUrl,
                                        SyncTopics topics, MeterRegistry metrics,
                                        MappingService.MappingTarget target, String starter) {
        return new ConnectionsApp(config, bootstrapServers, registryUrl, topics, metrics, target, starter,
                Clock.systemUTC());
    }

    /** Starts following the sink's outcomes and the sync history (the status of each tenant). */
    public ConnectionsApp startFollowing() {
        watcher.start();
        history.start();
        return this;
    }

    /** Serves the page on a server of its own, at CONNECTIONS_HOST:CONNECTIONS_PORT, with {@code /health} too. */
    public synchronized ConnectionsApp serveAlone() {
        Javalin server = Javalin.create(cfg -> {
            cfg.showJavalinBanner = false;
            // times as ISO-8601 text ("2026-12-03T13:29:30.954Z"), as the page shows them
            cfg.jsonMapper(new JavalinJackson(new ObjectMapper().registerModule(new JavaTimeModule())
                    .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS), false));
            cfg.startupWatcherEnabled = false;
            configureWeb(cfg);
        });
        routes(server, (e, ctx) -> ctx.status(500).json(Map.of("error", "INTERNAL", "message", "the request failed")));
        server.get("/health", this::health);
        this.http = server;
        server.start(config.host(), config.port());
        servedAt("http://" + config.host() + ":" + server.port());
        return this;
    }

    /** The token source for the monday sink: stored tokens of connected tenants, {@code otherwise} for the rest. */
    public TokenProvider tokens(TokenProvider otherwise) {
        return new StoredTokens(store, fresh, otherwise);
    }

    /** Serves the on-demand drift runs of the admin API from {@code runs} (the pipeline's, once it has started). */
    public void attachDriftRuns(DriftRuns runs) {
        driftRuns.set(runs);
    }

    /** The port the page is served on (its own server's, or the server it is served beside). */
    public int port() {
        return baseUrl().getPort();
    }

    /** Where the page is served ({@code http://host:port}); before it is, where its own server would listen. */
    public URI baseUrl() {
        URI at = served.get();
        return at != null ? at : URI.create("http://" + config.host() + ":" + config.port());
    }

    public ConnectionsConfig config() {
        return config;
    }

    @Override
    public void close() {
        if (http != null) {
            http.stop();
        }
        watcher.close();
        history.close();
        if (publisher != null) {
            publisher.close();
        }
    }
}

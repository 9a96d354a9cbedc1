package com.coeffection.sync.history;

import com.coeffection.sync.history.api.HistoryApi;
import com.coeffection.sync.history.deadletters.Replayer;
import com.coeffection.sync.history.query.HistoryQueries;
import com.coeffection.sync.history.query.LocalHistory;
import com.coeffection.sync.history.query.PeerClient;
import com.coeffection.sync.history.retry.ControlPublisher;
import com.coeffection.sync.history.retry.RetryService;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * history-sink as a runnable part: the history topology (Kafka Streams, exactly-once) and, on the same port, the
 * history API, the Sync History page ({@code /history/}), {@code /health} and {@code /metrics}. Several instances
 * with the same application id share the work; any of them answers any query.
 */
public final class HistoryApp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HistoryApp.class);

    private final HistoryConfig config;
    private final MeterRegistry meters;
    private final HistoryMetrics metrics;
    private KafkaStreams streams;
    private KafkaStreamsMetrics streamsMetrics;
    private Javalin http;
    private ControlPublisher publisher;
    private Replayer replayer;
    private ScheduledExecutorService census;
    private int port;
    private final List<String> routes = new java.util.concurrent.CopyOnWriteArrayList<>();
    private WebExtension extension;

    /**
     * More pages served by the history's web server, with the same sign-in: the integration page of the admins in
     * the whole pipeline. Its admin tokens also open their own tenant's history.
     */
    public interface WebExtension {
        /** Static files and other settings, before the server is made. */
        void configure(JavalinConfig config);

        /**
         * Its routes, added after the history's. {@code otherPaths} answers a failure of the history's own routes,
         * for an exception type the extension handles on its own paths.
         */
        void routes(Javalin http, UnexpectedFailure otherPaths);

        /** The tenant of an admin token of the extension, if it is one. */
        Optional<String> adminTenant(String token);

        /** Called once the server listens, with its base address ({@code http://host:port}). */
        void servedAt(String baseUrl);
    }

    /** How the history answers an exception nobody else handles. */
    @FunctionalInterface
    public interface UnexpectedFailure {
        void handle(Exception e, Context ctx);
    }

    /** Serves {@code extension} beside the history (call before {@link #start()}). */
    public synchronized HistoryApp withWeb(WebExtension extension) {
        this.extension = extension;
        return this;
    }

    public HistoryApp(HistoryConfig config, MeterRegistry meters) {
        this.config = config;
        this.meters = meters;
        this.metrics = new HistoryMetrics(meters);
    }

    public synchronized HistoryApp start() {
        port = config.port() == 0 ? freePort() : config.port();
        HistorySerdes serdes = HistorySerdes.forRegistry(config.registryUrl());
        ensureMarksTopic();
        StreamsBuilder builder = HistoryTopology.build(new StreamsBuilder(), config, serdes, metrics);
        streams = new KafkaStreams(builder.build(), config.streamsProperties(port));
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("History stream thread failed; replacing it: {}", e.toString(), e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(meters);
        HostInfo self = new HostInfo(config.host(), port);
        LocalHistory local = new LocalHistory(streams, self, serdes);
        HistoryQueries queries = new HistoryQueries(streams, self, local, new PeerClient());
        publisher = new ControlPublisher(config.bootstrapServers(), serdes, config.topics().control());
        replayer = new Replayer(config.bootstrapServers(), config.applicationId() + "-replayer-" + config.host() + "-" + port,
                local, config.replayMarksTopic(), metrics);
        Clock clock = Clock.systemUTC();
        var tokens = extension == null ? config.tokens() : config.tokens().withAdmins(extension::adminTenant);
        HistoryApi api = new HistoryApi(tokens, queries, new RetryService(publisher, metrics, clock), replayer, clock);
        http = Javalin.create(cfg -> {
            cfg.showJavalinBanner = false;
            cfg.startupWatcherEnabled = false;
            cfg.jsonMapper(new JavalinJackson(PeerClient.JSON, false));
            cfg.events(events -> events.handlerAdded(h -> routes.add(h.getHttpMethod().name() + " " + h.getPath())));
            cfg.staticFiles.add(s -> {
                s.hostedPath = "/history";
                s.directory = "/history-ui";
                s.location = Location.CLASSPATH;
            });
            if (extension != null) {
                extension.configure(cfg);
            }
        });
        api.routes(http);
        if (extension != null) {
            extension.routes(http, HistoryApi::unexpected);
        }
        http.get("/", ctx -> ctx.redirect("/history/"));
        http.get("/health", ctx -> {
            boolean up = running();
            ctx.status(up ? 200 : 503).json(Map.of("status", up ? "UP" : "DOWN", "streams", state().name()));
        });
        http.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(scrape()));
        streams.start();
        http.start(config.host(), port);
        if (extension != null) {
            extension.servedAt(baseUrl());
        }
        census = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "history-census");
            t.setDaemon(true);
            return t;
        });
        census.scheduleWithFixedDelay(() -> {
            try {
                if (running()) {
                    LocalHistory.Census c = local.census();
                    metrics.gauges(c.entries(), c.deadLetters());
                }
            } catch (RuntimeException e) {
                LOG.debug("History gauges not updated this time: {}", e.toString());
            }
        }, 1, 15, TimeUnit.SECONDS);
        LOG.info("history-sink started ({}); Sync History page at {}", config, pageUrl());
        return this;
    }

    private String scrape() {
        if (meters instanceof PrometheusMeterRegistry p) {
            return p.scrape();
        }
        if (meters instanceof io.micrometer.core.instrument.composite.CompositeMeterRegistry c) {
            for (MeterRegistry r : c.getRegistries()) {
                if (r instanceof PrometheusMeterRegistry p) {
                    return p.scrape();
                }
            }
        }
        return "";
    }

    /** Creates the replay-marks topic (compacted, as many partitions as the dead-letter topic) when missing. */
    private void ensureMarksTopic() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers()))) {
            int partitions = admin.describeTopics(List.of(config.topics().deadLetters())).allTopicNames()
                    .get(30, TimeUnit.SECONDS).get(config.topics().deadLetters()).partitions().size();
            try {
                admin.createTopics(List.of(new NewTopic(config.replayMarksTopic(), partitions, (short) -1)
                        .configs(Map.of("cleanup.policy", "compact")))).all().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while preparing history-sink's topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("history-sink cannot prepare its topics on " + config.bootstrapServers()
                    + " (the dead-letter topic " + config.topics().deadLetters() + " must exist): " + e.getMessage(), e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The port of the instance that owns a record's entries (from the streams metadata), or -1 while unknown. */
    public int ownerPort(String tenant, String entityType, String recordId) {
        var owner = streams.queryMetadataForKey(com.coeffection.sync.history.merge.HistoryStores.ENTRIES,
                tenant + ":" + entityType + ":" + recordId, new org.apache.kafka.common.serialization.StringSerializer());
        return owner == null || owner.activeHost() == null ? -1 : owner.activeHost().port();
    }

    /** Every route this instance's web server serves, as {@code "GET /path/{param}"}, in the order registered. */
    public List<String> routes() {
        return List.copyOf(routes);
    }

    public int port() {
        return port;
    }

    /** The address of the Sync History page. */
    public String pageUrl() {
        return "http://" + config.host() + ":" + port + "/history/";
    }

    public String baseUrl() {
        return "http://" + config.host() + ":" + port;
    }

    public synchronized KafkaStreams.State state() {
        return streams == null ? KafkaStreams.State.CREATED : streams.state();
    }

    public boolean running() {
        return state() == KafkaStreams.State.RUNNING;
    }

    @Override
    public synchronized void close() {
        if (census != null) {
            census.shutdownNow();
        }
        if (http != null) {
            http.stop();
            http = null;
        }
        if (streams != null) {
            streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                    .withTimeout(Duration.ofSeconds(30)));
            streamsMetrics.close();
            streams = null;
        }
        if (replayer != null) {
            replayer.close();
        }
        if (publisher != null) {
            publisher.close();
        }
    }
}

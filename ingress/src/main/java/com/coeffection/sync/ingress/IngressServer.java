package com.coeffection.sync.ingress;

import com.coeffection.sync.ingress.IngressMetrics.Outcome;
import com.coeffection.sync.ingress.IngressMetrics.Source;
import com.coeffection.sync.ingress.coeffection.BoardMappingCatalog;
import com.coeffection.sync.ingress.coeffection.CoeffectionSignature;
import com.coeffection.sync.ingress.coeffection.CoeffectionWebhookRoute;
import com.coeffection.sync.ingress.delivery.DeadLetterKeeper;
import com.coeffection.sync.ingress.delivery.DurableWriter;
import com.coeffection.sync.ingress.delivery.KafkaUnavailableException;
import com.coeffection.sync.ingress.delivery.RecentDeliveries;
import com.coeffection.sync.ingress.http.BoundedBody;
import com.coeffection.sync.ingress.http.RefusalLog;
import com.coeffection.sync.ingress.http.RouteResult;
import com.coeffection.sync.ingress.http.WebhookAnswer;
import com.coeffection.sync.ingress.monday.MondayWebhookRoute;
import com.coeffection.sync.schema.DeadLetter;
import com.coeffection.sync.schema.MondayItemEvent;
import com.coeffection.sync.schema.RecordChange;
import com.coeffection.sync.serde.SchemaRegistryClient;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import okhttp3.OkHttpClient;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The webhook ingress: an HTTP server (Javalin on Jetty) that takes monday and Coeffection webhooks and writes them
 * to Kafka, acknowledging a delivery only once Kafka has it.
 * <ul>
 *   <li>{@code POST /webhooks/monday/{tenant}}: see {@link MondayWebhookRoute}</li>
 *   <li>{@code POST /webhooks/coeffection/{tenant}}: see {@link CoeffectionWebhookRoute}</li>
 *   <li>{@code GET /health}: 200 when Kafka answers, 503 when it does not</li>
 *   <li>{@code GET /metrics}: the Prometheus text of the meter registry given to the constructor</li>
 * </ul>
 * A body over the size limit gets 413; a body that is not JSON, or misses required fields, gets 400 and is kept in
 * the dead-letter topic; a delivery Kafka cannot take in time gets 503 so that its sender retries.
 */
public final class IngressServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(IngressServer.class);
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final IngressConfig config;
    private final MeterRegistry meters;
    private final IngressMetrics metrics;
    private final SchemaRegistryClient registry;
    private final DurableWriter writer;
    private final RecentDeliveries recent;
    private final BoardMappingCatalog mappings;
    private final KafkaReadiness readiness;
    private final MondayWebhookRoute monday;
    private final CoeffectionWebhookRoute coeffection;
    private final ExecutorService answerer;
    private final RefusalLog refusals;
    private final ScheduledExecutorService refusalFlush = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ingress-refusal-log");
        t.setDaemon(true);
        return t;
    });
    private final Javalin http;
    private volatile boolean started;
    private volatile boolean closing;
    private final AtomicInteger inFlight = new AtomicInteger();

    /**
     * Builds the ingress; nothing listens until {@link #start()}.
     *
     * @param meters the process's meter registry; {@code /metrics} serves it when it is (or contains) a
     *               {@link PrometheusMeterRegistry}
     */
    public IngressServer(IngressConfig config, MeterRegistry meters) {
        this(config, meters, com.coeffection.sync.ingress.monday.MondayPeople.NONE);
    }

    /** @param people resolves the people of monday webhooks to emails (see {@code MondayPeopleResolver}) */
    public IngressServer(IngressConfig config, MeterRegistry meters, com.coeffection.sync.ingress.monday.MondayPeople people) {
        this.config = config;
        this.meters = meters;
        this.metrics = new IngressMetrics(meters);
        // bounded like a Kafka write, so a hanging registry cannot hold a delivery longer than Kafka could
        this.registry = new SchemaRegistryClient(config.schemaRegistryUrl(), new OkHttpClient.Builder()
                .connectTimeout(Duration.ofSeconds(2))
                .callTimeout(config.kafkaWriteTimeout())
                .build());
        this.writer = new DurableWriter(config.bootstrapServers(), registry, config.kafkaWriteTimeout(), meters);
        this.recent = new RecentDeliveries(config.dedupWindow(), config.dedupMaxEntries());
        this.mappings = new BoardMappingCatalog(config.bootstrapServers(), config.topics().boardMappings(), registry);
        this.readiness = new KafkaReadiness(config.bootstrapServers());
        DeadLetterKeeper keeper = new DeadLetterKeeper(writer, recent, config.topics().deadLetters(), metrics);
        this.refusals = new RefusalLog(meters);
        this.monday = new MondayWebhookRoute(config.mondaySigningSecret(), writer, recent, keeper, config.topics().itemEvents(),
                refusals, people, config.topics().historyEvents());
        this.coeffection = new CoeffectionWebhookRoute(config.coeffectionSecret(), config.signatureTolerance(), mappings,
                writer, recent, keeper, config.topics().recordChanges(), metrics, refusals);
        AtomicInteger answerThreads = new AtomicInteger();
        this.answerer = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "ingress-answer-" + answerThreads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        Gauge.builder("ingress.dedup.entries", recent, RecentDeliveries::size)
                .description("Delivery ids remembered for de-duplication").register(meters);
        Gauge.builder("ingress.kafka.ready", readiness, r -> r.last().reachable() ? 1 : 0)
                .description("1 when Kafka answered the last readiness check").register(meters);
        Gauge.builder("ingress.in.flight", inFlight, AtomicInteger::get)
                .description("Deliveries received and not answered yet").register(meters);
        this.http = Javalin.create(cfg -> {
            cfg.showJavalinBanner = false;
            cfg.startupWatcherEnabled = false;
            cfg.http.maxRequestSize = config.maxBodyBytes();
            cfg.http.disableCompression();
            QueuedThreadPool pool = new QueuedThreadPool(200, 8, 60_000);
            pool.setName("ingress-http");
            cfg.jetty.threadPool = pool;
        });
        http.post("/webhooks/monday/{tenant}", ctx -> receive(ctx, Source.MONDAY));
        http.post("/webhooks/coeffection/{tenant}", ctx -> receive(ctx, Source.COEFFECTION));
        http.get("/health", this::health);
        http.get("/metrics", this::scrape);
        http.exception(Exception.class, (e, ctx) -> {
            log.error("Unexpected failure answering {} {}", ctx.method(), ctx.path(), e);
            write(ctx, WebhookAnswer.error(500, "INTERNAL_ERROR", "The ingress failed unexpectedly: "
                    + e.getClass().getSimpleName() + "; see the ingress log", Map.of()));
        });
    }

    /**
     * Registers the value schemas, reads the board mappings (up to the configured wait) and starts listening.
     * Kafka or the registry being down does not stop the start: deliveries get 503 until they are back.
     */
    public synchronized IngressServer start() {
        if (started) {
            return this;
        }
        prepareSchemas();
        mappings.start();
        if (!mappings.awaitCaughtUp(config.mappingCatchUpTimeout())) {
            log.warn("Board mappings on {} not read within {} s; Coeffection fields are typed from JSON until they are",
                    config.topics().boardMappings(), config.mappingCatchUpTimeout().toSeconds());
        }
        http.start(config.host(), config.port());
        refusalFlush.scheduleWithFixedDelay(refusals::flush, 10, 10, TimeUnit.SECONDS);
        started = true;
        log.info("Webhook ingress listening on {}:{} ({})", config.host(), port(), config);
        if (config.mondaySigningSecret().isEmpty()) {
            log.warn("MONDAY_SIGNING_SECRET is not set: monday deliveries are accepted without a JWT");
        }
        if (config.coeffectionSecret().isEmpty()) {
            log.warn("COEFFECTION_WEBHOOK_SECRET is not set: every Coeffection delivery is refused with 401");
        }
        return this;
    }

    private void prepareSchemas() {
        try {
            writer.prepare(config.topics().itemEvents(), MondayItemEvent.class);
            writer.prepare(config.topics().recordChanges(), RecordChange.class);
            writer.prepare(config.topics().deadLetters(), DeadLetter.class);
            writer.prepare(config.topics().historyEvents(), com.coeffection.sync.schema.SyncHistoryEntry.class);
        } catch (RuntimeException e) {
            log.warn("Cannot register the value schemas now ({}); the first deliveries will try again", e.getMessage());
        }
    }

    /** The port the server listens on (the chosen one when the configured port is 0). */
    /**
     * The Coeffection field types the ingress currently knows for one tenant's entity type, from the board mappings
     * it has read (empty while it has none); lets a caller that just published a mapping wait until it is in use.
     */
    public Map<String, String> knownFieldTypes(String tenantId, String entityType) {
        return mappings.fieldTypes(tenantId, entityType);
    }

    public int port() {
        return http.port();
    }

    /** The configuration this server runs with. */
    public IngressConfig config() {
        return config;
    }

    /** Deliveries received and not answered yet. */
    public int deliveriesInFlight() {
        return inFlight.get();
    }

    /** Whether Kafka answered a readiness check now (or within the last second). */
    public boolean kafkaReachable() {
        return readiness.check().reachable();
    }

    private void receive(Context ctx, Source source) {
        long start = System.nanoTime();
        if (closing) {
            metrics.answered(source, Outcome.KAFKA_UNAVAILABLE, start);
            write(ctx, WebhookAnswer.kafkaUnavailable("The ingress is shutting down; nothing was written, please retry"));
            return;
        }
        inFlight.incrementAndGet();
        String tenant = ctx.pathParam("tenant");
        byte[] body;
        try {
            body = BoundedBody.read(ctx.req().getInputStream(), ctx.req().getContentLengthLong(), config.maxBodyBytes());
        } catch (BoundedBody.TooLargeException e) {
            inFlight.decrementAndGet();
            metrics.answered(source, Outcome.TOO_LARGE, start);
            refusals.refused(new RefusalLog.Cause(source.name().toLowerCase(), 413, "BODY_TOO_LARGE", Tenants.forLog(tenant)),
                    "the body is larger than " + e.limit() + " bytes (INGRESS_MAX_BODY_BYTES)");
            write(ctx, WebhookAnswer.error(413, "BODY_TOO_LARGE", "The body is larger than this ingress accepts ("
                    + e.limit() + " bytes, INGRESS_MAX_BODY_BYTES)", Map.of()));
            return;
        } catch (IOException e) {
            inFlight.decrementAndGet();
            metrics.answered(source, Outcome.BAD_INPUT, start);
            write(ctx, WebhookAnswer.error(400, "UNREADABLE_BODY", "The body could not be read: " + e.getMessage(), Map.of()));
            return;
        }
        CompletableFuture<RouteResult> handled;
        try {
            handled = source == Source.MONDAY
                    ? monday.handle(tenant, body, ctx.header("Authorization"))
                    : coeffection.handle(tenant, body, ctx.header(CoeffectionSignature.SIGNATURE_HEADER),
                    ctx.header(CoeffectionSignature.TIMESTAMP_HEADER));
        } catch (RuntimeException e) {
            handled = CompletableFuture.failedFuture(e);
        }
        // a safety bound beyond the producer's own delivery timeout, so no request can hang
        long boundMillis = config.kafkaWriteTimeout().toMillis() + 5_000;
        CompletableFuture<Void> answered = handled
                .orTimeout(boundMillis, TimeUnit.MILLISECONDS)
                .exceptionally(error -> failure(source, tenant, error))
                .thenAcceptAsync(result -> {
                    try {
                        metrics.answered(source, result.outcome(), start);
                        write(ctx, result.answer());
                    } finally {
                        inFlight.decrementAndGet();
                    }
                }, answerer);
        ctx.future(() -> answered);
    }

    private RouteResult failure(Source source, String tenant, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof KafkaUnavailableException || cause instanceof TimeoutException) {
            refusals.refused(new RefusalLog.Cause(source.name().toLowerCase(), 503, "KAFKA_UNAVAILABLE", Tenants.forLog(tenant)),
                    String.valueOf(cause.getMessage()));
            return new RouteResult(Outcome.KAFKA_UNAVAILABLE, WebhookAnswer.kafkaUnavailable(
                    "Kafka did not acknowledge the delivery in time; nothing was acknowledged, please retry"));
        }
        log.error("Unexpected failure handling a {} delivery", source.name().toLowerCase(), cause);
        return new RouteResult(Outcome.ERROR, WebhookAnswer.error(503, "INGRESS_ERROR",
                "The ingress could not handle the delivery (" + cause.getClass().getSimpleName() + "); please retry",
                Map.of()));
    }

    private void health(Context ctx) {
        KafkaReadiness.State state = readiness.check();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", state.reachable() ? "UP" : "DOWN");
        body.put("kafka", state.reachable() ? "reachable" : "unreachable");
        if (state.reachable()) {
            body.put("brokers", state.brokers());
        } else {
            body.put("problem", state.problem());
        }
        body.put("dedupEntries", recent.size());
        write(ctx, WebhookAnswer.of(state.reachable() ? 200 : 503, body));
    }

    private void scrape(Context ctx) {
        Optional<PrometheusMeterRegistry> prometheus = prometheus(meters);
        if (prometheus.isEmpty()) {
            write(ctx, WebhookAnswer.error(404, "NO_PROMETHEUS_REGISTRY",
                    "The meter registry given to the ingress is not a Prometheus registry", Map.of()));
            return;
        }
        ctx.status(200).contentType(PROMETHEUS_TEXT).result(prometheus.get().scrape());
    }

    private static Optional<PrometheusMeterRegistry> prometheus(MeterRegistry registry) {
        if (registry instanceof PrometheusMeterRegistry p) {
            return Optional.of(p);
        }
        if (registry instanceof CompositeMeterRegistry composite) {
            for (MeterRegistry member : composite.getRegistries()) {
                Optional<PrometheusMeterRegistry> found = prometheus(member);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    private static void write(Context ctx, WebhookAnswer answer) {
        answer.headers().forEach(ctx::header);
        ctx.status(answer.status()).contentType("application/json").result(WebhookJson.write(answer.body()));
    }

    /**
     * Stops: new deliveries are answered 503, those already being written get their answer (within the write
     * timeout), then the server stops listening and the producer and readers close.
     */
    @Override
    public synchronized void close() {
        // new deliveries get 503 (their senders retry); those being written get their answer first
        closing = true;
        long deadline = System.nanoTime() + config.kafkaWriteTimeout().plusSeconds(1).toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        try {
            http.stop();
        } finally {
            answerer.shutdown();
            refusalFlush.shutdownNow();
            refusals.flush();
            try {
                answerer.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            mappings.close();
            readiness.close();
            writer.close();
            started = false;
        }
    }
}

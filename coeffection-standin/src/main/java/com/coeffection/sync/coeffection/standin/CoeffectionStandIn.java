package com.coeffection.sync.coeffection.standin;

import com.coeffection.sync.serde.SchemaRegistryClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A local Coeffection for the embedded default and the tests: its REST API ({@link ApiRoutes}), its outbound signed
 * webhooks for every change ({@link WebhookSender}), the Coeffection service that applies the sync's record updates
 * ({@link RecordUpdateApplier}, when Kafka is configured), a demo data set, and for people a page at {@code /} that
 * lists the records and edits them (an edit there is a person's edit: it sends the webhook a real one would).
 *
 * <p>Besides the API it serves {@code GET /standin/state} (every record, webhook and update counts, as JSON) and
 * the page's own routes under {@code /standin/records}.
 */
public final class CoeffectionStandIn implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CoeffectionStandIn.class);
    /** Who edits through the stand-in's page. */
    static final RecordStore.Actor PAGE_USER = new RecordStore.Actor("USER", "usr_demo", "Dana Demo", "dana@coeffection.example");

    private final CoeffectionStandInConfig config;
    private final Clock clock;
    private final ObjectMapper mapper = new ObjectMapper();
    private final RecordStore store;
    private final WebhookSender webhooks;
    private final Javalin http;
    private RecordUpdateApplier updates;

    public CoeffectionStandIn(CoeffectionStandInConfig config) {
        this(config, Clock.systemUTC());
    }

    public CoeffectionStandIn(CoeffectionStandInConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.store = new RecordStore(clock);
        this.webhooks = new WebhookSender(clock, config.webhookThreads(), config.webhookAttempts(), config.webhookFirstRetry());
        ApiKey key = new ApiKey(config.apiKey(), config.tenantId(), config.plan());
        ApiRoutes api = new ApiRoutes(store, webhooks, new RateLimiter(clock), Map.of(key.key(), key));
        this.http = Javalin.create(cfg -> cfg.showJavalinBanner = false);
        http.exception(ApiError.class, (e, ctx) -> {
            e.headers().forEach(ctx::header);
            ctx.status(e.status()).json(Map.of("error", Map.of("code", e.code(), "message", e.getMessage())));
        });
        api.register(http);
        http.get("/standin/state", ctx -> ctx.json(state()));
        http.get("/standin/records/{tenant}/{entity}", ctx -> ctx.json(Map.of("data",
                store.list(ctx.pathParam("tenant"), Entities.typeOfPath(ctx.pathParam("entity")), 0, Integer.MAX_VALUE,
                        r -> true).records())));
        http.patch("/standin/records/{tenant}/{entity}/{id}", this::pageEdit);
        http.get("/", ctx -> ctx.contentType("text/html; charset=utf-8").result(page()));
    }

    /** Starts serving: loads the demo data (before any webhook subscription, so it sends none), subscribes. */
    public CoeffectionStandIn start() {
        DemoData.Size demo = config.demo();
        if (demo.contacts() + demo.leads() + demo.opportunities() > 0) {
            DemoData.load(store, config.tenantId(), demo, clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS), 42);
            log.info("Demo data loaded for tenant {}: {} contacts, {} leads, {} opportunities", config.tenantId(),
                    demo.contacts(), demo.leads(), demo.opportunities());
        }
        store.onChange(webhooks::send);
        config.webhookUrl().ifPresent(url -> webhooks.subscribe(config.tenantId(), url, config.webhookSecret().orElse(null)));
        if (config.bootstrapServers().isPresent() && config.schemaRegistryUrl().isPresent()) {
            updates = new RecordUpdateApplier(config.bootstrapServers().get(),
                    new SchemaRegistryClient(config.schemaRegistryUrl().get()), config.recordUpdatesTopic(),
                    config.consumerGroup(), store).start();
        }
        http.start(config.host(), config.port());
        log.info("Coeffection stand-in listening at {} ({})", baseUrl(), config);
        return this;
    }

    public int port() {
        return http.port();
    }

    /** {@code http://host:port}. */
    public URI baseUrl() {
        return URI.create("http://" + config.host() + ":" + port());
    }

    /** The API base URL clients use, {@code .../api/v1}. */
    public URI apiUrl() {
        return URI.create(baseUrl() + "/api/v1");
    }

    public String apiKey() {
        return config.apiKey();
    }

    public String tenantId() {
        return config.tenantId();
    }

    /** The records, for tests and tools in the same JVM. */
    public RecordStore records() {
        return store;
    }

    /** The record-update consumer, when Kafka is configured. */
    public java.util.Optional<RecordUpdateApplier> recordUpdates() {
        return java.util.Optional.ofNullable(updates);
    }

    public WebhookSender webhooks() {
        return webhooks;
    }

    /** The state view: records per tenant and entity type, webhook and update counts. */
    public Map<String, Object> state() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("records", store.snapshot());
        state.put("webhooks", webhooks.counts());
        state.put("recordUpdates", updates == null ? Map.of("consuming", false) : updates.counts());
        return state;
    }

    private void pageEdit(Context ctx) throws IOException {
        JsonNode body = mapper.readTree(ctx.bodyAsBytes());
        if (body == null || !body.isObject()) {
            throw new ApiError(400, "INVALID_PAYLOAD", "The body must be a JSON object of fields to set");
        }
        String tenant = ctx.pathParam("tenant");
        String entity = Entities.typeOfPath(ctx.pathParam("entity"));
        try {
            store.patch(tenant, entity, ctx.pathParam("id"), (ObjectNode) body, PAGE_USER, null);
        } catch (RecordStore.NoSuchRecordException e) {
            throw new ApiError(404, "NOT_FOUND", e.getMessage());
        }
        ctx.json(Map.of("data", store.get(tenant, entity, ctx.pathParam("id")).orElseThrow()));
    }

    private String page() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/coeffection-standin/index.html")) {
            if (in == null) {
                throw new IllegalStateException("The stand-in's page is missing from its jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("{{tenant}}", config.tenantId());
        }
    }

    @Override
    public void close() {
        if (updates != null) {
            updates.close();
        }
        http.stop();
        webhooks.close();
    }
}

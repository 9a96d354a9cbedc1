package com.coeffection.sync.launcher;

import com.coeffection.sync.ingress.IngressConfig;
import com.coeffection.sync.ingress.IngressServer;
import com.coeffection.sync.launcher.coeffection.BackfillRunner;
import com.coeffection.sync.launcher.coeffection.CoeffectionSide;
import com.coeffection.sync.launcher.connections.ConnectionsPart;
import com.coeffection.sync.launcher.history.HistoryPart;
import com.coeffection.sync.launcher.health.Health;
import com.coeffection.sync.ingress.monday.MondayPeopleResolver;
import com.coeffection.sync.launcher.provisioning.BoardProvisioner;
import com.coeffection.sync.launcher.provisioning.ExistingBoards;
import com.coeffection.sync.monday.graphql.MondayClient;
import com.coeffection.sync.monday.graphql.MondayClientConfig;
import com.coeffection.sync.monday.graphql.Operations;
import com.coeffection.sync.monday.standin.MondayStandIn;
import com.coeffection.sync.monday.sink.MondaySinkConfig;
import com.coeffection.sync.monday.sink.MondaySinkWorker;
import com.coeffection.sync.monday.standin.StandInConfig;
import com.coeffection.sync.processor.ProcessorApp;
import com.coeffection.sync.processor.mapping.MappingPublisher;
import com.coeffection.sync.schema.BoardMapping;
import com.coeffection.sync.topics.RecordKeys;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every part of the sync in one process: the broker and registry (configured, or local), monday (configured, or the
 * stand-in), the webhook ingress, the stream processor, the monday sink, board provisioning and the board mappings,
 * consumer-lag metrics. Started in dependency order, stopped in reverse.
 */
public final class Pipeline implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Pipeline.class);

    private final Parts parts = new Parts();
    private Infrastructure infra;
    private MondayStandIn standIn;
    private MondayClientConfig monday;
    private IngressServer ingress;
    private String webhookBaseUrl;
    private ProcessorApp processor;
    private MondaySinkWorker sink;
    private LauncherConfig config;
    private CoeffectionSide coeffection;
    private Map<String, String> effective;
    private MeterRegistry metrics;
    private com.coeffection.sync.connections.ConnectionsApp connections;
    private DriftRunQueue driftRuns;

    private com.coeffection.sync.history.HistoryApp history;
    private final Pages pages;

    /** How the pipeline serves its web pages. */
    public enum Pages {
        /** The integration page on a server of its own; no Sync History (a part that runs on its own). */
        INTEGRATION_ONLY,
        /**
         * history-sink with its Sync History page, and the integration page on the same server with one sign-in:
         * an admin's token also opens their tenant's history, a support token does not open the integration page.
         */
        WITH_HISTORY
    }

    private Pipeline(Pages pages) {
        this.pages = pages;
    }

    /** Starts everything but history-sink; on a failure stops what had started and rethrows. */
    public static Pipeline start(LauncherConfig config, Map<String, String> env, MeterRegistry metrics) {
        return start(config, env, metrics, Pages.INTEGRATION_ONLY);
    }

    /** Starts everything, the pages served as {@code pages} says; on a failure stops what had started and rethrows. */
    public static Pipeline start(LauncherConfig config, Map<String, String> env, MeterRegistry metrics, Pages pages) {
        Pipeline pipeline = new Pipeline(pages);
        try {
            pipeline.startParts(config, env, metrics);
            return pipeline;
        } catch (RuntimeException e) {
            pipeline.close();
            throw e;
        }
    }

    private <T extends AutoCloseable> T keep(T part) {
        return parts.keep(part);
    }

    private void startParts(LauncherConfig config, Map<String, String> env, MeterRegistry metrics) {
        this.config = config;
        infra = keep(Infrastructure.start(config));
        Map<String, String> effective = new HashMap<>(env);
        effective.putIfAbsent("INGRESS_HOST", LauncherConfig.LOCAL_HOST);
        effective.put("KAFKA_BOOTSTRAP_SERVERS", infra.bootstrapServers());
        effective.put("SCHEMA_REGISTRY_URL", infra.schemaRegistryUrl());

        String mondayUrl = env.get("MONDAY_API_URL");
        if (mondayUrl == null || mondayUrl.isBlank()) {
            standIn = keep(startStandIn(env));
            monday = MondayClientConfig.of(standIn.apiUrl(), standIn.token()).withAssumedBudget(standIn.config().budgetPerWindow());
            Infrastructure.say("monday stand-in ready at %s (token '%s'; integration user %d)", standIn.apiUrl(),
                    standIn.token(), standIn.integrationUserId());
            effective.put("MONDAY_API_URL", standIn.apiUrl().toString());
            effective.put("MONDAY_API_TOKEN", standIn.token());
        } else {
            monday = MondayClientConfig.fromEnv(env);
            Infrastructure.say("Using monday at %s (MONDAY_API_URL)", monday.endpoint());
        }

        if (!CoeffectionSide.configured(env) && blank(effective.get("COEFFECTION_WEBHOOK_SECRET"))) {
            // the embedded default: the Coeffection stand-in signs its webhooks and the ingress verifies them
            effective.put("COEFFECTION_WEBHOOK_SECRET", CoeffectionSide.generatedSecret());
        }
        IngressConfig ingressConfig = IngressConfig.fromEnvironment(effective);
        ingress = keep(new IngressServer(ingressConfig, metrics, MondayPeopleResolver.fromEnvironment(effective, metrics)).start());
        webhookBaseUrl = env.getOrDefault("INGRESS_PUBLIC_URL", "http://127.0.0.1:" + ingress.port());
        Infrastructure.say("Webhook ingress listening on port %d (monday: %s/webhooks/monday/{tenant})", ingress.port(), webhookBaseUrl);

        effective.putIfAbsent("TOPIC_RECORD_UPDATES", config.topics().recordUpdates());
        coeffection = keep(CoeffectionSide.start(effective, "http://127.0.0.1:" + ingress.port()));
        coeffection.standIn().ifPresentOrElse(
                s -> Infrastructure.say("Coeffection stand-in ready at %s (API key '%s'; edit records at %s/)",
                        s.apiUrl(), s.apiKey(), s.baseUrl()),
                () -> Infrastructure.say("Using Coeffection at %s (COEFFECTION_API_URL)", coeffection.apiUrl()));
        this.effective = effective;
        this.metrics = metrics;

        long integrationUser = standIn != null ? standIn.integrationUserId() : integrationUser(env, monday);
        // the effective environment: on the embedded stand-in it holds the stand-in's MONDAY_API_URL/TOKEN, which the
        // processor's board matcher reads existing boards with (the user's env has none, and matching would be off)
        processor = keep(startProcessor(config, effective, infra, integrationUser, metrics));
        // issue 13: the integration page; the sink reads the tokens of tenants connected there
        ConnectionsPart.Publisher publishing = mappings -> {
            List<BoardMapping> published = publishMappings(mappings, config);
            backfill(published, System.out);
            return published;
        };
        connections = keep(pages == Pages.WITH_HISTORY
                ? ConnectionsPart.startUnserved(effective, config.dataDir(), infra.bootstrapServers(),
                        infra.schemaRegistryUrl(), config.topics(), standIn, metrics, publishing)
                : ConnectionsPart.start(effective, config.dataDir(), infra.bootstrapServers(),
                        infra.schemaRegistryUrl(), config.topics(), standIn, metrics, publishing));
        sink = keep(startSink(config, effective, metrics, connections.tokens(com.coeffection.sync.monday.tokens.TokenProvider.fromEnv(effective))));
        if (pages == Pages.WITH_HISTORY) {
            // the Sync History page and, on its server, the integration page (one server, one sign-in)
            history = keep(HistoryPart.start(effective, config.dataDir(), metrics,
                    ConnectionsPart.besideHistory(connections)));
        }
        Infrastructure.say("Stream processor and monday sink running (integration user %d)", integrationUser);

        // drift runs on demand (the admin API) and on a schedule (Main), with the environment the reconcile command needs
        driftRuns = keep(DriftRunQueue.forPipeline(Main.reconcileEnvironment(env, this), metrics));
        connections.attachDriftRuns(driftRuns);

        Admin admin = keep(Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers())));
        keep(new ConsumerLagMonitor(admin, metrics, group -> group.startsWith(config.groupPrefix())).start(Duration.ofSeconds(15)));
    }

    /**
     * Publishes board mappings to the mappings topic, first creating the board of every mapping that asks for one
     * ("create board automatically"). Returns the mappings as published.
     */
    public List<BoardMapping> publishMappings(List<BoardMapping> mappings, LauncherConfig config) {
        List<BoardMapping> published = mappings.stream().anyMatch(m -> BoardProvisioner.needsBoard(m)
                || ExistingBoards.names(m)) ? withBoards(mappings, config) : mappings;

        Map<String, List<BoardMapping>> byTenant = new java.util.LinkedHashMap<>();
        published.forEach(m -> byTenant.computeIfAbsent(m.getTenantId(), t -> new ArrayList<>()).add(m));
        try (MappingPublisher publisher = new MappingPublisher(infra.bootstrapServers(), infra.schemaRegistryUrl(),
                config.topics(), java.time.Clock.systemUTC())) {
            byTenant.forEach((tenant, tenantMappings) -> {
                publisher.publish(tenant, tenantMappings, List.of());
                tenantMappings.forEach(m -> log.info("Published the board mapping of tenant {} entity {} (board {})",
                        tenant, m.getEntityType(), m.getBoardId()));
            });
        }
        awaitIngressKnows(published);
        return published;
    }


    /**
     * Creates (or finds and completes, see {@link BoardProvisioner#ensure}) the board of every mapping that asks for one,
     * and gives an existing board the Coeffection ID column and webhooks it lacks ({@link ExistingBoards}).
     */
    private List<BoardMapping> withBoards(List<BoardMapping> mappings, LauncherConfig config) {
        List<BoardMapping> published = new ArrayList<>();
        Map<String, BoardMapping> previous = PublishedMappings.read(infra.bootstrapServers(), infra.schemaRegistryUrl(),
                config.topics().boardMappings());
        try (MondayClient client = new MondayClient(monday)) {
            BoardProvisioner provisioner = new BoardProvisioner(client);
            ExistingBoards existing = new ExistingBoards(client, provisioner);
            for (BoardMapping mapping : mappings) {
                BoardMapping ready = mapping;
                String webhookUrl = webhookBaseUrl + "/webhooks/monday/" + mapping.getTenantId();
                if (BoardProvisioner.needsBoard(mapping)) {
                    BoardMapping earlier = previous.get(RecordKeys.mappingKey(mapping.getTenantId(), mapping.getEntityType()));
                    ready = provisioner.ensure(mapping, earlier, webhookUrl);
                } else if (ExistingBoards.names(mapping)) {
                    ready = existing.connect(mapping, webhookUrl);
                }
                published.add(ready);
            }
        }
        return published;
    }

    /**
     * Starts the backfill of every automatically created board, and of every existing board matched on connect, among
     * {@code published}: the entity's existing records are read from Coeffection and become items, or are linked to
     * the items they match (in the background, with a progress bar on {@code console}).
     */
    public BackfillRunner backfill(List<BoardMapping> published, java.io.PrintStream console) {
        return keep(BackfillRunner.start(published, coeffection, infra.bootstrapServers(), infra.schemaRegistryUrl(),
                config.topics(), effective, config.groupPrefix(), metrics, console));
    }

    public CoeffectionSide coeffection() {
        return coeffection;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    /**
     * Waits (up to 30 s) until the ingress has read the mappings just published, so that the Coeffection webhooks it
     * answers next are typed by them (a date field arriving before would be typed from JSON as text and rejected).
     */
    private void awaitIngressKnows(List<BoardMapping> mappings) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        for (BoardMapping mapping : mappings) {
            Map<String, String> expected = new HashMap<>();
            mapping.getFields().forEach(f -> expected.put(f.getField(), f.getFieldType()));
            while (!ingress.knownFieldTypes(mapping.getTenantId(), mapping.getEntityType()).equals(expected)) {
                if (System.nanoTime() > deadline) {
                    log.warn("The ingress has not read the mapping of tenant {} entity {} within 30 s; until it does, "
                            + "Coeffection webhook fields are typed from their JSON", mapping.getTenantId(), mapping.getEntityType());
                    return;
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * The stand-in's settings: {@link StandInConfig#fromEnv} (STANDIN_*, MONDAY_SIGNING_SECRET, so that its webhooks
     * carry the JWT the ingress checks), on LOCAL_MONDAY_PORT (default 18180) unless STANDIN_PORT is set.
     */
    /**
     * The local monday stand-in with the settings of {@code env}, its OAuth tokens expiring after
     * STANDIN_OAUTH_TOKEN_SECONDS (an hour unless set) as monday's do.
     */
    static MondayStandIn startStandIn(Map<String, String> env) {
        MondayStandIn standIn = MondayStandIn.start(standInConfig(env));
        String lifetime = env.get("STANDIN_OAUTH_TOKEN_SECONDS");
        if (lifetime != null && !lifetime.isBlank()) {
            standIn.oauthGrants().tokenLifetime(Duration.ofSeconds(Long.parseLong(lifetime.trim())));
        }
        return standIn;
    }

    static StandInConfig standInConfig(Map<String, String> env) {
        StandInConfig config = StandInConfig.fromEnv(env);
        if (!env.containsKey("STANDIN_PORT")) {
            config = config.withPort(Integer.parseInt(env.getOrDefault("LOCAL_MONDAY_PORT", "18180")));
        }
        return config;
    }

    /**
     * The health of the whole pipeline: liveness (the processor, the sink loop) and readiness (broker, registry,
     * processor running, sink partitions assigned, the monday connection of each tenant of the mappings published).
     */
    public Health health() {
        Health health = keep(new Health());
        HealthChecks.processor(health, processor, config);
        HealthChecks.sink(health, sink, infra, config, sink.config().groupId());
        HealthChecks.mondayConnections(health, sink, infra, config);
        HealthChecks.connections(health, connections.baseUrl());
        return HealthChecks.dependencies(health, infra);
    }

    /**
     * The monday user the integration writes as (its changes coming back are echoes): MONDAY_INTEGRATION_USER_ID, or
     * monday's own answer about the token's user.
     */
    static long integrationUser(Map<String, String> env, MondayClientConfig monday) {
        String configured = env.get("MONDAY_INTEGRATION_USER_ID");
        if (configured != null && !configured.isBlank()) {
            return Long.parseLong(configured.trim());
        }
        try (MondayClient client = new MondayClient(monday)) {
            return client.execute(new Operations.Me()).id();
        }
    }

    /**
     * The stream processor, started; application id {@code <group prefix>-processor} unless PROCESSOR_APPLICATION_ID,
     * a stable instance id and a 10 s session timeout unless set ({@link InstanceIds#forProcessor}).
     */
    static ProcessorApp startProcessor(LauncherConfig config, Map<String, String> given, Infrastructure infra,
                                       long integrationUser, MeterRegistry metrics) {
        Map<String, String> env = InstanceIds.forProcessor(given, config.dataDir());
        log.info("Stream processor instance {} (session timeout {} ms)",
                env.getOrDefault(InstanceIds.PROCESSOR_INSTANCE_ID, "(dynamic member)"), env.get(InstanceIds.PROCESSOR_SESSION_TIMEOUT));
        return new ProcessorApp(infra.bootstrapServers(), infra.schemaRegistryUrl(), config.topics(), metrics,
                integrationUser, config.dataDir().resolve("streams"),
                env.getOrDefault("PROCESSOR_APPLICATION_ID", config.groupPrefix() + "-processor"), env).start();
    }

    /**
     * The monday sink worker, started; group {@code <group prefix>-sink} unless MONDAY_SINK_GROUP_ID, with a stable
     * instance id unless MONDAY_SINK_INSTANCE_ID ({@link InstanceIds#forSink}).
     *
     * @param env names the broker, the registry and monday (MONDAY_API_URL, MONDAY_API_TOKEN)
     */
    static MondaySinkWorker startSink(LauncherConfig config, Map<String, String> env, MeterRegistry metrics) {
        return startSink(config, env, metrics, com.coeffection.sync.monday.tokens.TokenProvider.fromEnv(env));
    }

    /** The same, with the tokens from {@code tokens} (the connections store in front of the configured ones). */
    static MondaySinkWorker startSink(LauncherConfig config, Map<String, String> given, MeterRegistry metrics,
                                      com.coeffection.sync.monday.tokens.TokenProvider tokens) {
        // a stable group.instance.id unless MONDAY_SINK_INSTANCE_ID is set (InstanceIds)
        Map<String, String> env = InstanceIds.forSink(given, config.dataDir());
        log.info("monday sink instance {}", env.getOrDefault(InstanceIds.SINK_INSTANCE_ID, "(dynamic member)"));
        MondaySinkWorker sink = new MondaySinkWorker(MondaySinkConfig.fromEnv(env).withTokens(tokens)
                .withTopics(config.topics())
                .withGroupId(env.getOrDefault("MONDAY_SINK_GROUP_ID", config.groupPrefix() + "-sink"))
                .withMetrics(metrics));
        try {
            sink.start();
            return sink;
        } catch (RuntimeException e) {
            sink.close();
            throw e;
        }
    }

    public Infrastructure infrastructure() {
        return infra;
    }

    public Optional<MondayStandIn> standIn() {
        return Optional.ofNullable(standIn);
    }

    public MondayClientConfig mondayClientConfig() {
        return monday;
    }

    /** Whether the stream processor is running (or rebalancing). */
    public boolean processorRunning() {
        return processor != null && processor.running();
    }

    /** The pipeline's drift runs: those the admin API starts and the scheduled ones, one at a time. */
    DriftRunQueue driftRuns() {
        return driftRuns;
    }

    /** history-sink (the Sync History page and API), when started {@link Pages#WITH_HISTORY}. */
    public Optional<com.coeffection.sync.history.HistoryApp> history() {
        return Optional.ofNullable(history);
    }

    /** The connections server (the integration page). */
    public com.coeffection.sync.connections.ConnectionsApp connections() {
        return connections;
    }

    public int ingressPort() {
        return ingress.port();
    }

    @Override
    public void close() {
        parts.close();
    }
}

package com.coeffection.sync.launcher;

import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import com.coeffection.sync.ingress.IngressConfig;
import com.coeffection.sync.ingress.IngressServer;
import com.coeffection.sync.launcher.health.Health;
import com.coeffection.sync.ingress.monday.MondayPeopleResolver;
import com.coeffection.sync.launcher.history.HistoryCommand;
import com.coeffection.sync.launcher.history.ReplayCommand;
import com.coeffection.sync.monday.graphql.MondayClientConfig;
import com.coeffection.sync.monday.sink.MondaySinkWorker;
import com.coeffection.sync.monday.standin.MondayStandIn;
import com.coeffection.sync.processor.ProcessorApp;
import com.coeffection.sync.schema.BoardMapping;

import java.util.Map;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * The command line. {@code run} wires every part into one process on the embedded default (a local broker,
 * registry and monday stand-in when nothing is configured); the other commands run one part alone for scale-out.
 */
@Command(name = "monday-sync", mixinStandardHelpOptions = true, version = "monday-sync 0.1.0",
        description = "Two-way sync between Coeffection records and monday.com boards, on Kafka.",
        subcommands = {Main.Run.class, Main.Infra.class, Main.IngressOnly.class, Main.ProcessorOnly.class,
                Main.SinkOnly.class, Main.StandInOnly.class, StatusCommand.class, HistorySinkCommand.class,
                HistoryCommand.class, ReplayCommand.class, ReconcileCommand.class})
public final class Main {
    private static final Logger log = LoggerFactory.getLogger(Main.class);

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args.length == 0 ? new String[]{"run"} : args));
    }

    /**
     * Starts parts, waits for Ctrl-C or SIGTERM, then stops them in reverse order from one shutdown hook: the parts
     * first (each drains and commits), then the schema registry, then the broker.
     */
    @Command(mixinStandardHelpOptions = true)
    abstract static class Runner implements Callable<Integer> {
        private final Parts parts = new Parts();
        private final CountDownLatch stopped = new CountDownLatch(1);
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        <T extends AutoCloseable> T keep(T part) {
            return parts.keep(part);
        }

        abstract void startParts(LauncherConfig config, PrometheusMeterRegistry metrics) throws Exception;

        @Override
        public Integer call() throws Exception {
            // one hook stops everything in order; the broker and registry get no hook of their own
            com.coeffection.sync.infra.ChildProcess.ownerStopsChildren();
            LauncherConfig config = LauncherConfig.fromEnvironment();
            PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            new JvmMemoryMetrics().bindTo(metrics);
            new JvmGcMetrics().bindTo(metrics);
            new JvmThreadMetrics().bindTo(metrics);
            new ProcessorMetrics().bindTo(metrics);
            Thread hook = new Thread(() -> {
                stopAll();
                stopped.countDown();
            }, "launcher-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            long t0 = System.nanoTime();
            try {
                startParts(config, metrics);
            } catch (Exception e) {
                log.error("Start failed: {}", e.getMessage(), e);
                stopAll();
                return 1;
            }
            String what = spec.name().equals("run") ? "Sync pipeline" : "monday-sync " + spec.name();
            log.info("{} is running ({} s to start); press Ctrl-C to stop", what,
                    String.format("%.1f", (System.nanoTime() - t0) / 1e9));
            stopped.await();
            return 0;
        }

        private void stopAll() {
            log.info("Stopping: the parts first, then the schema registry, then the broker");
            parts.close();
            log.info("Stopped");
        }

        /** Serves /metrics, /health and /ready for {@code health}, on METRICS_HOST:METRICS_PORT. */
        MetricsServer serve(LauncherConfig config, PrometheusMeterRegistry metrics, Health health) {
            MetricsServer server = keep(new MetricsServer(config.metricsHost(), config.metricsPort(), metrics, health));
            log.info("Metrics at http://{}:{}/metrics, liveness at /health, readiness at /ready", config.metricsHost(), server.port());
            return server;
        }
    }

    @Command(name = "run", description = "Run the whole pipeline in this process (the embedded default).")
    static final class Run extends Runner {
        @Override
        void startParts(LauncherConfig config, PrometheusMeterRegistry metrics) {
            Map<String, String> env = System.getenv();
            // the Sync History page and the integration page on one server, with one sign-in
            Pipeline pipeline = keep(Pipeline.start(config, env, metrics, Pipeline.Pages.WITH_HISTORY));
            List<BoardMapping> mappings = BoardMappingFiles.load(env, pipeline.standIn().isPresent());
            if (mappings.isEmpty()) {
                log.info("No board mappings configured (set SYNC_BOARD_MAPPINGS to a mapping YAML file)");
            } else {
                pipeline.backfill(pipeline.publishMappings(mappings, config), System.out);
            }
            String every = env.get("DRIFT_EVERY");
            if (every != null && !every.isBlank()) {
                ReconcileSchedule drift = keep(ReconcileSchedule.start(pipeline.driftRuns(),
                        java.time.Duration.parse(every)));
                pipeline.health().live(drift.health());
            }
            serve(config, metrics, pipeline.health());
        }
    }

    /**
     * The environment drift repair needs from a running pipeline: its broker and registry, and the monday and
     * Coeffection it talks to (in the embedded mode, the stand-ins' URLs, token and key).
     */
    static Map<String, String> reconcileEnvironment(Map<String, String> base, Pipeline pipeline) {
        Map<String, String> env = new java.util.HashMap<>(base);
        env.put("KAFKA_BOOTSTRAP_SERVERS", pipeline.infrastructure().bootstrapServers());
        env.put("SCHEMA_REGISTRY_URL", pipeline.infrastructure().schemaRegistryUrl());
        env.put("MONDAY_API_URL", pipeline.mondayClientConfig().endpoint().toString());
        env.put("MONDAY_API_TOKEN", pipeline.mondayClientConfig().token());
        env.put("COEFFECTION_API_URL", pipeline.coeffection().apiUrl().toString());
        env.put("COEFFECTION_API_KEY", pipeline.coeffection().apiKey());
        return env;
    }

    /** Environment with the broker and registry filled in from the (configured or local) infrastructure. */
    static Map<String, String> withInfrastructure(Infrastructure infra) {
        Map<String, String> env = new java.util.HashMap<>(System.getenv());
        env.putIfAbsent("INGRESS_HOST", LauncherConfig.LOCAL_HOST);
        env.put("KAFKA_BOOTSTRAP_SERVERS", infra.bootstrapServers());
        env.put("SCHEMA_REGISTRY_URL", infra.schemaRegistryUrl());
        return env;
    }

    @Command(name = "ingress", description = "Run only the webhook ingress (scale with webhook traffic).")
    static final class IngressOnly extends Runner {
        @Override
        void startParts(LauncherConfig config, PrometheusMeterRegistry metrics) {
            Infrastructure infra = keep(Infrastructure.start(config));
            Map<String, String> env = withInfrastructure(infra);
            IngressServer ingress = keep(new IngressServer(IngressConfig.fromEnvironment(env), metrics,
                    MondayPeopleResolver.fromEnvironment(env, metrics)).start());
            Health health = keep(new Health());
            health.live(HealthChecks.simple("ingress", () -> ingress.port() > 0, "listening on port " + ingress.port(),
                    "the ingress is not listening"));
            serve(config, metrics, HealthChecks.dependencies(health, infra));
        }
    }

    @Command(name = "processor", description = "Run only the stream processor (scale by record partitions).")
    static final class ProcessorOnly extends Runner {
        @Override
        void startParts(LauncherConfig config, PrometheusMeterRegistry metrics) {
            Infrastructure infra = keep(Infrastructure.start(config));
            long integrationUser = Pipeline.integrationUser(System.getenv(), MondayClientConfig.fromEnv(System.getenv()));
            ProcessorApp processor = keep(Pipeline.startProcessor(config, System.getenv(), infra, integrationUser, metrics));
            Health health = keep(new Health());
            HealthChecks.processor(health, processor, config);
            serve(config, metrics, HealthChecks.dependencies(health, infra));
        }
    }

    @Command(name = "sink", description = "Run only the monday sink worker (scale by board partitions).")
    static final class SinkOnly extends Runner {
        @Override
        void startParts(LauncherConfig config, PrometheusMeterRegistry metrics) {
            Infrastructure infra = keep(Infrastructure.start(config));
            MondaySinkWorker sink = keep(Pipeline.startSink(config, withInfrastructure(infra), metrics));
            Health health = keep(new Health());
            HealthChecks.sink(health, sink, infra, config, sink.config().groupId());
            HealthChecks.mondayConnections(health, sink, infra, config);
            serve(config, metrics, HealthChecks.dependencies(health, infra));
        }
    }

    @Command(name = "standin", description = {"Run only the local monday stand-in.",
            "Settings: LOCAL_MONDAY_PORT or STANDIN_PORT (default 18180), STANDIN_TOKEN, STANDIN_BUDGET, "
                    + "STANDIN_BUDGET_WINDOW_MS, STANDIN_DAILY_LIMIT, STANDIN_WEBHOOK_RETRY_MS, STANDIN_WEBHOOK_RETRY_FOR_MS, MONDAY_SIGNING_SECRET "
                    + "(signs its webhooks' JWT)."})
    static final class StandInOnly extends Runner {
        @Override
        void startParts(LauncherConfig config, PrometheusMeterRegistry metrics) {
            MondayStandIn standIn = keep(Pipeline.startStandIn(System.getenv()));
            log.info("monday stand-in at {} (token '{}')", standIn.apiUrl(), standIn.token());
        }
    }

    @Command(name = "infra", description = "Start (or reuse) only the local broker and registry, and create the topics.")
    static final class Infra extends Runner {
        @Override
        void startParts(LauncherConfig config, PrometheusMeterRegistry metrics) {
            keep(Infrastructure.start(config));
        }
    }
}

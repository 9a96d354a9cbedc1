package com.coeffection.sync.drift;

import com.coeffection.sync.backfill.CoeffectionApiClient;
import com.coeffection.sync.backfill.CoeffectionApiException;
import com.coeffection.sync.backfill.ProgressStore;
import com.coeffection.sync.drift.report.DriftMetrics;
import com.coeffection.sync.drift.report.DriftReport;
import com.coeffection.sync.drift.report.ReportWriter;
import com.coeffection.sync.drift.run.BudgetShare;
import com.coeffection.sync.drift.run.DriftRun;
import com.coeffection.sync.drift.run.DriftSettings;
import com.coeffection.sync.drift.run.PublishedMappings;
import com.coeffection.sync.monday.graphql.MondayClient;
import com.coeffection.sync.monday.graphql.MondayClientConfig;
import com.coeffection.sync.schema.BoardMapping;
import com.coeffection.sync.serde.SchemaRegistryClient;
import com.coeffection.sync.topics.SyncTopics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The drift repair command ({@code bin/run reconcile} once the launcher calls it): runs a drift run for every mapped
 * board (or the ones chosen), now or on a schedule. Environment: {@code KAFKA_BOOTSTRAP_SERVERS},
 * {@code SCHEMA_REGISTRY_URL}, {@code MONDAY_API_URL}, {@code MONDAY_API_TOKEN}, {@code COEFFECTION_API_URL},
 * {@code COEFFECTION_API_KEY}, optional {@code SYNC_GROUP_PREFIX}, {@code TOPIC_*}, {@code TOPIC_DRIFT_PROGRESS}.
 * Exit code 0 when every run finished, 3 when a run was fenced by another runner, 2 when Coeffection refused the
 * key, 1 on any other failure.
 */
@Command(name = "reconcile", mixinStandardHelpOptions = true,
        description = "Compare each mapped board with its Coeffection records and repair what missed webhooks left behind.")
public final class DriftMain implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(DriftMain.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--dry-run", description = "Count the differences; publish nothing.")
    boolean dryRun;

    @Option(names = "--tenant", description = "Only this tenant's boards.")
    String tenant;

    @Option(names = "--entity", description = "Only the board of this entity (Contact, Lead, ...).")
    String entity;

    @Option(names = "--board", description = "Only this board id.")
    Long board;

    @Option(names = "--every", description = "Run again after this interval (ISO-8601, e.g. PT1H); without it, run once.")
    Duration every;

    @Option(names = "--budget-share", defaultValue = "0.25",
            description = "Part of each monday budget window a run may spend (default ${DEFAULT-VALUE}).")
    double budgetShare;

    @Option(names = "--report-dir", description = "Write each run's JSON report into this directory.")
    Path reportDir;

    /** Hears what each run of the command found: a board's report, or a problem that stopped a run. */
    public interface Listener {
        Listener NONE = new Listener() {
        };

        default void report(DriftReport report) {
        }

        /**
         * A problem a support person can act on (nothing to compare, a refused key, a failed board run).
         *
         * @param tenantId the tenant whose board it concerns; null when it concerns the whole command
         */
        default void problem(String tenantId, String message) {
        }
    }

    private final Map<String, String> env;
    private final MeterRegistry meters;
    private final Listener listener;

    /** For the launcher: the environment to read and the registry the run meters go to. */
    public DriftMain(Map<String, String> env, MeterRegistry meters) {
        this(env, meters, Listener.NONE);
    }

    /** The same, telling {@code listener} each board's report and each problem (the on-demand runs of the API). */
    public DriftMain(Map<String, String> env, MeterRegistry meters, Listener listener) {
        this.env = env;
        this.meters = meters;
        this.listener = listener;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new DriftMain(System.getenv(), new SimpleMeterRegistry())).execute(args));
    }

    @Override
    public Integer call() throws InterruptedException {
        String bootstrap = require("KAFKA_BOOTSTRAP_SERVERS");
        SyncTopics topics = SyncTopics.from(env);
        DriftSettings settings = DriftSettings.defaults(topics)
                .withProgressTopic(env.getOrDefault("TOPIC_DRIFT_PROGRESS", "sync.drift-progress"))
                .withBudgetShare(budgetShare);
        settings = new DriftSettings(settings.topics(), settings.progressTopic(),
                env.getOrDefault("SYNC_GROUP_PREFIX", "monday-sync"), settings.recordPageSize(),
                settings.itemPageSize(), settings.budgetShare());
        SchemaRegistryClient registry = new SchemaRegistryClient(require("SCHEMA_REGISTRY_URL"));
        CoeffectionApiClient coeffection = new CoeffectionApiClient(URI.create(require("COEFFECTION_API_URL")),
                require("COEFFECTION_API_KEY"));
        DriftMetrics metrics = new DriftMetrics(meters);
        Clock clock = Clock.systemUTC();
        try (MondayClient monday = new MondayClient(MondayClientConfig.of(URI.create(require("MONDAY_API_URL")),
                require("MONDAY_API_TOKEN")));
             ProgressStore progress = new ProgressStore(bootstrap, settings.progressTopic())) {
            while (true) {
                int code = runAll(settings, bootstrap, registry, coeffection, monday, progress, metrics, clock);
                if (every == null) {
                    return code;
                }
                LOG.info("Next drift run in {}", every);
                Thread.sleep(every.toMillis());
            }
        } catch (CoeffectionApiException e) {
            LOG.error(e.getMessage());
            listener.problem(null, e.getMessage());
            return 2;
        }
    }

    private int runAll(DriftSettings settings, String bootstrap, SchemaRegistryClient registry,
                       CoeffectionApiClient coeffection, MondayClient monday, ProgressStore progress,
                       DriftMetrics metrics, Clock clock) throws InterruptedException {
        List<BoardMapping> mappings = PublishedMappings.read(bootstrap, settings.topics().boardMappings(), registry,
                tenant, entity, board);
        if (mappings.isEmpty()) {
            LOG.warn("No published board mapping with a board matches (tenant={}, entity={}, board={}) on {}",
                    tenant, entity, board, settings.topics().boardMappings());
            listener.problem(null, "No published board mapping with a board matches (tenant=" + tenant + ", entity=" + entity
                    + ", board=" + board + "): publish the mapping, or wait until its board is created");
            return 1;
        }
        int code = 0;
        List<DriftReport> reports = new ArrayList<>();
        for (BoardMapping mapping : mappings) {
            DriftRun run = new DriftRun(settings, monday, coeffection, registry, bootstrap, progress,
                    DriftRun.fenced(bootstrap, settings), new BudgetShare(settings.budgetShare(), clock,
                    d -> Thread.sleep(d.toMillis())), metrics, clock);
            try {
                DriftReport report = run.run(mapping, dryRun);
                reports.add(report);
                listener.report(report);
                if (reportDir != null) {
                    ReportWriter.write(reportDir, report);
                }
                code = report.fenced() ? Math.max(code, 3) : code;
            } catch (CoeffectionApiException e) {
                throw e;
            } catch (RuntimeException e) {
                LOG.error("Drift run of {} board {} failed (tenant={}): {}", mapping.getEntityType(),
                        mapping.getBoardId(), mapping.getTenantId(), e.getMessage(), e);
                listener.problem(mapping.getTenantId(), "The drift run of " + mapping.getEntityType() + " board " + mapping.getBoardId()
                        + " failed: " + e.getMessage());
                code = code == 0 ? 1 : code;
            }
        }
        reports.forEach(r -> System.out.println(r.summary()));
        return code;
    }

    private String require(String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new CommandLine.ParameterException(spec.commandLine(), name + " is not set");
        }
        return value;
    }
}

package com.coeffection.sync.launcher;

import com.coeffection.sync.history.HistoryApp;
import com.coeffection.sync.launcher.health.Health;
import com.coeffection.sync.launcher.history.HistoryPart;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import picocli.CommandLine.Command;

/** {@code bin/run history-sink}: only history-sink (its API and page on HISTORY_PORT), for scale-out. */
@Command(name = "history-sink", description = "Run only history-sink: the compacted history, its API and the Sync"
        + " History page (HISTORY_PORT, default 8095). Several instances share the work.")
final class HistorySinkCommand extends Main.Runner {
    @Override
    void startParts(LauncherConfig config, PrometheusMeterRegistry metrics) {
        Infrastructure infra = keep(Infrastructure.start(config));
        HistoryApp history = keep(HistoryPart.start(Main.withInfrastructure(infra), config.dataDir(), metrics));
        Health health = keep(new Health());
        health.live(HealthChecks.simple("history-sink", history::running, "running", "history-sink is not running"));
        serve(config, metrics, HealthChecks.dependencies(health, infra));
    }
}

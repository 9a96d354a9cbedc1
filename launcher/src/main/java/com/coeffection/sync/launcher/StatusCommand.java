package com.coeffection.sync.launcher;

import com.coeffection.sync.launcher.status.StatusScreen;
import com.coeffection.sync.launcher.status.StatusSnapshot;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code bin/run status}: one screen of the pipeline's state from its parts' /metrics and /ready and the broker. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"One screen for an SRE: readiness of each part, consumer lag per group and partition, latency "
                + "p50/p99 both ways, throughput, monday budget and connections, dead letters, review queue.",
                "Reads KAFKA_BOOTSTRAP_SERVERS (default localhost:LOCAL_KAFKA_PORT), SYNC_GROUP_PREFIX, TOPIC_DLQ."})
final class StatusCommand implements Callable<Integer> {
    @Option(names = "--watch", arity = "0..1", fallbackValue = "5", paramLabel = "SECONDS",
            description = "Refresh every SECONDS (default 5) until Ctrl-C.")
    Integer watch;

    @Option(names = "--metrics", split = ",", paramLabel = "URL",
            description = "The /metrics URL of every part (default STATUS_METRICS_URLS, else http://127.0.0.1:METRICS_PORT/metrics).")
    List<URI> metrics;

    @Option(names = "--window", defaultValue = "2", paramLabel = "SECONDS",
            description = "Without --watch: seconds between the two readings that give the rates (default 2).")
    int window;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Map<String, String> env = System.getenv();
        LauncherConfig config = LauncherConfig.from(env);
        String bootstrap = config.bootstrapServers() != null ? config.bootstrapServers() : "localhost:" + config.localKafkaPort();
        List<URI> urls = metrics != null && !metrics.isEmpty() ? metrics
                : StatusScreen.urls(env.getOrDefault("STATUS_METRICS_URLS", "http://127.0.0.1:" + config.metricsPort() + "/metrics"));
        PrintWriter out = spec.commandLine().getOut();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000))) {
            StatusSnapshot before = StatusSnapshot.take(admin, config.groupPrefix(), config.topics().deadLetters(), urls, http);
            while (true) {
                Thread.sleep(Duration.ofSeconds(watch != null ? Math.max(1, watch) : Math.max(1, window)).toMillis());
                StatusSnapshot now = StatusSnapshot.take(admin, config.groupPrefix(), config.topics().deadLetters(), urls, http);
                if (watch != null) {
                    out.print("\033[H\033[2J");
                }
                out.print(StatusScreen.render(before, now));
                out.flush();
                if (watch == null) {
                    return 0;
                }
                before = now;
            }
        }
    }
}

package com.coeffection.sync.launcher;

import com.coeffection.sync.launcher.coeffection.BackfillRunner;
import com.coeffection.sync.schema.BoardMapping;
import com.coeffection.sync.testkit.RealInfra;
import com.coeffection.sync.testkit.RealInfraExtension;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code bin/run reconcile}: the drift command, run against the embedded pipeline's stand-ins and meters. */
@ExtendWith(RealInfraExtension.class)
class ReconcileCommandTest {
    @TempDir
    Path dataDir;

    @Test
    void reconcileListsTheDriftOptions() {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));

        assertThat(cli.execute("reconcile", "--help")).isZero();
        assertThat(out.toString()).contains("Usage: monday-sync reconcile", "--dry-run", "--every", "--board",
                "--budget-share");
    }

    @Test
    void aRunUsesThePipelinesStandInsAndItsPrometheusRegistry(RealInfra infra) throws Exception {
        String run = "reconcile" + System.nanoTime();
        Map<String, String> env = new java.util.HashMap<>(TestTopics.pipelineEnvironment(infra, dataDir, run));
        env.put("TOPIC_DRIFT_PROGRESS", run + ".drift-progress");
        LauncherConfig config = LauncherConfig.from(env);
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (Pipeline pipeline = Pipeline.start(config, env, metrics)) {
            List<BoardMapping> boards = pipeline.publishMappings(BoardMappingFiles.load(Map.of(), true), config);
            BackfillRunner backfill = pipeline.backfill(boards, new PrintStream(new ByteArrayOutputStream(), true,
                    StandardCharsets.UTF_8));
            assertThat(backfill.await(Duration.ofSeconds(90))).isTrue();
            long contacts = boards.stream().filter(b -> b.getEntityType().equals("Contact")).findFirst().orElseThrow()
                    .getBoardId();

            // the launcher's environment names the stand-ins (monday URL and token, Coeffection URL and key)
            Map<String, String> drift = Main.reconcileEnvironment(env, pipeline);
            assertThat(drift.get("MONDAY_API_URL")).isEqualTo(pipeline.standIn().orElseThrow().apiUrl().toString());
            assertThat(drift.get("COEFFECTION_API_KEY")).isEqualTo(pipeline.coeffection().apiKey());

            Path reports = dataDir.resolve("reports");
            StringWriter err = new StringWriter();
            int code = ReconcileCommand.execute(drift, metrics, new PrintWriter(err), new PrintWriter(err), "--dry-run",
                    "--board", Long.toString(contacts), "--report-dir", reports.toString());

            assertThat(code).as(err.toString()).isZero();
            try (var files = Files.list(reports)) {
                assertThat(files.map(f -> f.getFileName().toString()).toList())
                        .anyMatch(name -> name.contains("-" + contacts + "-") && name.endsWith("-dry.json"));
            }
            assertThat(metrics.scrape()).contains("sync_drift_run_duration").contains("sync_drift_last_finished_seconds");
        }
    }

    @Test
    void theScheduleReportsItsLastRunInHealth() throws Exception {
        // no broker named: the run fails, and the health check says so
        try (DriftRunQueue queue = DriftRunQueue.forPipeline(Map.of(), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
             ReconcileSchedule schedule = ReconcileSchedule.start(queue, Duration.ofHours(1))) {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> schedule.lastRun() != null);
            assertThat(schedule.lastRun().code()).isNotZero();
            assertThat(schedule.health().check().up()).isFalse();
            // the scheduled run is one of the queue's, with the reason it failed
            assertThat(queue.recent("demo").get(0).problems()).singleElement().asString().contains("exit code");
        }
    }
}

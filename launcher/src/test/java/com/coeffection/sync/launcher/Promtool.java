package com.coeffection.sync.launcher;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Prometheus's own checker, from Debian's {@code prometheus} package (installed by .ci/run and bin/test). In CI
 * ({@code CI=true}) a missing promtool fails the test with what to install; elsewhere the test is skipped, saying why.
 */
final class Promtool {
    /** The repository's docker/prometheus folder (tests run in the module folder). */
    static final Path RULES_DIR = Path.of("..", "docker", "prometheus").toAbsolutePath().normalize();

    /** The result of one promtool run. */
    record Run(int exitCode, String output) {
    }

    private Promtool() {
    }

    static String executable() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            Path candidate = Path.of(dir, "promtool");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        String message = "promtool is not installed: apt-get install prometheus (Debian's package brings promtool)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(message);
        }
        Assumptions.abort(message);
        return null;
    }

    /** Runs promtool with these arguments in {@code dir}, standard input from {@code input} (may be null). */
    static Run run(Path dir, String input, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(executable());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        if (input != null) {
            process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        }
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
        return new Run(process.exitValue(), output);
    }

    /**
     * {@code promtool check metrics} on a scrape. The text must parse (exit code 1 is a format error) and every lint
     * finding (exit code 3) must be about Kafka's own client metrics ({@code kafka_*}, named by Kafka and bound as
     * they are, so that Kafka's usual dashboards work): the pipeline's own metrics must have none.
     */
    static void assertMetricsPass(String scrape, String what) throws IOException, InterruptedException {
        Run run = run(RULES_DIR, scrape, "check", "metrics");
        assertThat(run.exitCode()).as("promtool check metrics on %s:%n%s", what, run.output()).isIn(0, 3);
        List<String> ours = run.output().lines().filter(l -> !l.isBlank() && !l.startsWith("kafka_")).toList();
        assertThat(ours).as("promtool findings about the pipeline's own metrics on %s", what).isEmpty();
        assertThat(scrape).as(what).contains("# TYPE");
    }
}

package com.coeffection.sync.launcher;

import com.coeffection.sync.coeffection.standin.CoeffectionStandIn;
import com.coeffection.sync.infra.Ports;
import com.coeffection.sync.monday.standin.MondayStandIn;
import com.coeffection.sync.testkit.RealInfra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The launcher ({@code Main run}) as processes of their own, as an operator starts it, for the tests that stop or kill
 * it: each writes its output to a log file; {@link #killAll} ends whatever is left, with its child processes.
 */
final class LauncherProcesses {
    /** One started launcher and its log. */
    record Launch(Process process, Path log) {
        String output() throws IOException {
            return Files.readString(log);
        }
    }

    private final List<Process> launched = new ArrayList<>();

    /** Starts {@code Main run} with {@code env} added to this JVM's environment, less the variables {@code unset}. */
    Launch run(Path log, String maxHeap, Map<String, String> env, Collection<String> unset) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + maxHeap, "-cp", System.getProperty("java.class.path"), Main.class.getName(), "run")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeAll(unset);
        builder.environment().putAll(env);
        Process process = builder.start();
        launched.add(process);
        return new Launch(process, log);
    }

    /** Sends {@code signal} (INT, TERM, KILL) to the launcher process. */
    static void signal(Process process, String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start();
        assertThat(kill.waitFor()).isZero();
    }

    /** Kills every launcher started here that still runs, and its children (broker, registry). */
    void killAll() {
        launched.forEach(p -> {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        });
    }

    /**
     * The environment of a launcher on the shared broker and registry, against both stand-ins of this JVM, with the
     * board mappings of {@code mappings} and its own topics, groups and ports.
     */
    static Map<String, String> againstStandIns(RealInfra infra, Path dataDir, String name, MondayStandIn monday,
                                               CoeffectionStandIn coeffection, String signingSecret, Path mappings) {
        Map<String, String> env = TestTopics.pipelineEnvironment(infra, dataDir, name + System.nanoTime());
        env.put("INGRESS_PORT", Integer.toString(Ports.freePort()));
        env.put("METRICS_PORT", "0");
        env.put("HISTORY_PORT", "0");
        env.put("MONDAY_API_URL", monday.apiUrl().toString());
        env.put("MONDAY_API_TOKEN", monday.token());
        env.put("MONDAY_INTEGRATION_USER_ID", Long.toString(monday.integrationUserId()));
        env.put("MONDAY_SIGNING_SECRET", signingSecret);
        env.put("COEFFECTION_API_URL", coeffection.apiUrl().toString());
        env.put("COEFFECTION_API_KEY", coeffection.apiKey());
        env.put("COEFFECTION_WEBHOOK_SECRET", "whsec_" + name);
        env.put("SYNC_BOARD_MAPPINGS", mappings.toString());
        env.put("PROCESSOR_SESSION_TIMEOUT_MS", "6000");
        return env;
    }
}

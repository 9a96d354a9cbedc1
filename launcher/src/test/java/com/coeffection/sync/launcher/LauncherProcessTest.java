package com.coeffection.sync.launcher;

import com.coeffection.sync.infra.Ports;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The embedded default as a person runs it: the launcher as its own process starts a real broker and a real
 * registry, says so, and leaves no process behind on Ctrl-C, on SIGTERM, or when it is killed outright.
 */
class LauncherProcessTest {
    private static final Duration START = Duration.ofSeconds(150);

    @TempDir
    Path dataDir;

    private final LauncherProcesses processes = new LauncherProcesses();
    private final int kafkaPort = Ports.freePort();
    private final int controllerPort = Ports.freePort();
    private final int registryPort = Ports.freePort();

    @AfterEach
    void killLeftovers() {
        processes.killAll();
    }

    @Test
    void ctrlCStopsBrokerAndRegistryAndARestartReusesTheirData() throws Exception {
        LauncherProcesses.Launch first = launch();
        await().atMost(START).until(() -> first.output().contains("Sync pipeline is running"));
        assertThat(first.output()).contains("Kafka broker ready at localhost:" + kafkaPort, "Schema registry ready at http://127.0.0.1:" + registryPort,
                "Topics ready (11 created, 0 already there)", "Sync History page at http://127.0.0.1:");
        List<ProcessHandle> children = first.process().descendants().toList();
        assertThat(children).hasSizeGreaterThanOrEqualTo(2);

        LauncherProcesses.signal(first.process(), "INT");

        await().atMost(Duration.ofSeconds(60)).until(() -> !first.process().isAlive());
        await().atMost(Duration.ofSeconds(30)).until(() -> children.stream().noneMatch(ProcessHandle::isAlive));
        // one shutdown order: the parts (drained, committed), then the registry, then the broker
        String log = first.output();
        assertThat(log).containsSubsequence("Stopped MondaySinkWorker", "Stopped ProcessorApp", "Stopped IngressServer",
                "Stopping schema-registry", "Stopped schema-registry", "Stopping kafka-broker", "Stopped kafka-broker");
        assertThat(log).containsOnlyOnce("Stopping schema-registry").containsOnlyOnce("Stopping kafka-broker");

        LauncherProcesses.Launch second = launch();
        await().atMost(START).until(() -> second.output().contains("Sync pipeline is running"));
        assertThat(second.output()).contains("Topics ready (0 created, 11 already there)");
        assertThat(Files.exists(dataDir.resolve("kafka/kafka-data/meta.properties"))).isTrue();

        List<ProcessHandle> secondChildren = second.process().descendants().toList();
        LauncherProcesses.signal(second.process(), "TERM");
        await().atMost(Duration.ofSeconds(60)).until(() -> !second.process().isAlive());
        await().atMost(Duration.ofSeconds(30)).until(() -> secondChildren.stream().noneMatch(ProcessHandle::isAlive));
    }

    @Test
    void killingTheLauncherOutrightStillStopsBrokerAndRegistry() throws Exception {
        LauncherProcesses.Launch launch = launch();
        await().atMost(START).until(() -> launch.output().contains("Sync pipeline is running"));
        List<ProcessHandle> children = launch.process().descendants().toList();
        assertThat(children).hasSizeGreaterThanOrEqualTo(2);

        LauncherProcesses.signal(launch.process(), "KILL");

        await().atMost(Duration.ofSeconds(60)).until(() -> children.stream().noneMatch(ProcessHandle::isAlive));
    }

    private LauncherProcesses.Launch launch() throws IOException {
        return processes.run(Files.createTempFile(dataDir, "launcher", ".log"), "256m", Map.of(
                "SYNC_DATA_DIR", dataDir.toString(),
                "LOCAL_KAFKA_PORT", Integer.toString(kafkaPort),
                "LOCAL_KAFKA_CONTROLLER_PORT", Integer.toString(controllerPort),
                "LOCAL_SCHEMA_REGISTRY_PORT", Integer.toString(registryPort),
                "METRICS_PORT", "0",
                "LOCAL_MONDAY_PORT", "0", "LOCAL_COEFFECTION_PORT", "0",
                "INGRESS_PORT", "0",
                "HISTORY_PORT", "0",
                "SYNC_DIST_DIR", System.getProperty("sync.dist.dir")),
                List.of("KAFKA_BOOTSTRAP_SERVERS", "SCHEMA_REGISTRY_URL"));
    }
}

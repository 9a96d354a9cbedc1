package com.coeffection.sync.infra;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A real single-node KRaft Kafka broker (combined broker and controller) as a child JVM on 127.0.0.1, with its
 * data in a folder of ours. The storage is formatted once; a restart reuses the data. When a broker already
 * answers on the port (a previous run still up), it is reused rather than started twice.
 */
public final class LocalKafkaBroker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LocalKafkaBroker.class);
    private static final String MAIN_CLASS = "kafka.Kafka";
    private static final String STORAGE_TOOL = "kafka.tools.StorageTool";

    /** Broker log: INFO to the child's output (the log file), noisy request/state loggers at WARN. */
    private static final String LOG_CONFIG = String.join("\n",
            "status = warn",
            "appender.out.type = Console",
            "appender.out.name = OUT",
            "appender.out.layout.type = PatternLayout",
            "appender.out.layout.pattern = [%d] %p %m (%c)%n",
            "rootLogger.level = INFO",
            "rootLogger.appenderRef.out.ref = OUT",
            "logger.state.name = state.change.logger",
            "logger.state.level = WARN",
            "logger.request.name = kafka.request.logger",
            "logger.request.level = WARN",
            "") ;

    private final int port;
    private final ChildProcess process;

    private LocalKafkaBroker(int port, ChildProcess process) {
        this.port = port;
        this.process = process;
    }

    /** Starts the broker (or reuses one already on the port) and waits until it serves requests. */
    public static LocalKafkaBroker start(LocalDist dist, Path dataDir, int port, int controllerPort, Duration timeout) {
        if (Ports.isListening(port) && answersAsKafka(port)) {
            log.info("Reusing the Kafka broker already running on 127.0.0.1:{}", port);
            return new LocalKafkaBroker(port, null);
        }
        String classpath = dist.kafkaClasspath();
        try {
            Path logDirs = dataDir.resolve("kafka-data");
            Files.createDirectories(logDirs);
            Path properties = dataDir.resolve("server.properties");
            Files.writeString(properties, serverProperties(logDirs, port, controllerPort));
            Path logConfig = dataDir.resolve("log4j2.properties");
            Files.writeString(logConfig, LOG_CONFIG);
            if (!Files.exists(logDirs.resolve("meta.properties"))) {
                format(classpath, dataDir, properties);
            }
            ChildProcess child = ChildProcess.startJava("kafka-broker", dataDir,
                    List.of("-Xmx384m", "-XX:+UseG1GC", "-Dlog4j2.configurationFile=" + logConfig.toUri()),
                    classpath, MAIN_CLASS, List.of(properties.toString()), Map.of(), dataDir.resolve("kafka-broker.log"));
            child.awaitReady(timeout, () -> child.logContains("Kafka Server started") && answersAsKafka(port));
            return new LocalKafkaBroker(port, child);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare the Kafka broker in " + dataDir, e);
        }
    }

    private static void format(String classpath, Path dataDir, Path properties) throws IOException {
        String clusterId = runTool(classpath, dataDir, List.of("random-uuid")).trim();
        String[] lines = clusterId.split("\\R");
        clusterId = lines[lines.length - 1].trim();
        runTool(classpath, dataDir, List.of("format", "-t", clusterId, "-c", properties.toString()));
        log.info("Formatted Kafka storage in {} (cluster id {})", dataDir, clusterId);
    }

    private static String runTool(String classpath, Path dir, List<String> args) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-cp", classpath, STORAGE_TOOL));
        command.addAll(args);
        Process tool = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(tool.getInputStream().readAllBytes());
        try {
            if (!tool.waitFor(60, TimeUnit.SECONDS) || tool.exitValue() != 0) {
                throw new IllegalStateException("Kafka storage tool " + args + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return output;
    }

    static String serverProperties(Path logDirs, int port, int controllerPort) {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@localhost:" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://localhost:" + port);
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
        p.setProperty("log.dirs", logDirs.toString());
        p.setProperty("num.partitions", "4");
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        p.setProperty("auto.create.topics.enable", "false");
        StringBuilder out = new StringBuilder("# written by the launcher on each start\n");
        p.stringPropertyNames().stream().sorted().forEach(k -> out.append(k).append('=').append(p.getProperty(k)).append('\n'));
        return out.toString();
    }

    /** Whether a Kafka broker on 127.0.0.1:port answers a metadata request. */
    public static boolean answersAsKafka(int port) {
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:" + port,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000,
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
        try (Admin admin = Admin.create(config)) {
            return !admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty();
        } catch (Exception e) {
            return false;
        }
    }

    public String bootstrapServers() {
        return "localhost:" + port;
    }

    /** True when this object started the broker (false when an already running one was reused). */
    public boolean startedHere() {
        return process != null;
    }

    public long pid() {
        return process == null ? -1 : process.pid();
    }

    @Override
    public void close() {
        if (process != null) {
            process.close();
        }
    }
}

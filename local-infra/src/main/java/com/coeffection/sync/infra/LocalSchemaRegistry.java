package com.coeffection.sync.infra;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A real schema registry serving the Confluent Schema Registry REST API: Apicurio Registry as a child JVM on
 * 127.0.0.1, its Confluent-compatible API at {@code /apis/ccompat/v7}. Storage is an H2 database in a file of ours
 * (so schema ids stay valid across restarts, as the records in Kafka refer to them), or in memory for tests.
 */
public final class LocalSchemaRegistry implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LocalSchemaRegistry.class);
    public static final String CCOMPAT_PATH = "/apis/ccompat/v7";

    private final int port;
    private final ChildProcess process;

    private LocalSchemaRegistry(int port, ChildProcess process) {
        this.port = port;
        this.process = process;
    }

    /**
     * Starts the registry (or reuses one already answering on the port).
     *
     * @param persistent keep schemas in {@code dataDir/schema-registry-db}; false keeps them in memory
     */
    public static LocalSchemaRegistry start(LocalDist dist, Path dataDir, int port, boolean persistent, Duration timeout) {
        if (Ports.isListening(port) && answers(port)) {
            log.info("Reusing the schema registry already running on 127.0.0.1:{}", port);
            return new LocalSchemaRegistry(port, null);
        }
        Path runner = dist.schemaRegistryRunner();
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String mainClass = mainClassOf(runner);
        String datasource = persistent
                ? "jdbc:h2:file:" + dataDir.resolve("schema-registry-db").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE"
                : "jdbc:h2:mem:registry_db";
        ChildProcess child = ChildProcess.startJava("schema-registry", runner.getParent(),
                List.of("-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                        "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + port,
                        "-Dquarkus.datasource.jdbc.min-size=2", "-Dquarkus.datasource.jdbc.initial-size=2",
                        "-Dquarkus.log.level=WARN", "-Dquarkus.log.category.\"io.quarkus\".level=INFO"),
                runner.toString(), mainClass, List.of(), Map.of("REGISTRY_DATASOURCE_URL", datasource),
                dataDir.resolve("schema-registry.log"));
        child.awaitReady(timeout, () -> answers(port));
        return new LocalSchemaRegistry(port, child);
    }

    private static String mainClassOf(Path runner) {
        try (java.util.jar.JarFile jar = new java.util.jar.JarFile(runner.toFile())) {
            return jar.getManifest().getMainAttributes().getValue("Main-Class");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + runner, e);
        }
    }

    /** Whether a registry on 127.0.0.1:port answers {@code GET /apis/ccompat/v7/subjects} with 200. */
    public static boolean answers(int port) {
        try {
            HttpResponse<Void> response = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + CCOMPAT_PATH + "/subjects"))
                            .timeout(Duration.ofSeconds(2)).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The Confluent-compatible base URL, e.g. {@code http://127.0.0.1:8081/apis/ccompat/v7}. */
    public String url() {
        return "http://127.0.0.1:" + port + CCOMPAT_PATH;
    }

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

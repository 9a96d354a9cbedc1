package com.coeffection.sync.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The distribution folder the build prepares ({@code .local/dist} by default): the Kafka broker's classpath file
 * and the unpacked schema registry. Set by the system property {@code sync.dist.dir} or {@code SYNC_DIST_DIR}.
 */
public record LocalDist(Path root) {

    public static LocalDist locate() {
        String configured = System.getProperty("sync.dist.dir", System.getenv("SYNC_DIST_DIR"));
        Path root = configured != null && !configured.isBlank() ? Path.of(configured) : Path.of(".local", "dist");
        return new LocalDist(root.toAbsolutePath().normalize());
    }

    /** The broker classpath, as written by the build ({@code mvn install} of local-infra). */
    public String kafkaClasspath() {
        Path file = root.resolve("kafka-broker.classpath");
        try {
            if (!Files.exists(file)) {
                throw new IllegalStateException("No Kafka broker classpath at " + file
                        + ": build the project first (mvn -DskipTests install), or set KAFKA_BOOTSTRAP_SERVERS");
            }
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The registry's runner jar, inside the unpacked Apicurio Registry distribution. */
    public Path schemaRegistryRunner() {
        Path dir = root.resolve("schema-registry");
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                return files.filter(p -> p.getFileName().toString().endsWith("-runner.jar")).findFirst()
                        .orElseThrow(() -> new IllegalStateException("No registry runner jar in " + dir));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("No schema registry distribution at " + dir
                + ": build the project first (mvn -DskipTests install), or set SCHEMA_REGISTRY_URL");
    }
}

package com.coeffection.sync.launcher;

import com.coeffection.sync.infra.LocalDist;
import com.coeffection.sync.infra.LocalSchemaRegistry;
import com.coeffection.sync.infra.Ports;
import com.coeffection.sync.infra.SubjectProvisioner;
import com.coeffection.sync.schema.RecordChange;
import com.coeffection.sync.serde.AvroSerializer;
import com.coeffection.sync.serde.SchemaRegistryClient;
import com.coeffection.sync.testkit.RealInfra;
import com.coeffection.sync.testkit.RealInfraExtension;
import com.coeffection.sync.topics.ContractSchemas;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The launcher sets BACKWARD compatibility on every topic's subject, so the registry itself refuses a schema that
 * would break the readers, whichever client registers it: here Confluent's Python client (Debian's
 * python3-confluent-kafka). Runs on a registry of its own, so the shared test registry keeps its settings.
 */
@ExtendWith(RealInfraExtension.class)
class SchemaCompatibilityTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void givenProvisionedSubjectsWhenConfluentsPythonClientRegistersAnIncompatibleSchemaThenTheRegistryRefusesIt(RealInfra infra) throws Exception {
        try (LocalSchemaRegistry registry = LocalSchemaRegistry.start(LocalDist.locate(), dir.resolve("registry"),
                Ports.freePort(), false, Duration.ofSeconds(90))) {
            // given the pipeline's topics and subjects provisioned by the launcher, and the record-change schema in use
            String run = "compat" + System.nanoTime();
            Map<String, String> env = new HashMap<>(TestTopics.prefixed(run));
            env.put("KAFKA_BOOTSTRAP_SERVERS", infra.bootstrapServers());
            env.put("SCHEMA_REGISTRY_URL", registry.url());
            LauncherConfig config = LauncherConfig.from(env);
            try (Infrastructure ignored = Infrastructure.start(config)) {
                String subject = AvroSerializer.subject(config.topics().recordChanges(), false);
                assertThat(SubjectProvisioner.levelOf(registry.url(), subject)).isEqualTo("BACKWARD");
                new SchemaRegistryClient(registry.url()).register(subject, ContractSchemas.schemaOf(RecordChange.class));

                // when Python registers a version with a new field that has no default (old records cannot be read)
                String refused = python(registry.url(), subject, withNewField(false));
                // then the registry refuses it
                assertThat(refused).startsWith("refused").contains("409");

                // and a version whose new field has a default is accepted
                String accepted = python(registry.url(), subject, withNewField(true));
                assertThat(accepted).startsWith("registered");
            }
        }
    }

    @Test
    void anUnknownCompatibilityLevelIsRefusedWithTheLevelsThatExist() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SubjectProvisioner.ensure("http://127.0.0.1:1", java.util.List.of("x"), "SIDEWAYS"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("BACKWARD");
    }

    private Path withNewField(boolean withDefault) throws IOException {
        ObjectNode schema = (ObjectNode) JSON.readTree(ContractSchemas.schemaOf(RecordChange.class).toString());
        ObjectNode field = ((ArrayNode) schema.get("fields")).addObject();
        field.put("name", "addedByPython");
        field.put("type", "string");
        if (withDefault) {
            field.put("default", "");
        }
        Path file = Files.createTempFile(dir, "RecordChange", ".avsc");
        Files.writeString(file, JSON.writeValueAsString(schema));
        return file;
    }

    private Path script() throws IOException {
        Path file = dir.resolve("register_schema.py");
        try (InputStream in = getClass().getResourceAsStream("/python/register_schema.py")) {
            Files.write(file, in.readAllBytes());
        }
        return file;
    }

    private String python(String registryUrl, String subject, Path schema) throws Exception {
        Process process = new ProcessBuilder("/usr/bin/python3", script().toString(), registryUrl, subject, schema.toString())
                .redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        return out.strip();
    }
}

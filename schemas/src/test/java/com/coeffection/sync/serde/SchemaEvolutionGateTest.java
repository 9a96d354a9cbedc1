package com.coeffection.sync.serde;

import com.coeffection.sync.topics.ContractSchemas;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The build fails when a topic's value schema stops being backward compatible with a released version: every
 * released writer schema under {@code src/test/resources/released/<version>/} must stay readable by the current
 * schema (Avro's own compatibility checker), and every field added since must carry a default.
 */
class SchemaEvolutionGateTest {

    private static Path releasedRoot() throws URISyntaxException {
        return Path.of(SchemaEvolutionGateTest.class.getResource("/released").toURI());
    }

    private static List<Path> releasedSchemaFiles(String typeName) throws Exception {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> versions = Files.list(releasedRoot())) {
            for (Path version : versions.sorted().toList()) {
                Path file = version.resolve(typeName + ".avsc");
                if (Files.exists(file)) {
                    files.add(file);
                }
            }
        }
        return files;
    }

    @Test
    void everyTopicValueHasAReleasedVersion() throws Exception {
        for (var type : ContractSchemas.TOPIC_VALUES) {
            assertThat(releasedSchemaFiles(type.getSimpleName()))
                    .as("released schema of %s (copy its schema into released/<version>/ when you release it)", type.getSimpleName())
                    .isNotEmpty();
        }
    }

    @Test
    void currentSchemasReadEveryReleasedVersion() throws Exception {
        for (var type : ContractSchemas.TOPIC_VALUES) {
            Schema current = ContractSchemas.schemaOf(type);
            for (Path file : releasedSchemaFiles(type.getSimpleName())) {
                Schema released = parse(file);
                var result = SchemaCompatibility.checkReaderWriterCompatibility(current, released);
                assertThat(result.getType())
                        .as("%s can read data written with %s: %s", type.getSimpleName(), file, result.getDescription())
                        .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
            }
        }
    }

    @Test
    void fieldsAddedSinceAReleaseHaveDefaults() throws Exception {
        for (var type : ContractSchemas.TOPIC_VALUES) {
            Schema current = ContractSchemas.schemaOf(type);
            for (Path file : releasedSchemaFiles(type.getSimpleName())) {
                assertThat(fieldsAddedWithoutDefault(current, parse(file), type.getSimpleName()))
                        .as("fields of %s added since %s without a default", type.getSimpleName(), file).isEmpty();
            }
        }
    }

    @Test
    void gateRejectsAFieldAddedWithoutADefault() throws Exception {
        Path released = releasedSchemaFiles("RecordChange").get(0);
        String json = Files.readString(released);
        Schema broken = new Schema.Parser().parse(json.replaceFirst("\"fields\" : \\[",
                "\"fields\" : [ {\"name\": \"region\", \"type\": \"string\"},"));

        var result = SchemaCompatibility.checkReaderWriterCompatibility(broken, parse(released));

        assertThat(result.getType()).isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
        assertThat(fieldsAddedWithoutDefault(broken, parse(released), "RecordChange")).containsExactly("RecordChange.region");
    }

    @Test
    void gateRejectsAValueKindRemovedFromTheUnion() throws Exception {
        Path released = releasedSchemaFiles("RecordChange").get(0);
        Schema current = ContractSchemas.schemaOf(com.coeffection.sync.schema.RecordChange.class);
        // the released writer may send any kind of value; a reader that dropped BooleanValue cannot read it
        Schema narrowed = new Schema.Parser().parse(current.toString()
                .replaceFirst(",\\{\"type\":\"record\",\"name\":\"BooleanValue\".*?\\}\\]\\}", ""));

        assertThat(narrowed.toString()).doesNotContain("BooleanValue");
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(narrowed, parse(released)).getType())
                .isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
    }

    private static Schema parse(Path file) throws IOException {
        return new Schema.Parser().parse(Files.readString(file));
    }

    private static List<String> fieldsAddedWithoutDefault(Schema current, Schema released, String path) {
        List<String> missing = new ArrayList<>();
        if (current.getType() == Schema.Type.RECORD && released.getType() == Schema.Type.RECORD) {
            for (Schema.Field field : current.getFields()) {
                Schema.Field old = released.getField(field.name());
                if (old == null) {
                    if (!field.hasDefaultValue()) {
                        missing.add(path + "." + field.name());
                    }
                } else {
                    missing.addAll(fieldsAddedWithoutDefault(unwrap(field.schema()), unwrap(old.schema()), path + "." + field.name()));
                }
            }
        }
        return missing;
    }

    private static Schema unwrap(Schema schema) {
        if (schema.getType() == Schema.Type.UNION) {
            return schema.getTypes().stream().filter(s -> s.getType() == Schema.Type.RECORD).findFirst().orElse(schema);
        }
        if (schema.getType() == Schema.Type.ARRAY) {
            return unwrap(schema.getElementType());
        }
        return schema;
    }
}

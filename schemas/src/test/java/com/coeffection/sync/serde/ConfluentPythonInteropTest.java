package com.coeffection.sync.serde;

import com.coeffection.sync.schema.BooleanValue;
import com.coeffection.sync.schema.DateValue;
import com.coeffection.sync.schema.FieldChange;
import com.coeffection.sync.schema.NumberValue;
import com.coeffection.sync.schema.OptionsValue;
import com.coeffection.sync.schema.PhoneValue;
import com.coeffection.sync.schema.RecordChange;
import com.coeffection.sync.schema.StatusValue;
import com.coeffection.sync.schema.TextValue;
import com.coeffection.sync.testkit.RealInfra;
import com.coeffection.sync.testkit.RealInfraExtension;
import com.coeffection.sync.topics.ContractSchemas;
import com.coeffection.sync.values.FieldValues;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Interoperability with a client no one here wrote: Confluent's Python client ({@code confluent_kafka.avro},
 * from Debian's python3-confluent-kafka) against the same real broker and registry, both ways.
 */
@ExtendWith(RealInfraExtension.class)
class ConfluentPythonInteropTest {
    private static final String PYTHON = "/usr/bin/python3";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void javaDecodesARecordChangeProducedByConfluentsPythonClient(RealInfra infra) throws Exception {
        String topic = infra.uniqueTopic("py-to-java", 1);
        Path schema = Files.createTempFile("RecordChange", ".avsc");
        Files.writeString(schema, ContractSchemas.schemaOf(RecordChange.class).toString());

        String out = python(infra, "produce", "--topic", topic, "--schema", schema.toString(), "--record-id", "opp_py_7");
        assertThat(out).contains("produced opp_py_7");

        var records = infra.readAll(topic, 1, Duration.ofSeconds(20));
        assertThat(records).hasSize(1);
        assertThat(records.get(0).key()).isEqualTo("ten_python:Opportunity:opp_py_7");
        RecordChange change = new RecordDecoder<>(new AvroDeserializer<>(new SchemaRegistryClient(infra.schemaRegistryUrl()),
                RecordChange.class)).decode(records.get(0));

        assertThat(change.getRecordId()).isEqualTo("opp_py_7");
        assertThat(change.getOccurredAt()).isEqualTo(Instant.parse("2024-04-15T14:05:00Z"));
        Map<String, FieldChange> fields = change.getFields().stream().collect(Collectors.toMap(FieldChange::getField, f -> f));
        assertThat(fields.get("name").getValue().getValue()).isEqualTo(new TextValue("Globex renewal"));
        assertThat(FieldValues.decimal((NumberValue) fields.get("amount").getValue().getValue())).isEqualTo(new BigDecimal("98765.4321"));
        assertThat(fields.get("closeDate").getValue().getValue()).isEqualTo(new DateValue(LocalDate.of(2024, 6, 30)));
        assertThat(fields.get("stage").getValue().getValue()).isEqualTo(new StatusValue("Negotiation", null));
        assertThat(fields.get("tags").getValue().getValue()).isEqualTo(new OptionsValue(List.of("renewal", "priority")));
        assertThat(fields.get("won").getValue().getValue()).isEqualTo(new BooleanValue(false));
        assertThat(fields.get("phone").getValue().getValue()).isEqualTo(new PhoneValue("+442071838750", "GB"));
        assertThat(fields.get("notes").getValue()).isNull();
        assertThat(fields.get("amount").getChangedAt()).isEqualTo(Instant.parse("2024-04-15T14:05:00Z"));
    }

    @Test
    void confluentsPythonClientDecodesARecordChangeProducedByJava(RealInfra infra) throws Exception {
        String topic = infra.uniqueTopic("java-to-py", 1);
        var serializer = new AvroSerializer<>(new SchemaRegistryClient(infra.schemaRegistryUrl()), RecordChange.class);
        try (var producer = new KafkaProducer<String, byte[]>(infra.producerConfig())) {
            producer.send(new ProducerRecord<>(topic, "k", serializer.serialize(topic, Samples.everyValueKind("cnt_java")))).get();
        }

        String out = python(infra, "consume", "--topic", topic, "--count", "1");
        JsonNode change = JSON.readTree(out.lines().filter(l -> l.startsWith("{")).findFirst().orElseThrow());

        assertThat(change.path("recordId").asText()).isEqualTo("cnt_java");
        assertThat(change.path("operation").asText()).isEqualTo("UPDATE");
        assertThat(change.path("actor").path("name").asText()).isEqualTo("Sarah Chen");
        assertThat(change.path("occurredAt").asText()).isEqualTo("2024-04-15T14:02:00+00:00");
        Map<String, JsonNode> fields = new java.util.HashMap<>();
        change.path("fields").forEach(f -> fields.put(f.path("field").asText(), f.path("value")));
        assertThat(fields.get("firstName").path("value").path("text").asText()).isEqualTo("Sarah");
        assertThat(fields.get("birthday").path("value").path("date").asText()).isEqualTo("1990-02-28");
        assertThat(fields.get("lastContactedAt").path("value").path("instant").asText()).isEqualTo("2024-04-15T09:30:15.123000+00:00");
        assertThat(fields.get("industries").path("value").path("labels").toString()).isEqualTo("[\"Energy\",\"Retail\"]");
        assertThat(fields.get("vip").path("value").path("checked").asBoolean()).isTrue();
        assertThat(fields.get("phone").path("value").path("number").asText()).isEqualTo("+14155550100");
        assertThat(fields.get("annualRevenue").path("value").path("scale").asInt()).isEqualTo(3);
        assertThat(fields.get("fax").isNull()).isTrue();
    }

    private static String python(RealInfra infra, String mode, String... args) throws IOException, InterruptedException {
        Path script = Path.of("src/test/resources/interop/confluent_interop.py").toAbsolutePath();
        List<String> command = new ArrayList<>(List.of(PYTHON, script.toString(), mode,
                "--bootstrap", infra.bootstrapServers(), "--registry", infra.schemaRegistryUrl()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(90, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("python output:\n%s", output).isZero();
        return output;
    }
}

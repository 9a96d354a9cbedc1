package com.coeffection.sync.launcher;

import com.coeffection.sync.coeffection.standin.CoeffectionStandIn;
import com.coeffection.sync.coeffection.standin.RecordStore;
import com.coeffection.sync.monday.standin.MondayStandIn;
import com.coeffection.sync.processor.mapping.MappingLoader;
import com.coeffection.sync.schema.BoardMapping;
import com.coeffection.sync.testkit.RealInfra;
import com.coeffection.sync.testkit.RealInfraExtension;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The embedded pipeline with a mapping that allows monday -> Coeffection creation: an item a person creates on the
 * board becomes one Coeffection record carrying the item's values and its id, linked to the item (no second item),
 * and edits then sync both ways.
 */
@ExtendWith(RealInfraExtension.class)
class CreatedFromMondayPipelineTest {
    @TempDir
    Path dataDir;

    @Test
    void anItemAPersonCreatesOnMondayBecomesOneLinkedRecord(RealInfra infra) {
        Map<String, String> env = TestTopics.pipelineEnvironment(infra, dataDir, "cfm" + System.nanoTime());
        env.put("COEFFECTION_STANDIN_DEMO", "0,0,0");
        LauncherConfig config = LauncherConfig.from(env);
        try (Pipeline pipeline = Pipeline.start(config, env, new SimpleMeterRegistry())) {
            MondayStandIn monday = pipeline.standIn().orElseThrow();
            CoeffectionStandIn coeffection = pipeline.coeffection().standIn().orElseThrow();
            List<BoardMapping> published = pipeline.publishMappings(new MappingLoader(Clock.systemUTC()).parse("""
                    tenant: demo
                    mappings:
                      - entity: Contact
                        board: { create: true }
                        createFromMonday: true
                        fields:
                          - { field: fullName, type: text,  column: { id: name,      type: name } }
                          - { field: email,    type: email, column: { id: email,     type: email } }
                          - { field: title,    type: text,  column: { id: job_title, type: text } }
                    """, "created-from-monday.yaml").mappings(), config);
            long board = published.get(0).getBoardId();
            MondayStandIn.AsUser person = monday.asUser(monday.config().users().get(0).id());

            long item = person.createItem(board, "Hedy Lamarr", null, Map.of(
                    "email", "{\"email\":\"hedy@example.com\",\"text\":\"hedy@example.com\"}",
                    "job_title", "\"Inventor\"")).id();

            await().atMost(Duration.ofSeconds(60)).until(() -> record(coeffection).isPresent());
            ObjectNode record = record(coeffection).orElseThrow();
            assertThat(record.path("fullName").asText()).isEqualTo("Hedy Lamarr");
            assertThat(record.path("email").asText()).isEqualTo("hedy@example.com");
            assertThat(record.path("title").asText()).isEqualTo("Inventor");
            assertThat(record.path("mondayItemId").asText()).isEqualTo(Long.toString(item));
            String recordId = record.path("id").asText();

            // linked, not created again: the board keeps its one item, and Coeffection one record
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() ->
                    monday.items(board).size() == 1 && coeffection.records().count("demo", "Contact") == 1);

            // both directions now go through the link
            person.changeColumnValues(board, item, Map.of("job_title", "\"Actress and inventor\""));
            await().atMost(Duration.ofSeconds(60)).until(() -> "Actress and inventor".equals(
                    coeffection.records().get("demo", "Contact", recordId).orElseThrow().path("title").asText()));
            ObjectNode edit = JsonNodeFactory.instance.objectNode().put("title", "Frequency hopping pioneer");
            coeffection.records().patch("demo", "Contact", recordId, edit, RecordStore.Actor.API, null);
            await().atMost(Duration.ofSeconds(60)).until(() -> "Frequency hopping pioneer".equals(
                    ExistingBoardPipelineTest.text(monday.item(item).orElseThrow(), "job_title")));
            assertThat(monday.items(board)).hasSize(1);
            assertThat(coeffection.records().count("demo", "Contact")).isEqualTo(1);
        }
    }

    private static Optional<ObjectNode> record(CoeffectionStandIn coeffection) {
        return coeffection.records().list("demo", "Contact", 0, 10, r -> true).records().stream().findFirst();
    }
}

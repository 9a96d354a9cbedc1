package com.coeffection.sync.launcher;

import com.coeffection.sync.coeffection.standin.CoeffectionStandIn;
import com.coeffection.sync.coeffection.standin.RecordStore;
import com.coeffection.sync.launcher.coeffection.BackfillRunner;
import com.coeffection.sync.monday.standin.MondayStandIn;
import com.coeffection.sync.monday.standin.StandInViews;
import com.coeffection.sync.schema.BoardMapping;
import com.coeffection.sync.schema.StageMapping;
import com.coeffection.sync.testkit.RealInfra;
import com.coeffection.sync.testkit.RealInfraExtension;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The main job as a newcomer meets it, in one JVM on the real broker and registry with both stand-ins: the boards
 * are created, the existing Coeffection records are backfilled as items, then edits on either side arrive on the
 * other, a true conflict is decided by the rules, a collapsed stage label maps back to its default stage, a forked
 * stage keeps the label a person chose, and the counts agree on both sides.
 */
@ExtendWith(RealInfraExtension.class)
class MainJobEndToEndTest {
    private static final long PERSON = 60_000_002L;

    @TempDir
    Path dataDir;

    @Test
    void backfillThenBothWaysThenAConflictACollapsedStageAndAForkedStage(RealInfra infra) throws Exception {
        Map<String, String> env = environment(infra);
        LauncherConfig config = LauncherConfig.from(env);
        ByteArrayOutputStream console = new ByteArrayOutputStream();

        try (Pipeline pipeline = Pipeline.start(config, env, new SimpleMeterRegistry())) {
            MondayStandIn monday = pipeline.standIn().orElseThrow();
            CoeffectionStandIn coeffection = pipeline.coeffection().standIn().orElseThrow();
            List<BoardMapping> boards = pipeline.publishMappings(BoardMappingFiles.load(Map.of(), true), config);
            BackfillRunner backfill = pipeline.backfill(boards, new PrintStream(console, true, StandardCharsets.UTF_8));
            long contacts = board(boards, "Contact").getBoardId();
            long deals = board(boards, "Opportunity").getBoardId();
            long leads = board(boards, "Lead").getBoardId();

            // every published mapping names the Coeffection ID column the provisioner made on its board
            for (BoardMapping mapping : boards) {
                assertThat(mapping.getCoeffectionIdColumnId()).as(mapping.getEntityType()).isEqualTo("coeffection_id");
                assertThat(monday.board(mapping.getBoardId()).orElseThrow().columns())
                        .anyMatch(c -> c.id().equals(mapping.getCoeffectionIdColumnId()));
            }

            // backfill: every existing record becomes one item, with its values
            assertThat(backfill.await(Duration.ofSeconds(60))).isTrue();
            await().atMost(Duration.ofSeconds(90)).until(() -> monday.items(contacts).size() == 12
                    && monday.items(deals).size() == 6 && monday.items(leads).size() == 4);
            assertThat(console.toString(StandardCharsets.UTF_8)).contains("Contact: 12/12 (100%)", "Lead: 4/4 (100%)");
            ObjectNode ada = coeffection.records().get("demo", "Contact", "cnt_DEMO00003").orElseThrow();
            StandInViews.ItemView adaItem = item(monday, contacts, "cnt_DEMO00003");
            assertThat(adaItem.name()).isEqualTo(ada.path("fullName").asText());
            assertThat(adaItem.values().get("email").text()).contains(ada.path("email").asText());

            // Coeffection -> monday: a person edits a contact's title on the Coeffection page
            coeffection.records().patch("demo", "Contact", "cnt_DEMO00003", fields("title", "Head of Research"),
                    person(), null);
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    "Head of Research".equals(item(monday, contacts, "cnt_DEMO00003").values().get("job_title").text()));

            // monday -> Coeffection: a person edits another contact's title on the board
            StandInViews.ItemView other = item(monday, contacts, "cnt_DEMO00005");
            monday.asUser(PERSON).changeColumnValues(contacts, other.id(), Map.of("job_title", "\"Chief Scientist\""));
            await().atMost(Duration.ofSeconds(30)).until(() -> "Chief Scientist".equals(
                    coeffection.records().get("demo", "Contact", "cnt_DEMO00005").orElseThrow().path("title").asText()));

            // a true conflict within one cycle: Coeffection first, monday a moment later: the later edit wins on both sides
            StandInViews.ItemView contested = item(monday, contacts, "cnt_DEMO00007");
            coeffection.records().patch("demo", "Contact", "cnt_DEMO00007", fields("title", "Edited in Coeffection"), person(), null);
            // the two edits' times must differ; both land before either side has synced
            await().pollDelay(Duration.ofMillis(20)).until(() -> true);
            monday.asUser(PERSON).changeColumnValues(contacts, contested.id(), Map.of("job_title", "\"Edited in monday\""));
            await().atMost(Duration.ofSeconds(45)).until(() ->
                    "Edited in monday".equals(coeffection.records().get("demo", "Contact", "cnt_DEMO00007").orElseThrow().path("title").asText())
                            && "Edited in monday".equals(item(monday, contacts, "cnt_DEMO00007").values().get("job_title").text()));

            // stage collapse: Prospecting and Negotiation share "Working on it"; a person choosing it on a Closed Won deal
            // sets the collapsed label's default stage (Prospecting) in Coeffection
            BoardMapping dealMapping = board(boards, "Opportunity");
            String wonGroup = dealMapping.getStages().stream().filter(s -> s.getStage().equals("Closed Won"))
                    .map(StageMapping::getGroupId).findFirst().orElseThrow();
            coeffection.records().patch("demo", "Opportunity", "opp_DEMO00001", fields("stage", "Closed Won"), person(), null);
            await().atMost(Duration.ofSeconds(30)).until(() -> wonGroup.equals(item(monday, deals, "opp_DEMO00001").groupId()));
            StandInViews.ItemView deal = item(monday, deals, "opp_DEMO00001");
            monday.asUser(PERSON).changeColumnValues(deals, deal.id(), Map.of("deal_stage", "{\"label\":\"Working on it\"}"));
            await().atMost(Duration.ofSeconds(30)).until(() -> "Prospecting".equals(
                    coeffection.records().get("demo", "Opportunity", "opp_DEMO00001").orElseThrow().path("stage").asText()));

            // fork: Unqualified has two labels, Stuck (written) and Not a fit. A person choosing Not a fit sets the stage
            // in Coeffection and the label stays; later writes of that stage keep the person's label, while a lead
            // no person labelled gets the first label
            coeffection.records().patch("demo", "Lead", "led_DEMO00001", fields("status", "Contacted"), person(), null);
            await().atMost(Duration.ofSeconds(30)).until(() -> "Working on it".equals(status(monday, leads, "led_DEMO00001")));
            monday.asUser(PERSON).changeColumnValues(leads, item(monday, leads, "led_DEMO00001").id(),
                    Map.of("lead_status", "{\"label\":\"Not a fit\"}"));
            await().atMost(Duration.ofSeconds(30)).until(() -> "Unqualified".equals(
                    coeffection.records().get("demo", "Lead", "led_DEMO00001").orElseThrow().path("status").asText()));
            coeffection.records().patch("demo", "Lead", "led_DEMO00001", fields("status", "Qualified"), person(), null);
            await().atMost(Duration.ofSeconds(30)).until(() -> "Done".equals(status(monday, leads, "led_DEMO00001")));
            coeffection.records().patch("demo", "Lead", "led_DEMO00001", fields("status", "Unqualified"), person(), null);
            coeffection.records().patch("demo", "Lead", "led_DEMO00002", fields("status", "Qualified"), person(), null);
            await().atMost(Duration.ofSeconds(30)).until(() -> "Done".equals(status(monday, leads, "led_DEMO00002")));
            coeffection.records().patch("demo", "Lead", "led_DEMO00002", fields("status", "Unqualified"), person(), null);
            await().atMost(Duration.ofSeconds(30)).until(() -> "Not a fit".equals(status(monday, leads, "led_DEMO00001"))
                    && "Stuck".equals(status(monday, leads, "led_DEMO00002")));
            // no flapping: the fork label and the stage stay as they are once the echoes have come back
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() ->
                    "Not a fit".equals(status(monday, leads, "led_DEMO00001"))
                            && "Unqualified".equals(coeffection.records().get("demo", "Lead", "led_DEMO00001").orElseThrow().path("status").asText()));

            // counts on both sides: one item per record, nothing duplicated by the echoes of all this
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() ->
                    monday.items(contacts).size() == coeffection.records().count("demo", "Contact"));
            assertThat(monday.items(contacts)).hasSize(coeffection.records().count("demo", "Contact"));
            assertThat(monday.items(deals)).hasSize(coeffection.records().count("demo", "Opportunity"));
            assertThat(monday.items(leads)).hasSize(coeffection.records().count("demo", "Lead"));
            assertThat(monday.items(contacts)).extracting(i -> i.values().get("coeffection_id").text()).doesNotHaveDuplicates();
        }
    }

    private static StandInViews.ItemView item(MondayStandIn monday, long board, String recordId) {
        return monday.items(board).stream().filter(i -> i.values().get("coeffection_id") != null
                && recordId.equals(i.values().get("coeffection_id").text())).findFirst().orElseThrow();
    }

    private static String status(MondayStandIn monday, long board, String recordId) {
        StandInViews.ValueView value = item(monday, board, recordId).values().get("lead_status");
        return value == null ? null : value.text();
    }

    private static BoardMapping board(List<BoardMapping> boards, String entity) {
        return boards.stream().filter(m -> m.getEntityType().equals(entity)).findFirst().orElseThrow();
    }

    private static RecordStore.Actor person() {
        return new RecordStore.Actor("USER", "usr_7", "Sam Support", "sam@coeffection.example");
    }

    private static ObjectNode fields(String name, String value) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put(name, value);
        return node;
    }

    private Map<String, String> environment(RealInfra infra) {
        Map<String, String> env = TestTopics.pipelineEnvironment(infra, dataDir, "main" + System.nanoTime());
        env.put("COEFFECTION_STANDIN_DEMO", "12,4,6");
        return env;
    }
}

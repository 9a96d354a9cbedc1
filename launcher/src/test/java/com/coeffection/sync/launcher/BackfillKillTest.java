package com.coeffection.sync.launcher;

import com.coeffection.sync.coeffection.standin.CoeffectionStandIn;
import com.coeffection.sync.coeffection.standin.CoeffectionStandInConfig;
import com.coeffection.sync.coeffection.standin.DemoData;
import com.coeffection.sync.coeffection.standin.Plan;
import com.coeffection.sync.monday.standin.MondayStandIn;
import com.coeffection.sync.monday.standin.StandInConfig;
import com.coeffection.sync.monday.standin.StandInViews;
import com.coeffection.sync.testkit.RealInfra;
import com.coeffection.sync.testkit.RealInfraExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The backfill of an automatically created board survives the whole pipeline being killed outright in the middle:
 * the launcher ({@code run}: ingress, processor, sink, backfill) runs as its own process against the real broker and
 * registry and against both stand-ins in this JVM, is killed with SIGKILL once part of the items exist, and is
 * started again; monday then holds exactly one item per Coeffection record. 1,000 records by default;
 * {@code -Dbackfill.kill.records=10000} runs the full 10,000-record form.
 */
@ExtendWith(RealInfraExtension.class)
class BackfillKillTest {
    private static final String SIGNING_SECRET = "kill-test-signing-secret";

    @TempDir
    Path dataDir;

    private final LauncherProcesses processes = new LauncherProcesses();

    @AfterEach
    void killLeftovers() {
        processes.killAll();
    }

    @Test
    void aPipelineKilledInTheMiddleOfABackfillEndsWithExactlyOneItemPerRecord(RealInfra infra) throws Exception {
        int records = Integer.getInteger("backfill.kill.records", 1_000);
        // the budget is lifted: this test is about the crash, not about monday's pace
        StandInConfig mondayConfig = StandInConfig.defaults().withBudget(1_000_000_000_000L, Duration.ofMinutes(1))
                .withDailyCallLimit(1_000_000).withSigningSecret(SIGNING_SECRET);
        try (MondayStandIn monday = MondayStandIn.start(mondayConfig);
             CoeffectionStandIn coeffection = new CoeffectionStandIn(CoeffectionStandInConfig.defaults()
                     .withPlan(Plan.ENTERPRISE).withDemo(new DemoData.Size(records, 0, 0))).start()) {
            Map<String, String> env = environment(infra, monday, coeffection);

            LauncherProcesses.Launch first = launch(env, "first");
            await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofMillis(50)).until(() ->
                    contactBoard(monday) != null && monday.items(contactBoard(monday)).size() >= records / 4);
            LauncherProcesses.signal(first.process(), "KILL");
            assertThat(first.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
            long board = contactBoard(monday);
            int atKill = monday.items(board).size();
            assertThat(atKill).as("items when the pipeline was killed").isLessThan(records);

            LauncherProcesses.Launch second = launch(env, "second");
            await().atMost(Duration.ofSeconds(records >= 5_000 ? 600 : 180)).pollInterval(Duration.ofMillis(200))
                    .until(() -> monday.items(board).size() >= records);
            // nothing more arrives once the resumed backfill and the redelivered commands are through
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(30)).until(() -> monday.items(board).size() == records);

            List<StandInViews.ItemView> items = monday.items(board);
            assertThat(items).hasSize(records);
            assertThat(items).extracting(i -> i.values().get("coeffection_id").text()).doesNotHaveDuplicates()
                    .hasSize(coeffection.records().count("demo", "Contact"));
            assertThat(monday.boards()).as("the restart found its board instead of making another").hasSize(1);
            assertThat(second.output()).contains("resumes at record");
            System.out.printf("backfill kill test: %,d records, killed at %,d items, %,d items after the restart%n",
                    records, atKill, items.size());
        }
    }

    private static Long contactBoard(MondayStandIn monday) {
        return monday.boards().stream().filter(b -> b.name().contains("Contact")).map(StandInViews.BoardView::id)
                .findFirst().orElse(null);
    }

    private Map<String, String> environment(RealInfra infra, MondayStandIn monday, CoeffectionStandIn coeffection)
            throws IOException {
        Path mappings = dataDir.resolve("contacts.yaml");
        Files.writeString(mappings, """
                tenant: demo
                mappings:
                  - entity: Contact
                    board: { create: true }
                    fields:
                      - { field: fullName, type: text,  column: { id: name,      type: name } }
                      - { field: email,    type: email, column: { id: email,     type: email } }
                      - { field: title,    type: text,  column: { id: job_title, type: text } }
                    stages:
                      field: status
                      statusColumn: contact_status
                      map:
                        - { stage: Lead,     labels: [New] }
                        - { stage: Prospect, labels: [Working on it] }
                        - { stage: Customer, labels: [Done] }
                """);
        Map<String, String> env = LauncherProcesses.againstStandIns(infra, dataDir, "kill", monday, coeffection,
                SIGNING_SECRET, mappings);
        // the backfill keeps close to the items monday holds, so that the kill lands in the middle of it
        env.put("BACKFILL_MAX_LAG", "200");
        env.put("BACKFILL_PAGE_SIZE", "50");
        return env;
    }

    private LauncherProcesses.Launch launch(Map<String, String> env, String name) throws IOException {
        return processes.run(dataDir.resolve("launcher-" + name + ".log"), "512m", env, List.of());
    }
}

package com.coeffection.sync.launcher;

import com.coeffection.sync.coeffection.standin.CoeffectionStandIn;
import com.coeffection.sync.coeffection.standin.CoeffectionStandInConfig;
import com.coeffection.sync.coeffection.standin.DemoData;
import com.coeffection.sync.coeffection.standin.Plan;
import com.coeffection.sync.monday.graphql.MondayClient;
import com.coeffection.sync.monday.graphql.MondayClientConfig;
import com.coeffection.sync.monday.graphql.Operations;
import com.coeffection.sync.monday.standin.MondayStandIn;
import com.coeffection.sync.monday.standin.StandInConfig;
import com.coeffection.sync.monday.standin.StandInViews;
import com.coeffection.sync.testkit.RealInfra;
import com.coeffection.sync.testkit.RealInfraExtension;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The reading of an existing board survives the pipeline being killed outright in the middle of it: the launcher
 * ({@code run}) runs as its own process, connects a board of 2,000 items (20 a page, 100 pages) and is killed with
 * SIGKILL once part of the pages are read; started again, it reads on from the page it had reached instead of from
 * the first, and the 20 Coeffection records are linked to their items with none created.
 */
@ExtendWith(RealInfraExtension.class)
class BoardIndexKillTest {
    private static final String SIGNING_SECRET = "index-kill-signing-secret";
    private static final int ITEMS = 2_000;
    private static final int PAGE = 20;
    private static final int RECORDS = 20;

    @TempDir
    Path dataDir;

    private final LauncherProcesses processes = new LauncherProcesses();

    @AfterEach
    void killLeftovers() {
        processes.killAll();
    }

    @Test
    void aPipelineKilledWhileReadingABoardReadsOnFromThePageItReached(RealInfra infra) throws Exception {
        StandInConfig mondayConfig = StandInConfig.defaults().withBudget(1_000_000_000_000L, Duration.ofMinutes(1))
                .withDailyCallLimit(1_000_000).withSigningSecret(SIGNING_SECRET);
        try (MondayStandIn monday = MondayStandIn.start(mondayConfig);
             CoeffectionStandIn coeffection = new CoeffectionStandIn(CoeffectionStandInConfig.defaults()
                     .withPlan(Plan.ENTERPRISE).withDemo(new DemoData.Size(RECORDS, 0, 0))).start()) {
            long board = existingBoard(monday, coeffection);
            Map<String, String> env = environment(infra, monday, coeffection, board);

            LauncherProcesses.Launch first = launch(env, "first");
            try {
                await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofMillis(20)).until(() -> nextPages(monday) >= 15);
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError("the board was not read; the launcher's log:\n" + first.output(), e);
            }
            LauncherProcesses.signal(first.process(), "KILL");
            assertThat(first.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
            int atKill = nextPages(monday);
            assertThat(atKill).as("pages read when the pipeline was killed").isLessThan(ITEMS / PAGE - 1);

            LauncherProcesses.Launch second = launch(env, "second");
            // every record linked to its item: the item carries the record's title
            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(200)).until(() ->
                    monday.items(board).stream().filter(i -> title(i) != null).count() == RECORDS);
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() ->
                    monday.items(board).size() == ITEMS);

            int firstPages = firstPages(monday);
            int nextPages = nextPages(monday);
            System.out.printf("board index kill test: %,d items, %d pages read at the kill, %d first-page and %d"
                    + " next-page reads in all%n", ITEMS, atKill + 1, firstPages - 2, nextPages);
            // each start connects the board (reading its columns with one item), the matcher reads the first page once
            assertThat(firstPages).as("the reading started once, not again after the restart").isEqualTo(2 + 1);
            // resumed from the cursor committed last: a page or two may be read again, never the pages before
            assertThat(nextPages).isBetween(ITEMS / PAGE - 1, ITEMS / PAGE + 2);
            assertThat(second.output()).contains("Indexed monday board " + board);
            assertThat(first.output()).doesNotContain("Indexed monday board " + board);
        }
    }

    /** A board of 2,000 items: the first 20 carry the emails of the Coeffection records, the rest no one's. */
    private static long existingBoard(MondayStandIn monday, CoeffectionStandIn coeffection) {
        long board;
        try (MondayClient client = new MondayClient(MondayClientConfig.of(monday.apiUrl(), monday.token())
                .withAssumedBudget(monday.config().budgetPerWindow()))) {
            board = client.execute(new Operations.CreateBoard("Contacts (existing)", "public", null, null, null)).id();
            client.execute(new Operations.CreateColumn(board, "Email", "email", "email", null, null));
            client.execute(new Operations.CreateColumn(board, "Job title", "text", "job_title", null, null));
        }
        MondayStandIn.AsUser person = monday.asUser(monday.config().users().get(0).id());
        List<ObjectNode> records = coeffection.records().list("demo", "Contact", 0, RECORDS, r -> true).records();
        assertThat(records).hasSize(RECORDS);
        for (int i = 0; i < ITEMS; i++) {
            Map<String, String> values = new LinkedHashMap<>();
            String name = "Filler item " + i;
            if (i < RECORDS) {
                String email = records.get(i).path("email").asText();
                values.put("email", "{\"email\":\"" + email + "\",\"text\":\"" + email + "\"}");
                name = records.get(i).path("fullName").asText();
            }
            person.createItem(board, name, null, values);
        }
        return board;
    }

    private static String title(StandInViews.ItemView item) {
        StandInViews.ValueView value = item.values().get("job_title");
        return value == null || value.text() == null || value.text().isEmpty() ? null : value.text();
    }

    private static int firstPages(MondayStandIn monday) {
        return (int) monday.receivedQueries().stream().filter(q -> q.contains("items_page(limit: $")).count();
    }

    private static int nextPages(MondayStandIn monday) {
        return (int) monday.receivedQueries().stream().filter(q -> q.contains("next_items_page")).count();
    }

    private Map<String, String> environment(RealInfra infra, MondayStandIn monday, CoeffectionStandIn coeffection,
                                            long board) throws IOException {
        Path mappings = dataDir.resolve("contacts.yaml");
        Files.writeString(mappings, """
                tenant: demo
                mappings:
                  - entity: Contact
                    board: { id: %d }
                    fields:
                      - { field: fullName, type: text,  column: { id: name,      type: name } }
                      - { field: email,    type: email, column: { id: email,     type: email } }
                      - { field: title,    type: text,  column: { id: job_title, type: text } }
                """.formatted(board));
        Map<String, String> env = LauncherProcesses.againstStandIns(infra, dataDir, "ixkill", monday, coeffection,
                SIGNING_SECRET, mappings);
        env.put("MATCH_PAGE_SIZE", Integer.toString(PAGE));
        return env;
    }

    private LauncherProcesses.Launch launch(Map<String, String> env, String name) throws IOException {
        return processes.run(dataDir.resolve("launcher-" + name + ".log"), "512m", env, List.of());
    }
}

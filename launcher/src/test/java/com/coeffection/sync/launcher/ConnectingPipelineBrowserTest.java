package com.coeffection.sync.launcher;

import com.coeffection.sync.coeffection.standin.CoeffectionStandIn;
import com.coeffection.sync.coeffection.standin.RecordStore;
import com.coeffection.sync.monday.standin.MondayStandIn;
import com.coeffection.sync.monday.standin.StandInViews;
import com.coeffection.sync.testkit.RealInfra;
import com.coeffection.sync.testkit.RealInfraExtension;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.Select;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Connecting monday through the integration page of a running pipeline, in headless Chromium: the admin signs in,
 * connects through the stand-in's OAuth screens, picks the Sales workspace and has the Contact board created
 * automatically; the demo contacts arrive on it. The token is revoked on the stand-in (the admin who connected left):
 * the page says "Reconnect needed" and a change made in Coeffection meanwhile waits; after a reconnect it is delivered,
 * and no item is lost or duplicated. The same after the admin disconnects and connects again.
 */
@ExtendWith(RealInfraExtension.class)
@EnabledIf("chromiumInstalled")
class ConnectingPipelineBrowserTest {
    private static final String TENANT = "demo";
    private static final String ADMIN_TOKEN = "connect-test-admin-token";
    private static final int CONTACTS = 6;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    static boolean chromiumInstalled() {
        return Files.isExecutable(Path.of("/usr/bin/chromium")) && Files.isExecutable(Path.of("/usr/bin/chromedriver"));
    }

    @Test
    @DisplayName("Given a running pipeline, when the admin connects, picks a workspace, creates the board, loses the token and reconnects, then the demo records arrive in that workspace and the change made meanwhile is delivered, none lost")
    void connectCreateRevokeReconnect(RealInfra infra) throws Exception {
        Map<String, String> env = new HashMap<>(TestTopics.pipelineEnvironment(infra, dataDir, "connect" + System.nanoTime()));
        env.put("COEFFECTION_STANDIN_DEMO", CONTACTS + ",0,0");
        env.put("CONNECTIONS_ADMIN_TOKENS", TENANT + "=" + ADMIN_TOKEN);
        LauncherConfig config = LauncherConfig.from(env);
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        WebDriver browser = Chromium.start();
        try (Pipeline pipeline = Pipeline.start(config, env, metrics)) {
            MondayStandIn monday = pipeline.standIn().orElseThrow();
            CoeffectionStandIn coeffection = pipeline.coeffection().standIn().orElseThrow();
            String page = pipeline.connections().baseUrl() + "/connections/";

            // ---- sign in, connect through monday's screens
            browser.get(page);
            browser.findElement(By.id("tenant")).sendKeys(TENANT);
            browser.findElement(By.id("token")).sendKeys(ADMIN_TOKEN);
            browser.findElement(By.id("signin-button")).click();
            awaitState(browser, "NOT_CONNECTED");
            browser.findElement(By.id("connect")).click();
            approveOnMonday(browser);
            awaitState(browser, "CONNECTED");

            // ---- pick the Sales workspace
            await().atMost(Duration.ofSeconds(15)).until(() -> browser.findElement(By.id("workspace-picker")).isDisplayed());
            new Select(browser.findElement(By.id("workspace-select"))).selectByVisibleText("Sales");
            browser.findElement(By.id("workspace-save")).click();
            await().atMost(Duration.ofSeconds(15)).until(() -> browser.findElement(By.id("workspace")).getText().contains("Sales"));

            // ---- create the Contact board automatically: it is made in Sales and the demo contacts arrive
            await().atMost(Duration.ofSeconds(15)).until(() -> !browser.findElements(
                    By.cssSelector("#entity-rows tr[data-entity=Contact] button.create-board")).isEmpty());
            browser.findElement(By.cssSelector("#entity-rows tr[data-entity=Contact] button.create-board")).click();
            await().atMost(Duration.ofSeconds(60)).until(() -> browser.findElement(By.id("mapping-result")).getText()
                    .contains("Published"));
            long board = await().atMost(Duration.ofSeconds(30)).until(() -> salesBoard(monday), b -> b > 0);
            await().atMost(Duration.ofSeconds(90)).until(() -> linkedItems(monday, board).size() == CONTACTS);
            // ... and the admin sees them on monday's board (the stand-in's board page)
            String someone = linkedItems(monday, board).get(CONTACTS - 1).name();
            browser.get(monday.baseUrl() + "/standin/boards");
            await().atMost(Duration.ofSeconds(15)).ignoreExceptions().until(() -> browser.getPageSource().contains(someone));
            browser.get(page + "?tenant=" + TENANT);
            awaitState(browser, "CONNECTED");
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
                browser.navigate().refresh();
                // the time of the last delivery, as ISO-8601 text
                return browser.findElement(By.id("last-sync")).getText().matches("\\d{4}-\\d{2}-\\d{2}T.*Z");
            });
            Chromium.screenshot(browser, "connecting-pipeline-connected.png");

            // ---- the admin who connected leaves: the token is revoked on monday
            browser.get(monday.baseUrl() + "/oauth2/grants");
            browser.findElement(By.cssSelector("button.revoke")).click();
            await().atMost(Duration.ofSeconds(15)).ignoreExceptions().until(() -> browser.getPageSource().contains("revoked "));
            // a change made in Coeffection now cannot reach monday
            String record = linkedItems(monday, board).get(0).values().get("coeffection_id").text();
            patch(coeffection, record, "title", "Changed while disconnected");
            browser.get(page + "?tenant=" + TENANT);
            awaitState(browser, "RECONNECT_NEEDED");
            assertThat(browser.findElement(By.id("state")).getText()).isEqualTo("Reconnect needed");
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6)).until(() ->
                    !"Changed while disconnected".equals(text(monday, board, record, "job_title")));
            Chromium.screenshot(browser, "connecting-pipeline-reconnect-needed.png");

            // ---- reconnect: the waiting change is delivered, nothing lost or duplicated
            browser.findElement(By.id("connect")).click();
            approveOnMonday(browser);
            awaitState(browser, "CONNECTED");
            await().atMost(Duration.ofSeconds(90)).until(() ->
                    "Changed while disconnected".equals(text(monday, board, record, "job_title")));
            assertThat(monday.items(board)).hasSize(CONTACTS);
            assertThat(linkedItems(monday, board)).extracting(i -> i.values().get("coeffection_id").text())
                    .doesNotHaveDuplicates().hasSize(CONTACTS);

            // ---- the admin disconnects: the tenant's sync stops, a change waits, a reconnect delivers it
            browser.get(page + "?tenant=" + TENANT);
            awaitState(browser, "CONNECTED");
            browser.findElement(By.id("disconnect")).click();
            awaitState(browser, "DISCONNECTED");
            patch(coeffection, record, "title", "Changed after the disconnect");
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6)).until(() ->
                    "Changed while disconnected".equals(text(monday, board, record, "job_title")));
            browser.findElement(By.id("connect")).click();
            approveOnMonday(browser);
            awaitState(browser, "CONNECTED");
            assertThat(browser.findElement(By.id("workspace")).getText()).as("the same account keeps its workspace")
                    .contains("Sales");
            await().atMost(Duration.ofSeconds(90)).until(() ->
                    "Changed after the disconnect".equals(text(monday, board, record, "job_title")));
            assertThat(monday.items(board)).hasSize(CONTACTS);
        } finally {
            browser.quit();
        }
    }

    private static String state(WebDriver browser) {
        return browser.findElement(By.id("state")).getAttribute("data-state");
    }

    private static void awaitState(WebDriver browser, String expected) {
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> expected.equals(state(browser)));
    }

    private static void approveOnMonday(WebDriver browser) {
        await().atMost(Duration.ofSeconds(15)).until(() -> browser.getTitle().contains("Authorize"));
        new Select(browser.findElement(By.id("user"))).selectByVisibleText("Ana Admin (ana@customer.example)");
        browser.findElement(By.id("approve")).click();
    }

    /** The id of the board in the Sales workspace (0 while there is none). */
    private static long salesBoard(MondayStandIn monday) throws Exception {
        JsonNode boards = JSON.readTree(monday.asUser(monday.integrationUserId())
                .graphql("{ boards(workspace_ids: [2]) { id name } }", Map.of())).path("data").path("boards");
        return boards.size() == 1 ? boards.get(0).get("id").asLong() : 0;
    }

    private static List<StandInViews.ItemView> linkedItems(MondayStandIn monday, long board) {
        return monday.items(board).stream().filter(i -> i.values().get("coeffection_id") != null
                && i.values().get("coeffection_id").text() != null && !i.values().get("coeffection_id").text().isBlank()).toList();
    }

    private static String text(MondayStandIn monday, long board, String recordId, String column) {
        return monday.items(board).stream().filter(i -> i.values().get("coeffection_id") != null
                        && recordId.equals(i.values().get("coeffection_id").text())).findFirst()
                .map(i -> i.values().get(column) == null ? null : i.values().get(column).text()).orElse(null);
    }

    private static void patch(CoeffectionStandIn coeffection, String recordId, String field, String value) {
        coeffection.records().patch(TENANT, "Contact", recordId, JsonNodeFactory.instance.objectNode().put(field, value),
                new RecordStore.Actor("USER", "usr_7", "Sam Support", "sam@coeffection.example"), null);
    }
}

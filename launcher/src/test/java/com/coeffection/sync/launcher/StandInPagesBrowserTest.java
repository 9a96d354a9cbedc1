package com.coeffection.sync.launcher;

import com.coeffection.sync.coeffection.standin.CoeffectionStandIn;
import com.coeffection.sync.launcher.coeffection.BackfillRunner;
import com.coeffection.sync.monday.standin.MondayStandIn;
import com.coeffection.sync.schema.BoardMapping;
import com.coeffection.sync.testkit.RealInfra;
import com.coeffection.sync.testkit.RealInfraExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The two stand-ins' pages in a real headless Chromium, on the whole pipeline: a person edits a contact on the
 * Coeffection stand-in's page and watches the item change on the monday stand-in's board page. Screenshots of both
 * go to target/screenshots.
 */
@ExtendWith(RealInfraExtension.class)
class StandInPagesBrowserTest {
    @TempDir
    Path dataDir;
    private WebDriver browser;

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void anEditSavedOnTheCoeffectionPageAppearsOnTheMondayBoardPage(RealInfra infra) throws Exception {
        Map<String, String> env = TestTopics.pipelineEnvironment(infra, dataDir, "pages" + System.nanoTime());
        env.put("COEFFECTION_STANDIN_DEMO", "8,3,4");
        LauncherConfig config = LauncherConfig.from(env);

        try (Pipeline pipeline = Pipeline.start(config, env, new SimpleMeterRegistry())) {
            MondayStandIn monday = pipeline.standIn().orElseThrow();
            CoeffectionStandIn coeffection = pipeline.coeffection().standIn().orElseThrow();
            List<BoardMapping> boards = pipeline.publishMappings(BoardMappingFiles.load(Map.of(), true), config);
            BackfillRunner backfill = pipeline.backfill(boards, new PrintStream(OutputStream.nullOutputStream()));
            assertThat(backfill.await(Duration.ofSeconds(60))).isTrue();
            long contacts = boards.stream().filter(m -> m.getEntityType().equals("Contact")).findFirst().orElseThrow().getBoardId();
            await().atMost(Duration.ofSeconds(60)).until(() -> monday.items(contacts).size() == 8);

            browser = Chromium.start();
            // the Coeffection page: open a contact, change its title, save
            browser.get(coeffection.baseUrl() + "/");
            await().atMost(Duration.ofSeconds(10)).until(() -> !browser.findElements(By.cssSelector("#records tbody tr")).isEmpty());
            browser.findElement(By.cssSelector("#records tbody tr[data-id='cnt_DEMO00002']")).click();
            WebElement title = browser.findElement(By.cssSelector("#editor input[name='title']"));
            title.clear();
            title.sendKeys("Head of Partnerships");
            browser.findElement(By.cssSelector("#editor button[type='submit']")).click();
            await().atMost(Duration.ofSeconds(10)).until(() -> browser.findElement(By.id("status")).getText().startsWith("Saved"));
            Chromium.screenshot(browser, "coeffection-standin.png");

            // the monday board page shows the item with the new title, within seconds
            browser.get(monday.baseUrl() + "/standin/boards");
            await().atMost(Duration.ofSeconds(30)).until(() -> browser.findElement(By.id("board")).getText()
                    .contains("Head of Partnerships"));
            assertThat(browser.findElement(By.id("boards")).getText()).contains("Coeffection — Contacts (8)");
            Chromium.screenshot(browser, "monday-standin-board.png");
        }
    }
}

package com.coeffection.sync.launcher;

import com.coeffection.sync.schema.CommandOutcome;
import com.coeffection.sync.schema.FieldChange;
import com.coeffection.sync.schema.MondayCommandResult;
import com.coeffection.sync.serde.AvroDeserializer;
import com.coeffection.sync.testkit.RealInfra;
import com.coeffection.sync.testkit.RealInfraExtension;
import com.coeffection.sync.values.FieldValues;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Sync History page in Debian's headless Chromium (Selenium with Debian's chromium-driver, no browser download),
 * on the whole pipeline with the monday stand-in: a support person logs in, finds a record, sees its failed entry
 * with monday's message, presses Retry twice and sees it succeed once. Leaves a screenshot in target/screenshots.
 */
@ExtendWith(RealInfraExtension.class)
class SyncHistoryPageBrowserTest {
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
    void supportFindsARecordSeesMondaysMessageAndARetryPressedTwiceSucceedsOnce(RealInfra infra) throws Exception {
        try (HistoryPipeline sync = new HistoryPipeline(infra, dataDir)) {
            // a contact written while monday has the board locked: the sink gives up after its attempts
            Instant t0 = Instant.now().minusSeconds(30);
            sync.monday.faults().lockBoard(sync.contactBoard);
            sync.contactCreated("evt-page", "cnt_page", t0,
                    new FieldChange("fullName", FieldValues.text("Dorothy Vaughan"), t0),
                    new FieldChange("email", FieldValues.email("dorothy@example.com"), t0));
            JsonNode failed = await().atMost(Duration.ofSeconds(90)).until(() -> sync.entry("rc:evt-page"),
                    e -> e != null && e.get("status").asText().equals("FAILED"));
            sync.monday.faults().unlockBoard(sync.contactBoard);

            browser = Chromium.start();
            browser.get(sync.history.pageUrl());
            browser.findElement(By.id("tenant")).sendKeys("demo");
            browser.findElement(By.id("token")).sendKeys(HistoryPipeline.TOKEN);
            browser.findElement(By.id("login")).click();
            await().atMost(Duration.ofSeconds(10)).until(() -> browser.findElement(By.id("app-view")).isDisplayed());
            browser.findElement(By.id("q")).sendKeys("dorothy@example.com");
            browser.findElement(By.id("search")).click();
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    !browser.findElements(By.cssSelector(".entry[data-status='FAILED']")).isEmpty());

            WebElement entry = browser.findElement(By.cssSelector(".entry[data-status='FAILED']"));
            assertThat(entry.findElement(By.className("error-message")).getText())
                    .contains(failed.get("errorMessage").asText());
            assertThat(entry.getText()).contains("Coeffection → monday").contains("Dorothy Vaughan").contains("Sarah");

            entry.findElement(By.className("retry")).click();
            WebElement outcome = entry.findElement(By.className("retry-outcome"));
            await().atMost(Duration.ofSeconds(60)).until(() -> outcome.getText().equals("Retry succeeded"));
            Chromium.screenshot(browser, "sync-history.png");
            entry.findElement(By.className("retry")).click();
            await().atMost(Duration.ofSeconds(10)).until(() -> outcome.getText().equals("Already retried: succeeded"));

            var results = new AvroDeserializer<>(sync.registry, MondayCommandResult.class);
            long delivered = infra.readAll(sync.config.topics().mondayResults(), 100, Duration.ofSeconds(3)).stream()
                    .map(r -> results.deserialize(r.topic(), r.value()))
                    .filter(r -> r.getHistoryEntryId() != null && r.getHistoryEntryId().startsWith("ctl:retry:rc:evt-page"))
                    .filter(r -> r.getOutcome() == CommandOutcome.DELIVERED).count();
            assertThat(delivered).isEqualTo(1);
            assertThat(sync.monday.items(sync.contactBoard)).extracting(i -> i.name()).containsOnlyOnce("Dorothy Vaughan");
        }
    }
}

package com.coeffection.sync.launcher;

import com.coeffection.sync.matching.NameSimilarity;
import com.coeffection.sync.matching.Normalizer;
import com.coeffection.sync.monday.standin.MondayStandIn;
import com.coeffection.sync.monday.standin.StandInViews;
import com.coeffection.sync.schema.FieldChange;
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
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The review queue of the Sync History page in headless Chromium, on the whole pipeline with an existing monday board:
 * two records whose names are only similar to items already on the board wait for a person; approving one links it
 * to its item (which takes the record's values), rejecting the other gives it an item of its own, and both leave the
 * queue. Leaves a screenshot in target/screenshots.
 */
@ExtendWith(RealInfraExtension.class)
class ReviewQueueBrowserTest {
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
    void aPersonApprovesOneProposedMatchAndRejectsTheOtherInTheReviewQueue(RealInfra infra) throws Exception {
        assertThat(similarity("Marto Kowalsky", "Marta Kowalska")).isBetween(0.85, 0.99);
        assertThat(similarity("Katherine Jonson", "Katherine Johnson")).isBetween(0.85, 0.99);
        try (HistoryPipeline sync = new HistoryPipeline(infra, dataDir)) {
            MondayStandIn monday = sync.monday;
            ExistingBoardPipelineTest.Board board = ExistingBoardPipelineTest.board(sync.pipeline);
            MondayStandIn.AsUser person = monday.asUser(monday.config().users().get(0).id());
            long marta = person.createItem(board.id(), "Marta Kowalska", board.leads(), Map.of()).id();
            long katherine = person.createItem(board.id(), "Katherine Johnson", board.leads(), Map.of()).id();
            sync.pipeline.publishMappings(ExistingBoardPipelineTest.mapping(board), sync.config);

            Instant t0 = Instant.now().minusSeconds(30);
            sync.contactCreated("evt-rv1", "cnt_rv1", t0, new FieldChange("fullName", FieldValues.text("Marto Kowalsky"), t0),
                    new FieldChange("title", FieldValues.text("Navigator"), t0),
                    new FieldChange("status", FieldValues.status("Lead"), t0));
            sync.contactCreated("evt-rv2", "cnt_rv2", t0, new FieldChange("fullName", FieldValues.text("Katherine Jonson"), t0),
                    new FieldChange("title", FieldValues.text("Mathematician"), t0),
                    new FieldChange("status", FieldValues.status("Lead"), t0));
            await().atMost(Duration.ofSeconds(90)).until(() -> waiting(sync) == 2);

            browser = Chromium.start();
            browser.get(sync.history.pageUrl());
            browser.findElement(By.id("tenant")).sendKeys("demo");
            browser.findElement(By.id("token")).sendKeys(HistoryPipeline.TOKEN);
            browser.findElement(By.id("login")).click();
            await().atMost(Duration.ofSeconds(10)).until(() -> browser.findElement(By.id("app-view")).isDisplayed());
            browser.findElement(By.cssSelector(".tab[data-tab='review']")).click();
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    browser.findElements(By.cssSelector("#review-list .entry[data-status='REVIEW']")).size() == 2);

            WebElement first = proposal("cnt_rv1");
            assertThat(first.getText()).contains("monday item " + marta).contains("Marta Kowalska")
                    .contains("Marto Kowalsky").contains("86% similar");
            assertThat(first.findElement(By.cssSelector("td.on-monday")).getText()).isEqualTo("Marta Kowalska");
            assertThat(first.findElement(By.cssSelector("td.on-record")).getText()).isEqualTo("Marto Kowalsky");
            Chromium.screenshot(browser, "review-queue.png");

            first.findElement(By.className("approve")).click();
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    first.findElement(By.className("retry-outcome")).getText().equals("Match approved"));
            WebElement second = proposal("cnt_rv2");
            second.findElement(By.className("reject")).click();
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    second.findElement(By.className("retry-outcome")).getText().equals("Match rejected"));

            // approved: the existing item takes the record's values; rejected: the record gets an item of its own
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    "Navigator".equals(ExistingBoardPipelineTest.text(monday.item(marta).orElseThrow(), "job_title"))
                            && monday.items(board.id()).size() == 3);
            assertThat(monday.item(marta).orElseThrow().name()).isEqualTo("Marto Kowalsky");
            assertThat(ExistingBoardPipelineTest.text(monday.item(katherine).orElseThrow(), "job_title")).isNull();
            assertThat(monday.items(board.id())).extracting(StandInViews.ItemView::name)
                    .containsExactlyInAnyOrder("Marto Kowalsky", "Katherine Johnson", "Katherine Jonson");

            // both decisions were applied: the entries leave the queue, which the page shows empty
            await().atMost(Duration.ofSeconds(30)).until(() -> waiting(sync) == 0);
            JsonNode approved = sync.entry(first.getAttribute("data-entry"));
            JsonNode rejected = sync.entry(second.getAttribute("data-entry"));
            assertThat(approved.get("status").asText()).isEqualTo("SUCCEEDED");
            assertThat(approved.get("retries").get(0).get("rule").asText()).isEqualTo("match-approved");
            assertThat(rejected.get("status").asText()).isEqualTo("REJECTED");
            browser.findElement(By.cssSelector(".tab[data-tab='records']")).click();
            browser.findElement(By.cssSelector(".tab[data-tab='review']")).click();
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    browser.findElement(By.id("review-list")).getText().equals("Nothing waits for review."));
        }
    }

    /** How many entries the review queue holds; -1 while history-sink is not ready to answer. */
    private static int waiting(HistoryPipeline sync) throws Exception {
        JsonNode items = sync.get("/api/v1/tenants/demo/review-queue").get("items");
        return items == null ? -1 : items.size();
    }

    private WebElement proposal(String recordId) {
        return browser.findElement(By.cssSelector("#review-list .entry[data-record='" + recordId + "']"));
    }

    private static double similarity(String a, String b) {
        return NameSimilarity.of(Normalizer.name(a).orElseThrow(), Normalizer.name(b).orElseThrow());
    }
}

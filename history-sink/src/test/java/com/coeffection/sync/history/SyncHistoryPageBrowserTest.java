package com.coeffection.sync.history;

import com.coeffection.sync.schema.ControlKind;
import com.coeffection.sync.schema.SyncControl;
import com.coeffection.sync.schema.SyncHistoryEntry;
import com.coeffection.sync.serde.AvroDeserializer;
import com.coeffection.sync.testkit.RealInfra;
import com.coeffection.sync.testkit.RealInfraExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Sync History page in Debian's headless Chromium (Selenium with Debian's chromium-driver): log in, find a
 * record, see its failed entry with monday's message, press Retry twice and see it succeed once. The retry's
 * delivery is played by writing what the processor and the sink write for a RESEND (once per request id); the
 * processor's own handling is tested in stream-processor. Leaves a screenshot in target/screenshots.
 */
@ExtendWith(RealInfraExtension.class)
class SyncHistoryPageBrowserTest {
    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String DRIVER = "/usr/bin/chromedriver";
    private HistoryCluster cluster;
    private WebDriver browser;
    private Thread processorSide;
    private final AtomicBoolean stop = new AtomicBoolean();

    @AfterEach
    void stop() throws InterruptedException {
        stop.set(true);
        if (processorSide != null) {
            processorSide.join(10_000);
        }
        if (browser != null) {
            browser.quit();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void supportFindsARecordSeesMondaysMessageAndARetryPressedTwiceSucceedsOnce(RealInfra infra) throws Exception {
        cluster = new HistoryCluster(infra).start(1);
        Instant t0 = Instant.now().minus(Duration.ofMinutes(30));
        SyncHistoryEntry ok = Samples.decision("acme", "c-1001", "rc:first", t0).build();
        SyncHistoryEntry failed = Samples.decision("acme", "c-1001", "rc:second", t0.plusSeconds(60)).build();
        cluster.decided(ok);
        cluster.reported(Samples.delivered(ok, 0, t0.plusSeconds(1)).build());
        cluster.decided(failed);
        cluster.reported(Samples.refused(failed, 0, t0.plusSeconds(61)).build());
        AtomicInteger deliveries = new AtomicInteger();
        processorSide = answerResends(deliveries);

        browser = chromium();
        browser.get(cluster.instance(0).pageUrl());
        browser.findElement(By.id("tenant")).sendKeys("acme");
        browser.findElement(By.id("token")).sendKeys(HistoryCluster.ACME_TOKEN);
        browser.findElement(By.id("login")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.findElement(By.id("app-view")).isDisplayed());

        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
            WebElement q = browser.findElement(By.id("q"));
            q.clear();
            q.sendKeys("c-1001");
            browser.findElement(By.id("search")).click();
            await().atMost(Duration.ofSeconds(3)).until(() ->
                    !browser.findElements(By.cssSelector(".entry[data-status='FAILED']")).isEmpty());
        });
        WebElement entry = browser.findElement(By.cssSelector(".entry[data-status='FAILED']"));
        assertThat(entry.findElement(By.className("error-message")).getText())
                .contains("invalid value, please check our API documentation").contains("ColumnValueException");
        assertThat(entry.findElement(By.className("before")).getText()).isEqualTo("old@acme.test");
        assertThat(entry.getText()).contains("Coeffection → monday").contains("latest-change-wins").contains("Alice Martin");
        assertThat(browser.findElements(By.cssSelector(".entry[data-status='SUCCEEDED']"))).hasSize(1);

        entry.findElement(By.className("retry")).click();
        WebElement outcome = entry.findElement(By.className("retry-outcome"));
        await().atMost(Duration.ofSeconds(30)).until(() -> outcome.getText().equals("Retry succeeded"));
        screenshot("sync-history.png");
        entry.findElement(By.className("retry")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> outcome.getText().equals("Already retried: succeeded"));

        assertThat(deliveries.get()).isEqualTo(1);
        var requests = cluster.infra.readAll(cluster.topics.control(), 2, Duration.ofSeconds(3));
        assertThat(requests).hasSize(1);
    }

    private WebDriver chromium() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1280,900");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(DRIVER))
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    /**
     * What the processor and the sink write for a RESEND: the processor's {@code ctl:{requestId}} entry naming the
     * retried entry, and the sink's DELIVERED outcome of its command; once per request id.
     */
    private Thread answerResends(AtomicInteger deliveries) {
        Thread t = new Thread(() -> {
            var controls = new AvroDeserializer<>(cluster.registry, SyncControl.class);
            Set<String> seen = new HashSet<>();
            try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(cluster.infra.consumerConfig(
                    "processor-side-" + UUID.randomUUID()))) {
                consumer.subscribe(List.of(cluster.topics.control()));
                while (!stop.get()) {
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                        SyncControl c = controls.deserialize(r.topic(), r.value());
                        if (c.getKind() != ControlKind.RESEND || !seen.add(c.getRequestId())) {
                            continue;
                        }
                        Instant now = Instant.now();
                        SyncHistoryEntry retry = Samples.decision(c.getTenantId(), c.getRecordId(),
                                "ctl:" + c.getRequestId(), now).setRelatedEntryId(c.getEntryId())
                                .setControlRequestId(c.getRequestId()).build();
                        cluster.decided(retry);
                        cluster.reported(Samples.delivered(retry, 0, now.plusMillis(100)).build());
                        deliveries.incrementAndGet();
                    }
                }
            }
        }, "processor-side");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private void screenshot(String name) throws Exception {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Path dir = Path.of("target", "screenshots");
        Files.createDirectories(dir);
        Files.copy(shot.toPath(), dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
}

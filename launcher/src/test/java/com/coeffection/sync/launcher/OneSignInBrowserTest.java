package com.coeffection.sync.launcher;

import com.coeffection.sync.history.HistoryApp;
import com.coeffection.sync.testkit.RealInfra;
import com.coeffection.sync.testkit.RealInfraExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The pipeline as {@code bin/run} starts it serves the Sync History page and the integration page on one server with
 * one sign-in: an admin who signs in on the integration page opens the tenant's history without signing in again
 * (and signs out of both at once); a support person's history token opens the history but not the integration page.
 */
@ExtendWith(RealInfraExtension.class)
@EnabledIf("com.coeffection.sync.launcher.Chromium#installed")
class OneSignInBrowserTest {
    private static final String TENANT = "demo";
    private static final String ADMIN_TOKEN = "one-sign-in-admin-token";
    private static final String SUPPORT_TOKEN = "one-sign-in-support-token";

    @TempDir
    Path dataDir;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    @DisplayName("Given the whole pipeline, when an admin signs in on the integration page and a support person on the history page, then both pages answer on one server, the admin reads the history without a second sign-in, and the support token does not open the integration page")
    void oneServerOneSignIn(RealInfra infra) throws Exception {
        Map<String, String> env = new HashMap<>(TestTopics.pipelineEnvironment(infra, dataDir, "signin" + System.nanoTime()));
        env.put("COEFFECTION_STANDIN_DEMO", "2,0,0");
        env.put("CONNECTIONS_ADMIN_TOKENS", TENANT + "=" + ADMIN_TOKEN + ",acme=acme-admin-token");
        env.put("HISTORY_TENANT_TOKENS", TENANT + "=" + SUPPORT_TOKEN);
        env.put("HISTORY_PORT", "0");
        LauncherConfig config = LauncherConfig.from(env);
        WebDriver browser = Chromium.start();
        try (Pipeline pipeline = Pipeline.start(config, env, new SimpleMeterRegistry(), Pipeline.Pages.WITH_HISTORY)) {
            HistoryApp history = pipeline.history().orElseThrow();
            String base = history.baseUrl();
            assertThat(pipeline.connections().baseUrl()).as("the integration page is served by the history's server")
                    .isEqualTo(URI.create(base));
            await().atMost(Duration.ofSeconds(60)).until(history::running);
            // the demo records sync, so the tenant has history to read
            pipeline.backfill(pipeline.publishMappings(BoardMappingFiles.load(Map.of(), true), config), System.out);

            // ---- the rights, through the API: an admin reads their own tenant's history only
            await().atMost(Duration.ofSeconds(30)).until(() -> status(base + "/api/v1/tenants/demo/counts", ADMIN_TOKEN) == 200);
            assertThat(status(base + "/api/v1/tenants/acme/counts", ADMIN_TOKEN)).isEqualTo(403);
            assertThat(status(base + "/api/v1/tenants/demo/counts", "acme-admin-token")).isEqualTo(403);
            // ... a support token opens the history, not the integration API
            assertThat(status(base + "/api/v1/tenants/demo/counts", SUPPORT_TOKEN)).isEqualTo(200);
            assertThat(status(base + "/connections/api/v1/tenants/demo/monday", SUPPORT_TOKEN)).isEqualTo(401);
            assertThat(status(base + "/connections/api/v1/tenants/demo/monday", ADMIN_TOKEN)).isEqualTo(200);
            assertThat(status(base + "/connections/health", null)).isEqualTo(200);
            // the history's own answers stay as they were on the shared server
            assertThat(body(base + "/api/v1/tenants/demo/entries?since=not-a-time", SUPPORT_TOKEN)).contains("BAD_REQUEST");

            // ---- the admin signs in once, on the integration page, and opens the Sync History from there
            browser.get(base + "/connections/");
            browser.findElement(By.id("tenant")).sendKeys(TENANT);
            browser.findElement(By.id("token")).sendKeys(ADMIN_TOKEN);
            browser.findElement(By.id("signin-button")).click();
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() ->
                    "NOT_CONNECTED".equals(browser.findElement(By.id("state")).getAttribute("data-state")));
            await().atMost(Duration.ofSeconds(10)).until(() -> browser.findElement(By.id("history-link")).isDisplayed());
            Chromium.screenshot(browser, "one-sign-in-integration.png");
            browser.findElement(By.id("history-link")).click();
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() ->
                    browser.findElement(By.id("app-view")).isDisplayed());
            assertThat(browser.findElement(By.id("login-view")).isDisplayed()).as("no second sign-in").isFalse();
            assertThat(browser.findElement(By.id("who")).getText()).contains(TENANT);
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
                browser.navigate().refresh();
                return browser.findElement(By.id("counts")).getText().contains("SUCCEEDED");
            });
            assertThat(browser.findElement(By.id("integration-link")).isDisplayed()).isTrue();
            Chromium.screenshot(browser, "one-sign-in-history.png");

            // ---- logging out of the history signs the admin out of the integration page too
            browser.findElement(By.id("logout")).click();
            await().atMost(Duration.ofSeconds(10)).until(() -> browser.findElement(By.id("login-view")).isDisplayed());
            browser.get(base + "/connections/?tenant=" + TENANT);
            await().atMost(Duration.ofSeconds(15)).until(() -> browser.findElement(By.id("signin")).isDisplayed());
            assertThat(browser.findElement(By.id("connection")).isDisplayed()).isFalse();

            // ---- a support person signs in on the history page; the integration page stays closed to them
            browser.get(base + "/history/");
            browser.findElement(By.id("tenant")).sendKeys(TENANT);
            browser.findElement(By.id("token")).sendKeys(SUPPORT_TOKEN);
            browser.findElement(By.id("login")).click();
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() ->
                    browser.findElement(By.id("app-view")).isDisplayed());
            await().atMost(Duration.ofSeconds(10)).until(() -> browser.findElement(By.id("integration-link")).isDisplayed());
            browser.findElement(By.id("integration-link")).click();
            await().atMost(Duration.ofSeconds(15)).until(() -> browser.getCurrentUrl().contains("/connections/")
                    && browser.findElement(By.id("signin")).isDisplayed());
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() ->
                    !browser.findElement(By.id("connection")).isDisplayed());
        } finally {
            browser.quit();
        }
    }

    private int status(String url, String token) throws Exception {
        return send(url, token).statusCode();
    }

    private String body(String url, String token) throws Exception {
        return send(url, token).body();
    }

    private HttpResponse<String> send(String url, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}

package com.coeffection.sync.connections.web;

import com.coeffection.sync.connections.ConnectionsHarnessAccess;
import com.coeffection.sync.testkit.RealInfra;
import com.coeffection.sync.testkit.RealInfraExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The integration page in Debian's headless Chromium (Selenium with Debian's chromium-driver): an admin signs in,
 * connects monday through the stand-in's authorize screen, picks the workspace; the token is revoked on the
 * stand-in and the page says "Reconnect needed"; the admin reconnects; a mapping with a mistake shows the problem.
 */
@ExtendWith(RealInfraExtension.class)
@EnabledIf("chromiumInstalled")
class ConnectingPageBrowserTest {
    private static final String BINARY = "/usr/bin/chromium";
    private static final String DRIVER = "/usr/bin/chromedriver";
    private static final String STARTER = ConnectionsHarnessAccess.starter();


    private ConnectionsHarnessAccess harness;
    private WebDriver browser;

    static boolean chromiumInstalled() {
        return Files.isExecutable(Path.of(BINARY)) && Files.isExecutable(Path.of(DRIVER));
    }

    @BeforeEach
    void start(RealInfra infra, @TempDir Path dir) {
        harness = new ConnectionsHarnessAccess(infra, dir, STARTER);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BINARY);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=1280,1100");
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(new File(DRIVER))
                .usingAnyFreePort().build(), options);
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        harness.close();
    }

    private String state() {
        return browser.findElement(By.id("state")).getAttribute("data-state");
    }

    private void awaitState(String expected) {
        // right after Authorize the browser can still be on monday's page (no #state yet): keep polling
        await().atMost(Duration.ofSeconds(15)).ignoreExceptions().until(() -> expected.equals(state()));
    }

    private void approveOnMonday() {
        await().atMost(Duration.ofSeconds(15)).until(() -> browser.getTitle().contains("Authorize"));
        assertThat(browser.findElement(By.id("scopes")).getText()).contains("boards:write", "webhooks:write");
        new Select(browser.findElement(By.id("user"))).selectByVisibleText("Ana Admin (ana@customer.example)");
        browser.findElement(By.id("approve")).click();
    }

    /** Signs in as acme's admin, sees "not connected", connects through the stand-in's screens. */
    private void signInAndConnect() {
        browser.get(harness.baseUrl() + "/connections/");
        browser.findElement(By.id("tenant")).sendKeys("acme");
        browser.findElement(By.id("token")).sendKeys(harness.acmeToken());
        browser.findElement(By.id("signin-button")).click();
        awaitState("NOT_CONNECTED");
        browser.findElement(By.id("connect")).click();
        approveOnMonday();
        awaitState("CONNECTED");
    }

    @Test
    void givenAnAdmin_whenTheyConnectThroughMondaysScreensLoseTheTokenAndReconnect_thenThePageShowsEachState() throws Exception {
        signInAndConnect();
        await().atMost(Duration.ofSeconds(15)).until(() -> browser.findElement(By.id("workspace-picker")).isDisplayed());
        browser.findElement(By.id("workspace-save")).click();
        await().atMost(Duration.ofSeconds(15)).until(() -> browser.findElement(By.id("workspace")).getText().contains("Main workspace"));
        // the stand-in answers `me` as its integration user whoever approved (a limit of the stand-in)
        assertThat(browser.findElement(By.id("connected-by")).getText()).contains("@");
        assertThat(browser.findElement(By.id("account")).getText()).contains("(Customer account)");
        assertThat(browser.findElement(By.id("budget")).getText()).contains("points");
        screenshot("connecting-connected.png");

        browser.get(harness.mondayBaseUrl() + "/oauth2/grants");
        browser.findElement(By.cssSelector("button.revoke")).click();
        // let the revoke land (monday's page lists the grant as revoked) before leaving the page
        await().atMost(Duration.ofSeconds(15)).ignoreExceptions()
                .until(() -> browser.getPageSource().contains("revoked "));
        browser.get(harness.baseUrl() + "/connections/?tenant=acme");
        awaitState("RECONNECT_NEEDED");
        assertThat(browser.findElement(By.id("state")).getText()).isEqualTo("Reconnect needed");
        screenshot("connecting-reconnect-needed.png");

        browser.findElement(By.id("connect")).click();
        approveOnMonday();
        awaitState("CONNECTED");

        browser.findElement(By.id("mapping-yaml")).clear();
        browser.findElement(By.id("mapping-yaml")).sendKeys("tenant: acme\nmappings:\n- entity: Contact\n  board: { id: 1 }\n"
                + "  fields:\n  - field: amount\n    type: number\n    column: { id: text_amt, type: text }\n");
        browser.findElement(By.id("validate")).click();
        await().atMost(Duration.ofSeconds(15)).until(() -> !browser.findElements(By.cssSelector("#problems li.ERROR")).isEmpty());
        assertThat(browser.findElement(By.cssSelector("#problems li.ERROR")).getText())
                .contains("entity Contact", "field amount", "column text_amt");
        await().atMost(Duration.ofSeconds(15)).until(() -> browser.findElement(By.id("audit-rows")).getText().contains("CONNECTED"));
        screenshot("connecting-mapping.png");
    }

    @Test
    void givenAConnectedTenant_whenTheAdminUsesTheBoardButtons_thenABoardIsCreatedOrAnExistingOneGetsASuggestedMapping() throws Exception {
        String made = harness.monday().asUser(60_000_002L).graphql(
                "mutation { create_board(board_name: \"Customers\", board_kind: public) { id } }", java.util.Map.of());
        harness.monday().asUser(60_000_002L).graphql("mutation { create_column(board_id: "
                + new com.fasterxml.jackson.databind.ObjectMapper().readTree(made).path("data").path("create_board").path("id").asText()
                + ", id: \"c_mail\", title: \"E-mail\", column_type: email) { id } }", java.util.Map.of());
        signInAndConnect();

        await().atMost(Duration.ofSeconds(15)).until(() -> browser.findElements(By.cssSelector("#entity-rows tr")).size() == 2);
        browser.findElement(By.cssSelector("#entity-rows tr[data-entity=Lead] button.create-board")).click();
        await().atMost(Duration.ofSeconds(20)).until(() -> browser.findElement(By.id("mapping-result")).getText()
                .contains("Published") && browser.findElement(By.id("mapping-result")).getText().contains("acme:Lead"));

        browser.findElement(By.cssSelector("#entity-rows tr[data-entity=Contact] button.pick-board")).click();
        await().atMost(Duration.ofSeconds(15)).until(() -> browser.findElement(By.id("board-picker")).isDisplayed());
        new Select(browser.findElement(By.id("board-select"))).selectByVisibleText(
                new Select(browser.findElement(By.id("board-select"))).getOptions().stream().map(o -> o.getText())
                        .filter(t -> t.startsWith("Customers")).findFirst().orElseThrow());
        browser.findElement(By.id("suggest")).click();
        await().atMost(Duration.ofSeconds(15)).until(() -> browser.findElement(By.id("suggestion")).isDisplayed());
        assertThat(browser.findElement(By.id("suggestion")).getText()).contains("fullName -> Name", "email -> E-mail");
        assertThat(browser.findElement(By.id("mapping-yaml")).getAttribute("value")).contains("c_mail");
        screenshot("connecting-boards.png");
    }

    private void screenshot(String name) throws Exception {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Path dir = Path.of("target", "screenshots");
        Files.createDirectories(dir);
        Files.copy(shot.toPath(), dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
}

package com.coeffection.sync.connections;

import com.coeffection.sync.connections.ConnectionsHarness.Answer;
import com.coeffection.sync.connections.ConnectionsHarness.Browser;
import com.coeffection.sync.monday.tokens.TokenProvider;
import com.coeffection.sync.testkit.RealInfra;
import com.coeffection.sync.testkit.RealInfraExtension;
import com.fasterxml.jackson.databind.JsonNode;
import okhttp3.FormBody;
import okhttp3.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(RealInfraExtension.class)
class ConnectMondayApiTest {
    private static final long ANA = 60_000_002L;

    private ConnectionsHarness harness;
    private TokenProvider sinkTokens;

    @BeforeEach
    void start(RealInfra infra, @TempDir Path dir) {
        harness = new ConnectionsHarness(infra, dir);
        sinkTokens = harness.app.tokens(tenant -> "configured-" + tenant);
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    private Browser signedIn(String tenant, String token) {
        Browser browser = harness.browser();
        assertThat(browser.signIn(tenant, token).status()).isEqualTo(200);
        return browser;
    }

    private JsonNode status(Browser browser, String tenant) {
        Answer answer = browser.get(harness.api("/tenants/" + tenant + "/monday"));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }

    @Test
    void givenAnAdmin_whenTheyApproveOnMonday_thenTheTenantIsConnectedWithItsOwnTokenStoredEncrypted() throws Exception {
        Browser admin = signedIn("acme", ConnectionsHarness.ACME_TOKEN);

        Answer connect = admin.api("POST", "/tenants/acme/monday/connect", ConnectionsHarness.json(Map.of()));
        String authorize = connect.json().get("authorizeUrl").asText();
        assertThat(ConnectionsHarness.param(authorize, "scope").split(" "))
                .contains("boards:read", "boards:write", "updates:write", "webhooks:write", "workspaces:read");
        assertThat(ConnectionsHarness.param(authorize, "state")).hasSizeGreaterThanOrEqualTo(40);
        assertThat(ConnectionsHarness.param(authorize, "code_challenge_method")).isEqualTo("S256");
        assertThat(admin.get(authorize).body()).contains("Authorize", "boards:write");

        String callback = admin.approveOnMonday("acme", ANA);
        Answer back = admin.get(callback);

        assertThat(back.status()).as(back.body()).isEqualTo(303);
        JsonNode status = status(admin, "acme");
        assertThat(status.get("state").asText()).isEqualTo("CONNECTED");
        assertThat(status.get("account").get("accountId").asLong()).isEqualTo(harness.monday.config().accountId());
        assertThat(status.get("account").get("accountName").asText()).isEqualTo("Customer account");
        assertThat(status.get("budget").get("left").asLong()).isPositive();
        String token = sinkTokens.tokenFor("acme");
        assertThat(token).startsWith("standin-oauth-");
        assertThat(sinkTokens.tokenFor("globex")).as("a tenant not connected here keeps its configured token")
                .isEqualTo("configured-globex");
        try (Stream<Path> files = Files.walk(harness.dataDir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(file)).as(file.toString()).doesNotContain(token);
            }
        }
    }

    @Test
    void givenACallbackWithAStateNobodyStarted_whenItArrives_thenItIsRejectedAndNothingIsConnected() {
        Browser admin = signedIn("acme", ConnectionsHarness.ACME_TOKEN);
        String callback = admin.approveOnMonday("acme", ANA);
        String forged = callback.replaceAll("state=[^&]+", "state=forged");

        Answer answer = admin.get(forged);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().get("error").asText()).isEqualTo("STATE_REJECTED");
        assertThat(status(admin, "acme").get("state").asText()).isEqualTo("NOT_CONNECTED");
    }

    @Test
    void givenACallbackOpenedInAnotherAdminsSession_whenItArrives_thenItsStateIsRejected() {
        Browser acme = signedIn("acme", ConnectionsHarness.ACME_TOKEN);
        Browser other = signedIn("acme", ConnectionsHarness.ACME_TOKEN);
        String callback = acme.approveOnMonday("acme", ANA);

        Answer answer = other.get(callback);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().get("error").asText()).isEqualTo("STATE_REJECTED");
        assertThat(answer.json().get("message").asText()).contains("session");
    }

    @Test
    void givenACallbackAlreadyUsed_whenItIsOpenedAgain_thenItsStateIsRejected() {
        Browser admin = signedIn("acme", ConnectionsHarness.ACME_TOKEN);
        String callback = admin.approveOnMonday("acme", ANA);
        assertThat(admin.get(callback).status()).isEqualTo(303);

        Answer again = admin.get(callback);

        assertThat(again.status()).isEqualTo(400);
        assertThat(again.json().get("error").asText()).isEqualTo("STATE_REJECTED");
    }

    @Test
    void givenAnAuthorizationCodeAlreadyExchanged_whenItIsReplayedWithAFreshState_thenMondayRefusesItAndTheConnectionNeedsAReconnect() {
        Browser admin = signedIn("acme", ConnectionsHarness.ACME_TOKEN);
        String first = admin.approveOnMonday("acme", ANA);
        assertThat(admin.get(first).status()).isEqualTo(303);
        String usedCode = ConnectionsHarness.param(first, "code");
        String second = admin.approveOnMonday("acme", ANA);
        String replay = second.replaceAll("code=[^&]+", "code=" + usedCode);

        Answer answer = admin.get(replay);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().get("error").asText()).isEqualTo("CODE_REJECTED");
        assertThat(answer.json().get("message").asText()).contains("already used");
        // monday revokes what a replayed code gave: the stored token is refused from now on
        assertThat(status(admin, "acme").get("state").asText()).isEqualTo("RECONNECT_NEEDED");
    }

    @Test
    void givenAConnectedTenant_whenTheTokenIsRevokedOnMondayAndTheAdminReconnects_thenTheSinkGetsTheNewTokenWithoutARestart() {
        Browser admin = signedIn("acme", ConnectionsHarness.ACME_TOKEN);
        admin.get(admin.approveOnMonday("acme", ANA));
        String firstToken = sinkTokens.tokenFor("acme");
        JsonNode grants = admin.get(harness.monday.baseUrl() + "/oauth2/grants.json").json();
        String grant = grants.get(0).get("id").asText();

        admin.send(new Request.Builder().url(harness.monday.baseUrl() + "/oauth2/grants/" + grant + "/revoke")
                .post(new FormBody.Builder().build()));

        JsonNode refused = status(admin, "acme");
        assertThat(refused.get("state").asText()).isEqualTo("RECONNECT_NEEDED");
        assertThat(refused.get("reason").asText()).contains("401");

        admin.get(admin.approveOnMonday("acme", ANA));

        assertThat(status(admin, "acme").get("state").asText()).isEqualTo("CONNECTED");
        assertThat(sinkTokens.tokenFor("acme")).isNotEqualTo(firstToken).startsWith("standin-oauth-");
    }

    @Test
    void givenATokenThatExpires_whenItsLastFifthBegins_thenTheSinkGetsARenewedTokenThatWorksAndTheConnectionStaysConnected() {
        harness.monday.oauthGrants().tokenLifetime(java.time.Duration.ofSeconds(3));
        Browser admin = signedIn("acme", ConnectionsHarness.ACME_TOKEN);
        admin.get(admin.approveOnMonday("acme", ANA));
        String first = sinkTokens.tokenFor("acme");
        assertThat(harness.app.config().dataDir().resolve("tenants/acme.json")).content()
                .contains("encryptedRefreshToken").doesNotContain("standin-refresh-").doesNotContain(first);

        // renewed before it expires (its last fifth: 0.6 s), by the sink's own request for a token
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> !first.equals(sinkTokens.tokenFor("acme")));
        String renewed = sinkTokens.tokenFor("acme");
        assertThat(renewed).startsWith("standin-oauth-");
        JsonNode status = status(admin, "acme");
        assertThat(status.get("state").asText()).isEqualTo("CONNECTED");
        assertThat(status.get("budget").isNull()).as("the renewed token works on the API: " + status).isFalse();
        // the first token expired; the stored connection now holds the renewed one (kept across a restart)
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(harness.monday.oauthGrants().grants()).singleElement()
                        .satisfies(g -> assertThat(g.token()).isNotEqualTo(first)));
    }

    @Test
    void givenARevokedGrant_whenItsTokenIsDueForRenewal_thenMondayRefusesTheRefreshAndTheConnectionNeedsAReconnect() {
        harness.monday.oauthGrants().tokenLifetime(java.time.Duration.ofSeconds(2));
        Browser admin = signedIn("acme", ConnectionsHarness.ACME_TOKEN);
        admin.get(admin.approveOnMonday("acme", ANA));
        harness.monday.oauthGrants().revokeUser(ANA);

        // only the sink asks for the token (the page would find the revoked token refused by the API itself)
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() -> {
            sinkTokens.tokenFor("acme");
            assertThat(harness.app.config().dataDir().resolve("tenants/acme.json")).content()
                    .contains("RECONNECT_NEEDED").contains("monday refused to renew the token").contains("authorize again");
        });
        JsonNode status = status(admin, "acme");
        assertThat(status.get("state").asText()).isEqualTo("RECONNECT_NEEDED");
        assertThat(status.get("reason").asText()).contains("refused to renew");
    }

    @Test
    void givenAConnectedTenant_whenTheAdminPicksAWorkspaceAndThenDisconnects_thenTheSinkGetsNoTokenAndEveryChangeIsRecorded() {
        Browser admin = signedIn("acme", ConnectionsHarness.ACME_TOKEN);
        admin.get(admin.approveOnMonday("acme", ANA));
        JsonNode workspaces = admin.get(harness.api("/tenants/acme/monday/workspaces")).json();
        long id = workspaces.get(0).get("id").asLong();

        Answer picked = admin.api("PUT", "/tenants/acme/monday/workspace", ConnectionsHarness.json(Map.of("workspaceId", id)));
        Answer wrong = admin.api("PUT", "/tenants/acme/monday/workspace", ConnectionsHarness.json(Map.of("workspaceId", 999)));
        Answer disconnected = admin.api("DELETE", "/tenants/acme/monday", null);

        assertThat(picked.status()).as(picked.body()).isEqualTo(200);
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(disconnected.status()).isEqualTo(200);
        assertThat(status(admin, "acme").get("state").asText()).isEqualTo("DISCONNECTED");
        assertThat(sinkTokens.tokenFor("acme")).as("no token: the sink holds the tenant's changes").isNull();
        JsonNode grants = admin.get(harness.monday.baseUrl() + "/oauth2/grants.json").json();
        assertThat(grants.get(0).get("live").asBoolean()).as("revoked at monday").isFalse();
        List<String> actions = admin.get(harness.api("/tenants/acme/audit")).json().findValuesAsText("action");
        assertThat(actions).containsExactly("DISCONNECTED", "WORKSPACE_CHOSEN", "CONNECTED");
        assertThat(admin.get(harness.api("/tenants/acme/audit")).json().get(0).get("who").asText()).isEqualTo("admin:acme");
    }

    @Test
    void givenAnAdminOfOneTenant_whenTheyAskForAnotherTenantsConnection_thenTheyAreForbidden() {
        Browser globex = signedIn("globex", ConnectionsHarness.GLOBEX_TOKEN);

        assertThat(globex.get(harness.api("/tenants/acme/monday")).status()).isEqualTo(403);
        assertThat(globex.api("POST", "/tenants/acme/monday/connect", ConnectionsHarness.json(Map.of())).status()).isEqualTo(403);
        assertThat(harness.browser().get(harness.api("/tenants/acme/monday")).status()).isEqualTo(401);
        assertThat(harness.browser().signIn("acme", ConnectionsHarness.GLOBEX_TOKEN).status()).isEqualTo(401);
    }
}

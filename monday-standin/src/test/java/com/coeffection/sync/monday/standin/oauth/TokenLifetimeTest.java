package com.coeffection.sync.monday.standin.oauth;

import com.coeffection.sync.monday.standin.MondayStandIn;
import com.coeffection.sync.monday.standin.StandInConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import okhttp3.FormBody;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The stand-in's OAuth 2.1 tokens: they expire (then monday's API answers 401), the token answer carries their
 * lifetime and a refresh token, a refresh token renews the pair once, a replayed one revokes the grant, and a revoked
 * grant cannot be renewed.
 */
class TokenLifetimeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REDIRECT = "http://127.0.0.1:9/callback";
    private final MondayStandIn monday = MondayStandIn.start(StandInConfig.defaults().withPort(0));
    private final OkHttpClient http = new OkHttpClient();

    @AfterEach
    void stop() {
        monday.close();
    }

    @Test
    @DisplayName("Given a token with a lifetime of 1 s, then it works, its answer says 1 s with a refresh token, and after it expires the API answers 401")
    void tokensExpire() throws IOException {
        monday.oauthGrants().tokenLifetime(Duration.ofSeconds(1));

        JsonNode issued = exchangeCode();

        assertThat(issued.get("expires_in").asLong()).isEqualTo(1);
        assertThat(issued.get("refresh_token").asText()).startsWith("standin-refresh-");
        String token = issued.get("access_token").asText();
        assertThat(api(token)).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> api(token) == 401);
    }

    @Test
    @DisplayName("Given an expired token, when its refresh token is exchanged, then a new pair works and the old token does not; the spent refresh token replayed is refused and revokes the grant")
    void aRefreshTokenRenewsOnce() throws IOException {
        monday.oauthGrants().tokenLifetime(Duration.ofSeconds(1));
        JsonNode first = exchangeCode();
        String oldToken = first.get("access_token").asText();
        await().atMost(Duration.ofSeconds(5)).until(() -> api(oldToken) == 401);
        monday.oauthGrants().tokenLifetime(Duration.ofHours(1));

        JsonNode renewed = token("refresh_token", first.get("refresh_token").asText());

        assertThat(renewed.get("expires_in").asLong()).isBetween(3590L, 3600L);
        String newToken = renewed.get("access_token").asText();
        assertThat(newToken).isNotEqualTo(oldToken);
        assertThat(renewed.get("refresh_token").asText()).isNotEqualTo(first.get("refresh_token").asText());
        assertThat(api(newToken)).isEqualTo(200);
        assertThat(api(oldToken)).isEqualTo(401);

        JsonNode replay = token("refresh_token", first.get("refresh_token").asText());
        assertThat(replay.get("error").asText()).isEqualTo("invalid_grant");
        assertThat(replay.get("error_description").asText()).contains("already used");
        assertThat(api(newToken)).as("the grant is revoked after a replay").isEqualTo(401);
    }

    @Test
    @DisplayName("Given a grant revoked on monday (the admin left), when its refresh token is exchanged, then invalid_grant says to authorize again")
    void aRevokedGrantCannotBeRenewed() throws IOException {
        JsonNode issued = exchangeCode();
        String id = monday.oauthGrants().grants().get(0).id();
        assertThat(monday.oauthGrants().revokeById(id)).isTrue();

        JsonNode refused = token("refresh_token", issued.get("refresh_token").asText());

        assertThat(refused.get("error").asText()).isEqualTo("invalid_grant");
        assertThat(refused.get("error_description").asText()).contains("authorize again");
        assertThat(token("refresh_token", "standin-refresh-unknown").get("error").asText()).isEqualTo("invalid_grant");
    }

    /** A code approved by the integration user (the consent screen is tested with the connect flow), exchanged. */
    private JsonNode exchangeCode() throws IOException {
        String verifier = "v".repeat(50);
        String code = monday.oauthGrants().newCode(StandInOAuth.CLIENT_ID, REDIRECT, OAuthGrants.s256(verifier),
                Set.of("boards:read"), monday.integrationUserId());
        try (Response response = http.newCall(new Request.Builder().url(monday.baseUrl().resolve("/oauth2/token").toString())
                .post(new FormBody.Builder().add("grant_type", "authorization_code").add("code", code)
                        .add("redirect_uri", REDIRECT).add("code_verifier", verifier)
                        .add("client_id", StandInOAuth.CLIENT_ID).add("client_secret", StandInOAuth.CLIENT_SECRET).build())
                .build()).execute()) {
            return JSON.readTree(response.body().string());
        }
    }

    private JsonNode token(String grantType, String refreshToken) throws IOException {
        try (Response response = http.newCall(new Request.Builder().url(monday.baseUrl().resolve("/oauth2/token").toString())
                .post(new FormBody.Builder().add("grant_type", grantType).add("refresh_token", refreshToken)
                        .add("client_id", StandInOAuth.CLIENT_ID).add("client_secret", StandInOAuth.CLIENT_SECRET).build())
                .build()).execute()) {
            return JSON.readTree(response.body().string());
        }
    }

    /** The HTTP status of a small API call with this token. */
    private int api(String token) throws IOException {
        try (Response response = http.newCall(new Request.Builder().url(monday.apiUrl().toString())
                .header("Authorization", token).header("API-Version", "2026-10")
                .post(RequestBody.create("{\"query\":\"{ me { id } }\"}", MediaType.get("application/json")))
                .build()).execute()) {
            return response.code();
        }
    }
}

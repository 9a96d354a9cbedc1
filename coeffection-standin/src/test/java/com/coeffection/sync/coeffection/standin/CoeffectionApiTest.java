package com.coeffection.sync.coeffection.standin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import com.coeffection.sync.testkit.MovableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Coeffection's REST API as documented: keys, paging envelope, filters, create/read/update/delete, limits, errors. */
class CoeffectionApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MediaType TYPE = MediaType.get("application/json");
    private final OkHttpClient http = new OkHttpClient();
    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-01T10:00:00.500Z"));
    private CoeffectionStandIn standIn;

    @AfterEach
    void stop() {
        if (standIn != null) {
            standIn.close();
        }
    }

    private void start(Plan plan, DemoData.Size demo) {
        standIn = new CoeffectionStandIn(CoeffectionStandInConfig.defaults().withPlan(plan).withDemo(demo), clock).start();
    }

    @Test
    void listsRecordsInPagesWithTheDocumentedEnvelope() throws IOException {
        start(Plan.ENTERPRISE, new DemoData.Size(60, 10, 5));

        Answer first = get("/contacts?limit=25&offset=0");
        Answer last = get("/contacts?limit=25&offset=50");

        assertThat(first.status).isEqualTo(200);
        assertThat(first.body.path("meta").path("total").asInt()).isEqualTo(60);
        assertThat(first.body.path("meta").path("limit").asInt()).isEqualTo(25);
        assertThat(first.body.path("data")).hasSize(25);
        assertThat(last.body.path("data")).hasSize(10);
        JsonNode contact = first.body.path("data").get(0);
        assertThat(contact.path("id").asText()).startsWith("cnt_");
        assertThat(contact.path("email").asText()).contains("@");
        assertThat(contact.path("phone").asText()).startsWith("+");
        assertThat(contact.path("owner").path("email").asText()).endsWith("@customer.example");
        assertThat(contact.path("updatedAt").asText()).isNotBlank();
        assertThat(get("/opportunities").body.path("data").get(0).path("amount").isNumber()).isTrue();
    }

    @Test
    void filtersByFieldValue() throws IOException {
        start(Plan.ENTERPRISE, new DemoData.Size(80, 0, 0));

        Answer customers = get("/contacts?status=Customer&limit=100");

        assertThat(customers.body.path("data")).isNotEmpty()
                .allSatisfy(c -> assertThat(c.path("status").asText()).isEqualTo("Customer"));
        assertThat(customers.body.path("meta").path("total").asInt()).isLessThan(80);
    }

    @Test
    void createsReadsUpdatesAndDeletesARecord() throws IOException {
        start(Plan.ENTERPRISE, new DemoData.Size(0, 0, 0));

        Answer created = send("POST", "/contacts", "{\"firstName\":\"John\",\"email\":\"john.doe@example.com\"}");
        String id = created.body.path("data").path("id").asText();
        Answer patched = send("PATCH", "/contacts/" + id, "{\"email\":\"john@example.com\"}");
        Answer read = get("/contacts/" + id);
        Answer deleted = send("DELETE", "/contacts/" + id, null);

        assertThat(created.status).isEqualTo(201);
        assertThat(id).startsWith("cnt_");
        assertThat(patched.body.path("data").path("email").asText()).isEqualTo("john@example.com");
        assertThat(read.body.path("data").path("firstName").asText()).isEqualTo("John");
        assertThat(deleted.status).isEqualTo(204);
        assertThat(get("/contacts/" + id).status).isEqualTo(404);
    }

    @Test
    void refusesRequestsWithoutAValidKey() throws IOException {
        start(Plan.ENTERPRISE, new DemoData.Size(1, 0, 0));

        Answer missing = call(new Request.Builder().url(standIn.apiUrl() + "/contacts").build());
        Answer wrong = call(new Request.Builder().url(standIn.apiUrl() + "/contacts").header("Authorization", "Bearer ck_live_nope").build());

        assertThat(missing.status).isEqualTo(401);
        assertThat(missing.body.path("error").path("code").asText()).isEqualTo("UNAUTHORIZED");
        assertThat(wrong.status).isEqualTo(401);
    }

    @Test
    void answersTheStarterPlansSixtyFirstRequestOfAMinuteWith429AndRetryAfter() throws IOException {
        start(Plan.STARTER, new DemoData.Size(1, 0, 0));

        for (int i = 0; i < 60; i++) {
            assertThat(get("/contacts").status).isEqualTo(200);
        }
        Answer limited = get("/contacts");
        clock.advance(Duration.ofSeconds(60));
        Answer nextMinute = get("/contacts");

        assertThat(limited.status).isEqualTo(429);
        assertThat(limited.retryAfter).isEqualTo("60");
        assertThat(limited.body.path("error").path("code").asText()).isEqualTo("RATE_LIMITED");
        assertThat(nextMinute.status).isEqualTo(200);
    }

    @Test
    void namesWhatIsWrongWithABadRequest() throws IOException {
        start(Plan.ENTERPRISE, new DemoData.Size(1, 0, 0));

        assertThat(get("/contacts?limit=1000").body.path("error").path("message").asText()).contains("between 1 and 100");
        assertThat(get("/contacts?offset=x").status).isEqualTo(400);
        assertThat(send("POST", "/contacts", "{not json").body.path("error").path("code").asText()).isEqualTo("MALFORMED_JSON");
        assertThat(send("PATCH", "/contacts/cnt_MISSING", "{}").status).isEqualTo(404);
    }

    private Answer get(String path) throws IOException {
        return send("GET", path, null);
    }

    private Answer send(String method, String path, String body) throws IOException {
        Request.Builder request = new Request.Builder().url(standIn.apiUrl() + path)
                .header("Authorization", "Bearer " + standIn.apiKey());
        request.method(method, body == null ? (method.equals("DELETE") ? RequestBody.create(new byte[0]) : null)
                : RequestBody.create(body, TYPE));
        return call(request.build());
    }

    private Answer call(Request request) throws IOException {
        try (Response response = http.newCall(request).execute()) {
            String text = response.body() == null ? "" : response.body().string();
            return new Answer(response.code(), text.isEmpty() ? JSON.createObjectNode() : JSON.readTree(text),
                    response.header("Retry-After"));
        }
    }

    private record Answer(int status, JsonNode body, String retryAfter) {
    }
}

package com.coeffection.sync.history;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.coeffection.sync.contract.DeadLetterHeaders;
import com.coeffection.sync.schema.DeadLetter;
import com.coeffection.sync.schema.HistoryStatus;
import com.coeffection.sync.schema.SyncHistoryEntry;
import com.coeffection.sync.testkit.RealInfra;
import com.coeffection.sync.testkit.RealInfraExtension;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.OpenAPIV3Parser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static com.coeffection.sync.history.HistoryCluster.ACME_TOKEN;
import static com.coeffection.sync.history.HistoryCluster.GLOBEX_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The API's description ({@code docs/history-api.openapi.yaml}) against the running history-sink: it lists every
 * route the web server serves under {@code /api/}, and real requests and answers (successes and each kind of
 * error) are valid against it, checked with an OpenAPI request/response validator.
 */
@ExtendWith(RealInfraExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HistoryApiDocumentTest {
    private static final Path SPEC = Path.of("..", "docs", "history-api.openapi.yaml").toAbsolutePath().normalize();
    private static final Instant T0 = Instant.now().minus(Duration.ofHours(1));
    private HistoryCluster cluster;
    private OpenApiInteractionValidator validator;
    private final List<String> checked = new ArrayList<>();

    @BeforeAll
    void start(RealInfra infra) {
        assertThat(Files.exists(SPEC)).as("the API's OpenAPI file at " + SPEC).isTrue();
        validator = OpenApiInteractionValidator.createForSpecificationUrl(SPEC.toUri().toString()).build();
        cluster = new HistoryCluster(infra).start(1);
        SyncHistoryEntry delivered = Samples.decision("acme", "doc-1", "rc:doc-ok", T0).build();
        SyncHistoryEntry failed = Samples.decision("acme", "doc-1", "rc:doc-failed", T0.plusSeconds(10)).build();
        SyncHistoryEntry twoCommands = Samples.decision("acme", "doc-1", "rc:doc-two", T0.plusSeconds(20))
                .setCommands(Samples.sent("rc:doc-two:c0", "rc:doc-two:c1")).build();
        SyncHistoryEntry review = Samples.decision("acme", "doc-2", "rc:doc-review", T0.plusSeconds(30))
                .setStatus(HistoryStatus.REVIEW).setCommandId(null).build();
        cluster.decided(delivered);
        cluster.decided(failed);
        cluster.decided(twoCommands);
        cluster.decided(review);
        cluster.reported(Samples.delivered(delivered, 0, T0.plusSeconds(1)).build());
        cluster.reported(Samples.refused(failed, 0, T0.plusSeconds(11)).build());
        cluster.reported(Samples.delivered(twoCommands, 0, T0.plusSeconds(21)).build());
        cluster.deadLettered("acme:Contact:doc-1", DeadLetter.newBuilder().setDeadLetterId("dlq:doc:0")
                .setSourceTopic(cluster.topics.mondayCommands()).setSourcePartition(0).setSourceOffset(7L)
                .setKey(ByteBuffer.wrap("acme:Contact:doc-1".getBytes(StandardCharsets.UTF_8)))
                .setValue(ByteBuffer.wrap(new byte[]{1, 2, 3})).setErrorType("MONDAY_PERMANENT")
                .setReason("monday refused the write").setTenantId("acme").setRecordKey("acme:Contact:doc-1")
                .setAttempts(1).setContext(Map.of(DeadLetterHeaders.CONTEXT_PART, "monday-sink",
                        DeadLetterHeaders.CONTEXT_ERROR_CODE, "ColumnValueException"))
                .setOccurredAt(T0.plusSeconds(11)).build());
        await().atMost(Duration.ofSeconds(60)).until(() -> items("/records/Contact/doc-1/history") == 3
                && items("/dead-letters") == 1 && items("/review-queue") == 1);
    }

    /** How many items a list of tenant acme has now (-1 while it answers otherwise, e.g. 404 before the first). */
    private int items(String route) {
        HistoryCluster.Answer a = cluster.get(0, "/api/v1/tenants/acme" + route, ACME_TOKEN);
        return a.status() == 200 ? a.body().get("items").size() : -1;
    }

    @AfterAll
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void theDocumentListsEveryRouteTheApiServesAndNoOther() {
        Set<String> served = new TreeSet<>();
        for (String route : cluster.instance(0).routes()) {
            String[] methodAndPath = route.split(" ", 2);
            if (methodAndPath[1].startsWith("/api/") && Set.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(methodAndPath[0])) {
                served.add(route);
            }
        }
        OpenAPI spec = new OpenAPIV3Parser().read(SPEC.toUri().toString());
        Set<String> documented = new TreeSet<>();
        spec.getPaths().forEach((path, item) -> item.readOperationsMap().keySet()
                .forEach(method -> documented.add(method.name().toUpperCase(Locale.ROOT) + " " + path)));

        assertThat(served).isNotEmpty();
        assertThat(documented).as("routes in docs/history-api.openapi.yaml").containsExactlyElementsOf(served);
    }

    @Test
    void realAnswersOfEveryRouteAreValidAgainstTheDocument() {
        String t = "/api/v1/tenants/acme";
        valid("GET", "/api/v1/whoami", ACME_TOKEN, null, 200);
        valid("GET", t + "/records/Contact/doc-1/history?limit=2", ACME_TOKEN, null, 200);
        valid("GET", t + "/records/Contact/no-such-record/history", ACME_TOKEN, null, 404);
        valid("GET", t + "/records?q=doc-1", ACME_TOKEN, null, 200);
        valid("GET", t + "/records?q=new%40acme.test", ACME_TOKEN, null, 200);
        invalidRequest("GET", t + "/records", ACME_TOKEN, null, 400);
        valid("GET", t + "/entries?status=FAILED,PENDING&direction=COEFFECTION_TO_MONDAY&since=24h", ACME_TOKEN, null, 200);
        valid("GET", t + "/entries?status=NOT_A_STATUS", ACME_TOKEN, null, 400);
        valid("GET", t + "/entries/rc:doc-two", ACME_TOKEN, null, 200);
        valid("GET", t + "/entries/rc:doc-failed", ACME_TOKEN, null, 200);
        valid("GET", t + "/entries/rc:no-such-entry", ACME_TOKEN, null, 404);
        valid("POST", t + "/entries/rc:doc-failed/retry", ACME_TOKEN, "", 202);
        valid("POST", t + "/entries/rc:doc-failed/retry", ACME_TOKEN, "", 202);
        valid("POST", t + "/entries/rc:doc-ok/retry", ACME_TOKEN, "", 409);
        valid("GET", t + "/counts", ACME_TOKEN, null, 200);
        valid("GET", t + "/review-queue", ACME_TOKEN, null, 200);
        valid("POST", t + "/review-queue/rc:doc-ok/approve", ACME_TOKEN, "", 409);
        valid("POST", t + "/review-queue/rc:doc-review/approve", ACME_TOKEN, "", 202);
        valid("POST", t + "/review-queue/rc:doc-review/reject", ACME_TOKEN, "", 202);
        valid("GET", t + "/dead-letters?errorCode=MONDAY_PERMANENT&record=acme:Contact:doc-1", ACME_TOKEN, null, 200);
        valid("POST", t + "/dead-letters/replay", ACME_TOKEN, "{\"errorCode\":\"MONDAY_PERMANENT\"}", 200);
        valid("POST", t + "/dead-letters/replay", ACME_TOKEN, "{\"dryRun\":false,\"errorCode\":\"MONDAY_PERMANENT\"}", 400);
        invalidRequest("GET", t + "/entries", null, null, 401);
        invalidRequest("GET", t + "/entries", "not-a-token", null, 401);
        valid("GET", t + "/entries", GLOBEX_TOKEN, null, 403);

        assertThat(checked).hasSize(25);
    }

    /** Calls the API for real and checks the request and the answer against the document. */
    private void valid(String method, String pathAndQuery, String token, String body, int expectedStatus) {
        check(method, pathAndQuery, token, body, expectedStatus, true);
    }

    /** A request the document does not allow (no token, a missing parameter): only the answer is checked. */
    private void invalidRequest(String method, String pathAndQuery, String token, String body, int expectedStatus) {
        check(method, pathAndQuery, token, body, expectedStatus, false);
    }

    private void check(String method, String pathAndQuery, String token, String body, int expectedStatus,
                       boolean requestValid) {
        HistoryCluster.Exchange answer = cluster.exchange(0, method, pathAndQuery, token, body);
        assertThat(answer.status()).as(method + " " + pathAndQuery + " -> " + answer.body()).isEqualTo(expectedStatus);
        URI uri = URI.create(pathAndQuery);
        SimpleRequest.Builder request = new SimpleRequest.Builder(Request.Method.valueOf(method), uri.getRawPath());
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                String[] kv = pair.split("=", 2);
                request.withQueryParam(kv[0], URLDecoder.decode(kv.length > 1 ? kv[1] : "", StandardCharsets.UTF_8));
            }
        }
        if (token != null) {
            request.withAuthorization("Bearer " + token);
        }
        if (body != null && !body.isEmpty()) {
            request.withContentType("application/json").withBody(body);
        }
        SimpleResponse.Builder response = SimpleResponse.Builder.status(answer.status()).withBody(answer.body());
        if (answer.contentType() != null) {
            response.withContentType(answer.contentType());
        }
        ValidationReport report = requestValid ? validator.validate(request.build(), response.build())
                : validator.validateResponse(uri.getRawPath(), Request.Method.valueOf(method), response.build());
        assertThat(report.getMessages()).as(method + " " + pathAndQuery + " (" + answer.status() + ") answered "
                + answer.body()).isEmpty();
        checked.add(method + " " + pathAndQuery);
    }
}

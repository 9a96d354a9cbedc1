package com.coeffection.sync.launcher;

import com.coeffection.sync.coeffection.standin.CoeffectionStandIn;
import com.coeffection.sync.coeffection.standin.RecordStore;
import com.coeffection.sync.coeffection.standin.WebhookSender;
import com.coeffection.sync.drift.report.DriftReport;
import com.coeffection.sync.drift.report.ReportWriter;
import com.coeffection.sync.launcher.coeffection.BackfillRunner;
import com.coeffection.sync.monday.standin.MondayStandIn;
import com.coeffection.sync.monday.standin.StandInConfig;
import com.coeffection.sync.monday.standin.StandInViews;
import com.coeffection.sync.schema.BoardMapping;
import com.coeffection.sync.testkit.RealInfra;
import com.coeffection.sync.testkit.RealInfraExtension;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Drift repair through the whole pipeline: the ingress is unreachable for longer than monday retries its webhooks
 * while people edit items on monday (a title, an email, an owner) and records change in Coeffection; after it is back, one reconciliation run,
 * applied by the real processor and sink, brings both sides to the values the conflict rules give; a second run finds
 * nothing; a dry run before the repair counts the same differences and changes nothing.
 */
@ExtendWith(RealInfraExtension.class)
class DriftRepairPipelineTest {
    private static final long PERSON = 60_000_002L;
    private static final String TENANT = "demo";
    private static final String ADMIN_TOKEN = "drift-test-admin-token";
    private static final StandInConfig.User ANA = new StandInConfig.User(60_000_002L, "Ana Admin", "ana@customer.example");
    private static final StandInConfig.User BEN = new StandInConfig.User(60_000_003L, "Ben Seller", "ben@customer.example");

    @TempDir
    Path dataDir;

    @Test
    @DisplayName("Given edits on both sides while the ingress was down past monday's retry window, when one reconcile runs, then both sides end at the rules' values, field by field; a second run finds nothing; a dry run counts the same and changes nothing")
    void oneRunRepairsWhatTheOutageLeftBehind(RealInfra infra) throws Exception {
        String run = "drift" + System.nanoTime();
        try (IngressOutage outage = IngressOutage.start()) {
            Map<String, String> env = new HashMap<>(TestTopics.pipelineEnvironment(infra, dataDir, run));
            env.put("TOPIC_DRIFT_PROGRESS", run + ".drift-progress");
            env.put("COEFFECTION_STANDIN_DEMO", "8,0,0");
            env.put("INGRESS_PUBLIC_URL", outage.url());
            env.put("CONNECTIONS_ADMIN_TOKENS", TENANT + "=" + ADMIN_TOKEN);
            // monday retries a delivery every 300 ms and gives it up after 2 s (monday: every minute, for 30 minutes)
            env.put("STANDIN_WEBHOOK_RETRY_MS", "300");
            env.put("STANDIN_WEBHOOK_RETRY_FOR_MS", "2000");
            LauncherConfig config = LauncherConfig.from(env);
            PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            try (Pipeline pipeline = Pipeline.start(config, env, metrics)) {
                outage.forwardTo(pipeline.ingressPort());
                MondayStandIn monday = pipeline.standIn().orElseThrow();
                CoeffectionStandIn coeffection = pipeline.coeffection().standIn().orElseThrow();
                List<BoardMapping> boards = pipeline.publishMappings(BoardMappingFiles.load(Map.of(), true), config);
                BackfillRunner backfill = pipeline.backfill(boards, new PrintStream(new ByteArrayOutputStream(), true,
                        StandardCharsets.UTF_8));
                long contacts = boards.stream().filter(b -> b.getEntityType().equals("Contact")).findFirst()
                        .orElseThrow().getBoardId();
                assertThat(backfill.await(Duration.ofSeconds(90))).isTrue();
                await().atMost(Duration.ofSeconds(90)).until(() -> monday.items(contacts).size() == 8
                        && monday.items(contacts).stream().allMatch(i -> i.values().get("coeffection_id") != null));

                // ---- the outage: neither side's webhooks reach the pipeline
                outage.down();
                List<WebhookSender.Subscription> subscriptions = coeffection.webhooks().subscriptions(TENANT);
                subscriptions.forEach(s -> coeffection.webhooks().unsubscribe(TENANT, s.id()));
                int deliveriesBefore = monday.webhookDeliveries().size();
                MondayStandIn.AsUser person = monday.asUser(PERSON);
                // 1: a person edits the title on monday
                person.changeColumnValues(contacts, item(monday, contacts, "cnt_DEMO00001").id(),
                        Map.of("job_title", "\"Edited on monday, unheard\""));
                // 2: the title changes in Coeffection
                patch(coeffection, "cnt_DEMO00002", "title", "Edited in Coeffection, unheard");
                // 3: both sides change the email; Coeffection's change is the later one
                person.changeColumnValues(contacts, item(monday, contacts, "cnt_DEMO00003").id(), Map.of("email",
                        "{\"email\":\"monday3@example.com\",\"text\":\"monday3@example.com\"}"));
                // change times are kept to the second: Coeffection's edit comes two seconds later
                long mondaySecond = Instant.now().getEpochSecond();
                await().atMost(Duration.ofSeconds(5)).until(() -> Instant.now().getEpochSecond() >= mondaySecond + 2);
                patch(coeffection, "cnt_DEMO00003", "email", "coeff3@example.com");
                // 4: a person gives the item another owner on monday (a people column: monday names users by id)
                String owner = owner(coeffection, "cnt_DEMO00004");
                StandInConfig.User other = "ana@customer.example".equals(owner) ? BEN : ANA;
                person.changeColumnValues(contacts, item(monday, contacts, "cnt_DEMO00004").id(), Map.of("owner",
                        "{\"personsAndTeams\":[{\"id\":" + other.id() + ",\"kind\":\"person\"}]}"));
                // monday tries its deliveries of these edits and gives them up
                await().atMost(Duration.ofSeconds(20)).until(() -> outage.refused() >= 2
                        && monday.webhookDeliveries().size() > deliveriesBefore);
                // past the retry window every delivery of the outage stays undelivered (given up)
                await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6)).until(() -> monday.webhookDeliveries()
                        .subList(deliveriesBefore, monday.webhookDeliveries().size()).stream()
                        .noneMatch(StandInViews.DeliveryView::delivered));

                // ---- the ingress is back; nothing is delivered again
                outage.up();
                subscriptions.forEach(s -> coeffection.webhooks().subscribe(TENANT, s.url(), s.secret()));
                await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                    assertThat(title(coeffection, "cnt_DEMO00001")).isNotEqualTo("Edited on monday, unheard");
                    assertThat(text(monday, contacts, "cnt_DEMO00002", "job_title")).isNotEqualTo("Edited in Coeffection, unheard");
                });
                Map<String, String> unchanged = snapshot(monday, contacts, coeffection);

                Map<String, String> drift = Main.reconcileEnvironment(env, pipeline);
                Path reports = dataDir.resolve("reports");

                // ---- a dry run, started by the tenant's admin through the API, counts the differences and changes nothing
                DriftReport dry = reconcileThroughApi(pipeline.connections().baseUrl(), "Contact");
                assertThat(dry.dryRun()).isTrue();
                assertThat(dry.compared()).isEqualTo(8);
                assertThat(dry.driftedRecords()).isEqualTo(4);
                assertThat(dry.fieldDrift()).containsExactlyInAnyOrderEntriesOf(Map.of("title", 2, "email", 1, "owner", 1));
                assertThat(dry.differences()).isEqualTo(4);
                assertThat(dry.notCompared()).isEmpty();
                // (a dry run reports what it would publish: an observation of each side per drifted record)
                assertThat(dry.published()).isEqualTo(8);
                await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6)).untilAsserted(() ->
                        assertThat(snapshot(monday, contacts, coeffection)).isEqualTo(unchanged));

                // ---- one run repairs both sides through the processor and the sink
                DriftReport repair = reconcile(drift, metrics, reports, contacts);
                assertThat(repair.dryRun()).isFalse();
                assertThat(repair.driftedRecords()).isEqualTo(dry.driftedRecords());
                assertThat(repair.fieldDrift()).isEqualTo(dry.fieldDrift());
                assertThat(repair.published()).isEqualTo(dry.published());
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    // monday's edit reached Coeffection; Coeffection's edit reached monday
                    assertThat(title(coeffection, "cnt_DEMO00001")).isEqualTo("Edited on monday, unheard");
                    assertThat(text(monday, contacts, "cnt_DEMO00002", "job_title")).isEqualTo("Edited in Coeffection, unheard");
                    // the contested email: the later change (Coeffection's) on both sides
                    assertThat(field(coeffection, "cnt_DEMO00003", "email")).isEqualTo("coeff3@example.com");
                    assertThat(text(monday, contacts, "cnt_DEMO00003", "email")).isEqualTo("coeff3@example.com");
                    // the owner chosen on monday reaches Coeffection as the person's email
                    assertThat(owner(coeffection, "cnt_DEMO00004")).isEqualTo(other.email());
                });
                // the fields nobody touched are as they were
                Map<String, String> after = snapshot(monday, contacts, coeffection);
                Map<String, String> expected = new HashMap<>(unchanged);
                expected.put("coeffection/cnt_DEMO00001/title", "Edited on monday, unheard");
                expected.put("monday/cnt_DEMO00002/job_title", "Edited in Coeffection, unheard");
                expected.put("monday/cnt_DEMO00003/email", "coeff3@example.com");
                expected.put("coeffection/cnt_DEMO00004/owner", other.email());
                assertThat(after).isEqualTo(expected);
                assertThat(monday.items(contacts)).hasSize(8);

                // ---- a second run finds nothing
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    DriftReport second = reconcile(drift, metrics, reports, contacts);
                    assertThat(second.differences()).as(second.summary()).isZero();
                    assertThat(second.inSync()).isEqualTo(8);
                });
            }
        }
    }

    private static DriftReport reconcile(Map<String, String> env, PrometheusMeterRegistry metrics, Path reports,
                                         long board, String... extra) throws IOException {
        StringWriter err = new StringWriter();
        List<String> args = new java.util.ArrayList<>(List.of("--board", Long.toString(board), "--report-dir",
                reports.toString()));
        args.addAll(List.of(extra));
        int code = ReconcileCommand.execute(env, metrics, new PrintWriter(err), new PrintWriter(err),
                args.toArray(String[]::new));
        assertThat(code).as(err.toString()).isZero();
        Path latest = reports.resolve("drift-" + TENANT + "-Contact-" + board + "-latest.json");
        return ReportWriter.read(Files.readString(latest));
    }

    /** An admin's dry run through the connections API: started (202), followed until it ends; its one board's report. */
    private static DriftReport reconcileThroughApi(URI connections, String entity) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI runs = connections.resolve("/connections/api/v1/tenants/" + TENANT + "/drift-runs");
        HttpResponse<String> started = http.send(HttpRequest.newBuilder(runs).header("Authorization", "Bearer " + ADMIN_TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString("{\"entity\": \"" + entity + "\", \"dryRun\": true}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        URI run = connections.resolve(started.headers().firstValue("Location").orElseThrow());
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.JsonNode[] ended = new com.fasterxml.jackson.databind.JsonNode[1];
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(run)
                    .header("Authorization", "Bearer " + ADMIN_TOKEN).GET().build(), HttpResponse.BodyHandlers.ofString());
            ended[0] = json.readTree(answer.body());
            return !List.of("QUEUED", "RUNNING").contains(ended[0].path("state").asText());
        });
        assertThat(ended[0].get("state").asText()).as(ended[0].toString()).isEqualTo("FINISHED");
        assertThat(ended[0].get("requestedBy").asText()).isEqualTo("admin:" + TENANT);
        assertThat(ended[0].get("boards")).hasSize(1);
        return ReportWriter.read(ended[0].get("boards").get(0).toString());
    }

    /** Every compared value of both sides, keyed {@code side/record/field}. */
    private static Map<String, String> snapshot(MondayStandIn monday, long board, CoeffectionStandIn coeffection) {
        Map<String, String> values = new java.util.TreeMap<>();
        for (int i = 0; i < 8; i++) {
            String id = String.format("cnt_DEMO%05d", i);
            for (String column : List.of("name", "email", "phone", "job_title")) {
                values.put("monday/" + id + "/" + column, String.valueOf(text(monday, board, id, column)));
            }
            for (String field : List.of("fullName", "email", "phone", "title")) {
                values.put("coeffection/" + id + "/" + field, String.valueOf(field(coeffection, id, field)));
            }
            values.put("coeffection/" + id + "/owner", String.valueOf(owner(coeffection, id)));
        }
        return values;
    }

    private static StandInViews.ItemView item(MondayStandIn monday, long board, String recordId) {
        return monday.items(board).stream().filter(i -> i.values().get("coeffection_id") != null
                && recordId.equals(i.values().get("coeffection_id").text())).findFirst().orElseThrow();
    }

    private static String text(MondayStandIn monday, long board, String recordId, String column) {
        StandInViews.ItemView item = item(monday, board, recordId);
        if (column.equals("name")) {
            return item.name();
        }
        StandInViews.ValueView value = item.values().get(column);
        return value == null ? null : value.text();
    }

    private static String title(CoeffectionStandIn coeffection, String recordId) {
        return field(coeffection, recordId, "title");
    }

    private static String field(CoeffectionStandIn coeffection, String recordId, String field) {
        ObjectNode record = coeffection.records().get(TENANT, "Contact", recordId).orElseThrow();
        return record.path(field).isMissingNode() || record.path(field).isNull() ? null : record.path(field).asText();
    }

    /** The email of the record's owner. */
    private static String owner(CoeffectionStandIn coeffection, String recordId) {
        ObjectNode record = coeffection.records().get(TENANT, "Contact", recordId).orElseThrow();
        return record.path("owner").path("email").asText(null);
    }

    private static void patch(CoeffectionStandIn coeffection, String recordId, String field, String value) {
        ObjectNode fields = JsonNodeFactory.instance.objectNode().put(field, value);
        coeffection.records().patch(TENANT, "Contact", recordId, fields,
                new RecordStore.Actor("USER", "usr_7", "Sam Support", "sam@coeffection.example"), null);
    }

    /**
     * What monday calls in front of the ingress: passes every delivery through while up, answers 503 while down (the
     * ingress unreachable, as monday sees it).
     */
    private static final class IngressOutage implements AutoCloseable {
        private final HttpServer server;
        private final HttpClient client = HttpClient.newHttpClient();
        private final AtomicBoolean down = new AtomicBoolean();
        private final AtomicInteger refused = new AtomicInteger();
        private volatile int target;

        private IngressOutage(HttpServer server) {
            this.server = server;
        }

        static IngressOutage start() throws IOException {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            IngressOutage outage = new IngressOutage(server);
            server.createContext("/", outage::handle);
            server.start();
            return outage;
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        void forwardTo(int port) {
            target = port;
        }

        void down() {
            down.set(true);
        }

        void up() {
            down.set(false);
        }

        int refused() {
            return refused.get();
        }

        private void handle(HttpExchange exchange) throws IOException {
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (down.get() || target == 0) {
                refused.incrementAndGet();
                exchange.sendResponseHeaders(503, -1);
                exchange.close();
                return;
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + target
                            + exchange.getRequestURI()))
                    .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
            for (String header : List.of("Content-Type", "Authorization")) {
                String value = exchange.getRequestHeaders().getFirst(header);
                if (value != null) {
                    request.header(header, value);
                }
            }
            try {
                HttpResponse<byte[]> answer = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
                answer.headers().firstValue("Content-Type").ifPresent(v -> exchange.getResponseHeaders().set("Content-Type", v));
                exchange.sendResponseHeaders(answer.statusCode(), answer.body().length == 0 ? -1 : answer.body().length);
                if (answer.body().length > 0) {
                    exchange.getResponseBody().write(answer.body());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exchange.sendResponseHeaders(502, -1);
            } finally {
                exchange.close();
            }
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}

package com.coeffection.sync.connections.drift;

import com.coeffection.sync.connections.ConnectionsHarnessAccess;
import com.coeffection.sync.testkit.RealInfra;
import com.coeffection.sync.testkit.RealInfraExtension;
import com.fasterxml.jackson.databind.JsonNode;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin API's on-demand drift runs: who may start them, what a start answers, the refusal while a run is under way,
 * and that every start is in the audit log. The runs behind it are the pipeline's (tested in the launcher); here a
 * recording stand-in for that queue, attached as the pipeline attaches its own.
 */
@ExtendWith(RealInfraExtension.class)
class DriftRunsApiTest {
    private ConnectionsHarnessAccess harness;
    private final RecordingRuns runs = new RecordingRuns();

    @BeforeEach
    void start(RealInfra infra, @TempDir Path dir) {
        harness = new ConnectionsHarnessAccess(infra, dir);
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    @DisplayName("Given no pipeline attached, when an admin starts a drift run, then 503 DRIFT_NOT_AVAILABLE says where drift runs")
    void notAttached() {
        var answer = harness.acme().raw("POST", "/tenants/acme/drift-runs", "{}");

        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.json().get("error").asText()).isEqualTo("DRIFT_NOT_AVAILABLE");
        assertThat(answer.json().get("message").asText()).contains("bin/run reconcile");
    }

    @Test
    @DisplayName("Given the pipeline's runs attached, when an admin starts a dry run of one entity, then 202 with the queued run and its address, the run is listed and readable, and the audit log names who asked")
    void startListAndRead() {
        harness.app().attachDriftRuns(runs);

        var answer = harness.acme().raw("POST", "/tenants/acme/drift-runs", "{\"entity\": \"Contact\", \"dryRun\": true}");

        assertThat(answer.status()).as(answer.body()).isEqualTo(202);
        JsonNode run = answer.json();
        assertThat(run.get("state").asText()).isEqualTo("QUEUED");
        assertThat(run.get("tenant").asText()).isEqualTo("acme");
        assertThat(run.get("entity").asText()).isEqualTo("Contact");
        assertThat(run.get("dryRun").asBoolean()).isTrue();
        assertThat(runs.started).containsExactly("acme/Contact/dry/admin:acme");
        String id = run.get("id").asText();

        JsonNode listed = harness.acme().send("GET", "/tenants/acme/drift-runs", null);
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("id").asText()).isEqualTo(id);
        assertThat(harness.acme().send("GET", "/tenants/acme/drift-runs/" + id, null).get("requestedBy").asText())
                .isEqualTo("admin:acme");
        var unknown = harness.acme().raw("GET", "/tenants/acme/drift-runs/dr-nothing", null);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("error").asText()).isEqualTo("NOT_FOUND");

        JsonNode audit = harness.acme().send("GET", "/tenants/acme/audit", null);
        assertThat(audit.toString()).contains("drift-run.start").contains(id).contains("\"dryRun\":true");
    }

    @Test
    @DisplayName("Given a run covering the tenant under way, when its admin starts another, then 409 RUN_IN_PROGRESS with the run to follow")
    void oneAtATime() {
        harness.app().attachDriftRuns(runs);
        harness.acme().raw("POST", "/tenants/acme/drift-runs", "");

        var second = harness.acme().raw("POST", "/tenants/acme/drift-runs", "{\"dryRun\": false}");

        assertThat(second.status()).isEqualTo(409);
        assertThat(second.json().get("error").asText()).isEqualTo("RUN_IN_PROGRESS");
        assertThat(second.json().get("run").get("id").asText()).isEqualTo(runs.views.get(0).id());
        assertThat(runs.started).hasSize(1);
    }

    @Test
    @DisplayName("Given another tenant's admin, a request with no credentials, and malformed bodies, then 403, 401 and 400, and no run starts")
    void refusals() throws Exception {
        harness.app().attachDriftRuns(runs);

        var foreign = harness.globex().raw("POST", "/tenants/acme/drift-runs", "{}");
        assertThat(foreign.status()).isEqualTo(403);
        assertThat(foreign.json().get("error").asText()).isEqualTo("FORBIDDEN");
        assertThat(harness.globex().raw("GET", "/tenants/acme/drift-runs", null).status()).isEqualTo(403);

        try (Response anonymous = new OkHttpClient().newCall(new Request.Builder()
                .url(harness.baseUrl() + "/connections/api/v1/tenants/acme/drift-runs").get().build()).execute()) {
            assertThat(anonymous.code()).isEqualTo(401);
        }

        for (String body : List.of("[1]", "{\"entity\": 7}", "{\"entity\": \"Contact; DROP\"}", "{\"dryRun\": \"yes\"}")) {
            var bad = harness.acme().raw("POST", "/tenants/acme/drift-runs", body);
            assertThat(bad.status()).as(body).isEqualTo(400);
            assertThat(bad.json().get("error").asText()).isEqualTo("BAD_REQUEST");
        }
        assertThat(runs.started).isEmpty();
    }

    /** Records each start; a started run stays queued (nothing runs it here). */
    private static final class RecordingRuns implements DriftRuns {
        final List<String> started = new ArrayList<>();
        final List<DriftRunView> views = new ArrayList<>();

        @Override
        public synchronized DriftRunView start(String tenant, String entity, boolean dryRun, String requestedBy) {
            views.stream().filter(v -> v.tenant().equals(tenant) && v.active()).findFirst().ifPresent(v -> {
                throw new RunInProgress(v);
            });
            started.add(tenant + "/" + entity + "/" + (dryRun ? "dry" : "repair") + "/" + requestedBy);
            DriftRunView view = new DriftRunView("dr-" + views.size(), tenant, entity, dryRun, requestedBy,
                    DriftRunView.QUEUED, Instant.now(), null, null, List.of(), List.of());
            views.add(view);
            return view;
        }

        @Override
        public synchronized List<DriftRunView> recent(String tenant) {
            return views.stream().filter(v -> v.tenant().equals(tenant)).toList();
        }

        @Override
        public synchronized Optional<DriftRunView> run(String tenant, String runId) {
            return views.stream().filter(v -> v.tenant().equals(tenant) && v.id().equals(runId)).findFirst();
        }
    }
}

package com.coeffection.sync.launcher;

import com.coeffection.sync.infra.LocalDist;
import com.coeffection.sync.infra.LocalKafkaBroker;
import com.coeffection.sync.infra.LocalSchemaRegistry;
import com.coeffection.sync.infra.Ports;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The launcher's /health and /ready tell the truth about the whole pipeline. Runs on a broker and a registry of its
 * own (not the shared test ones), so that it can stop them.
 */
class HealthTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START = Duration.ofSeconds(60);
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void readinessIs503NamingTheRegistryOrTheBrokerWhileItIsStoppedAnd200WhenItIsBack() throws Exception {
        // given the pipeline on its own broker and registry, ready
        int kafkaPort = Ports.freePort();
        int controllerPort = Ports.freePort();
        int registryPort = Ports.freePort();
        LocalKafkaBroker broker = LocalKafkaBroker.start(LocalDist.locate(), dir.resolve("kafka"), kafkaPort, controllerPort, START);
        LocalSchemaRegistry registry = LocalSchemaRegistry.start(LocalDist.locate(), dir.resolve("registry"), registryPort, true, START);
        try {
            Map<String, String> env = new HashMap<>();
            env.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
            env.put("SCHEMA_REGISTRY_URL", registry.url());
            env.put("SYNC_DATA_DIR", dir.resolve("data").toString());
            env.put("SYNC_TOPIC_PARTITIONS", "2");
            env.put("LOCAL_MONDAY_PORT", "0");
            env.put("LOCAL_COEFFECTION_PORT", "0");
            env.put("INGRESS_PORT", "0");
            env.put("METRICS_PORT", "0");
            LauncherConfig config = LauncherConfig.from(env);
            PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            try (Pipeline pipeline = Pipeline.start(config, env, metrics);
                 MetricsServer server = new MetricsServer(config.metricsHost(), 0, metrics, pipeline.health())) {
                String base = "http://127.0.0.1:" + server.port();
                await().atMost(START).pollInterval(Duration.ofMillis(500)).until(() -> get(base + "/ready").statusCode() == 200);
                JsonNode ready = JSON.readTree(get(base + "/ready").body());
                assertThat(ready.path("checks").fieldNames()).toIterable()
                        .contains("broker", "registry", "processor", "processor-alive", "sink-partitions", "sink-alive");
                // the integration page is part of the process's liveness
                JsonNode live = JSON.readTree(get(base + "/health").body());
                assertThat(live.path("checks").path("connections").path("status").asText()).as(live.toString()).isEqualTo("UP");
                assertThat(live.path("checks").path("connections").path("detail").asText()).contains("/connections/");
                // and every part's live scrape passes Prometheus's own checker: the launcher's and the ingress's own
                Promtool.assertMetricsPass(get(base + "/metrics").body(), "the launcher's /metrics");
                Promtool.assertMetricsPass(get("http://127.0.0.1:" + pipeline.ingressPort() + "/metrics").body(),
                        "the ingress's /metrics");

                // when the registry stops, then readiness is 503 and names it; liveness stays 200
                registry.close();
                await().atMost(Duration.ofSeconds(20)).until(() -> get(base + "/ready").statusCode() == 503);
                JsonNode down = JSON.readTree(get(base + "/ready").body());
                assertThat(down.path("status").asText()).isEqualTo("DOWN");
                assertThat(down.path("failing").toString()).contains("registry");
                assertThat(down.path("checks").path("registry").path("detail").asText()).contains("does not answer");
                assertThat(get(base + "/health").statusCode()).isEqualTo(200);

                // when it is back, then ready again
                registry = LocalSchemaRegistry.start(LocalDist.locate(), dir.resolve("registry"), registryPort, true, START);
                await().atMost(Duration.ofSeconds(20)).until(() -> get(base + "/ready").statusCode() == 200);

                // when the broker stops, then readiness is 503 and names it
                broker.close();
                await().atMost(Duration.ofSeconds(20)).until(() -> get(base + "/ready").statusCode() == 503);
                JsonNode noBroker = JSON.readTree(get(base + "/ready").body());
                assertThat(noBroker.path("failing").toString()).contains("broker");
                assertThat(noBroker.path("checks").path("broker").path("detail").asText()).contains("Kafka does not answer");

                // when it is back, then ready again once the processor and the sink have their partitions
                broker = LocalKafkaBroker.start(LocalDist.locate(), dir.resolve("kafka"), kafkaPort, controllerPort, START);
                await().atMost(START).pollInterval(Duration.ofMillis(500)).until(() -> get(base + "/ready").statusCode() == 200);
            }
        } finally {
            registry.close();
            broker.close();
        }
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}

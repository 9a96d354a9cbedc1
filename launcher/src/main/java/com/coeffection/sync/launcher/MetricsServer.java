package com.coeffection.sync.launcher;

import com.coeffection.sync.launcher.health.Health;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * Serves, for the launcher's process, {@code GET /metrics} (Prometheus text format), {@code GET /health} (liveness)
 * and {@code GET /ready} (readiness): 200 or 503 with a JSON body naming every check (see {@link Health}).
 */
public final class MetricsServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer server;

    /**
     * @param host the interface to listen on (METRICS_HOST; 127.0.0.1 by default, so only this machine can read it)
     */
    public MetricsServer(String host, int port, PrometheusMeterRegistry registry, Health health) {
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot serve metrics on " + host + ":" + port + " (set METRICS_HOST, METRICS_PORT)", e);
        }
        server.createContext("/metrics", exchange -> respond(exchange, 200, registry.scrape(), "text/plain; version=0.0.4; charset=utf-8"));
        server.createContext("/health", exchange -> report(exchange, health.liveness()));
        server.createContext("/ready", exchange -> report(exchange, health.readiness()));
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "metrics-http");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    private static void report(HttpExchange exchange, Health.Report report) throws IOException {
        String body;
        try {
            body = JSON.writeValueAsString(report.body());
        } catch (JsonProcessingException e) {
            body = "{\"status\":\"DOWN\",\"failing\":[\"health-body\"]}";
        }
        respond(exchange, report.up() ? 200 : 503, body, "application/json");
    }

    private static void respond(HttpExchange exchange, int status, String body, String type) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

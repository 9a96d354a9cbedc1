package com.coeffection.sync.coeffection.standin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A real HTTP endpoint that receives the stand-in's webhooks and can refuse the first few. */
final class WebhookReceiver implements AutoCloseable {
    record Delivery(JsonNode body, byte[] raw, Map<String, List<String>> headers) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer server;
    final List<Delivery> accepted = new CopyOnWriteArrayList<>();
    final AtomicInteger refuseNext = new AtomicInteger();
    final AtomicInteger refused = new AtomicInteger();

    WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hooks", exchange -> {
            byte[] raw = exchange.getRequestBody().readAllBytes();
            int status = 200;
            if (refuseNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                status = 500;
                refused.incrementAndGet();
            } else {
                accepted.add(new Delivery(JSON.readTree(raw), raw, Map.copyOf(exchange.getRequestHeaders())));
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

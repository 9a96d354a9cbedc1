package com.coeffection.sync.monday.standin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A webhook endpoint for tests: echoes monday's challenge, records every delivery with its Authorization header,
 * and can refuse the next deliveries to exercise retries.
 */
public final class WebhookReceiver implements AutoCloseable {
    /** Exact decimals: monday delivers a numbers column's value as a JSON number, which a double would round. */
    private static final ObjectMapper JSON = com.fasterxml.jackson.databind.json.JsonMapper.builder()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .nodeFactory(com.fasterxml.jackson.databind.node.JsonNodeFactory.withExactBigDecimals(true)).build();

    /** One received POST. */
    public record Received(JsonNode body, String authorization) {
        public JsonNode event() {
            return body.path("event");
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<String> challenges = new CopyOnWriteArrayList<>();
    private final AtomicInteger refuseNext = new AtomicInteger();
    private volatile boolean echoChallenge = true;

    public WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            JsonNode body;
            try (InputStream in = exchange.getRequestBody()) {
                body = JSON.readTree(in);
            }
            int status = 200;
            String answer = "{}";
            if (body.has("challenge")) {
                challenges.add(body.get("challenge").asText());
                answer = echoChallenge ? body.toString() : "{\"challenge\":\"wrong\"}";
            } else {
                received.add(new Received(body, exchange.getRequestHeaders().getFirst("Authorization")));
                if (refuseNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    status = 503;
                }
            }
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/monday/webhook";
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public List<String> challenges() {
        return List.copyOf(challenges);
    }

    /** The next {@code n} deliveries are answered 503. */
    public void refuseNext(int n) {
        refuseNext.set(n);
    }

    /** Answer the challenge with something else (a misconfigured endpoint). */
    public void answerChallengeWrongly() {
        echoChallenge = false;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

package com.coeffection.sync.ingress.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An HTTP answer to a webhook delivery: status, JSON body, extra headers. Built by the routes, written by the
 * server, so the routes do not depend on the HTTP library.
 *
 * @param status  HTTP status
 * @param body    members of the JSON object sent back
 * @param headers extra response headers (e.g. {@code Retry-After})
 */
public record WebhookAnswer(int status, Map<String, Object> body, Map<String, String> headers) {

    public WebhookAnswer {
        body = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(body));
        headers = Map.copyOf(headers);
    }

    public static WebhookAnswer ok(Map<String, Object> body) {
        return new WebhookAnswer(200, body, Map.of());
    }

    public static WebhookAnswer of(int status, Map<String, Object> body) {
        return new WebhookAnswer(status, body, Map.of());
    }

    /** An error answer: {@code {"error": code, "message": message}} plus any extra members. */
    public static WebhookAnswer error(int status, String code, String message, Map<String, Object> extra) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("message", message);
        body.putAll(extra);
        return new WebhookAnswer(status, body, Map.of());
    }

    /** 503: Kafka could not take the delivery; the sender should retry (monday does, once a minute). */
    public static WebhookAnswer kafkaUnavailable(String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", "KAFKA_UNAVAILABLE");
        body.put("message", message);
        return new WebhookAnswer(503, body, Map.of("Retry-After", "60"));
    }
}

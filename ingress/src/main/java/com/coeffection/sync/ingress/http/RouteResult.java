package com.coeffection.sync.ingress.http;

import com.coeffection.sync.ingress.IngressMetrics.Outcome;
import com.coeffection.sync.ingress.WebhookProblem;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a route decided for one delivery: the outcome (for the metrics) and the answer to send.
 *
 * @param outcome how the delivery was handled
 * @param answer  the HTTP answer
 */
public record RouteResult(Outcome outcome, WebhookAnswer answer) {

    /**
     * The answer for a body kept as a dead letter: 400 with the typed error and the message when the sender must fix
     * it, 200 {@code {"status": "kept"}} when it is accepted for review.
     */
    public static RouteResult kept(WebhookProblem problem, String deadLetterId) {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("deadLetterId", deadLetterId);
        if (problem.type().accepted()) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", "kept");
            body.put("problem", problem.type().name());
            body.put("message", problem.message());
            body.putAll(extra);
            return new RouteResult(Outcome.KEPT, WebhookAnswer.ok(body));
        }
        return new RouteResult(Outcome.BAD_INPUT,
                WebhookAnswer.error(problem.type().httpStatus(), problem.type().name(), problem.message(), extra));
    }
}

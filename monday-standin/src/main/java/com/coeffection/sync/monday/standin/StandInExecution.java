package com.coeffection.sync.monday.standin;

import graphql.ExecutionResult;
import graphql.language.Document;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs a checked query against the stand-in's state (one at a time) and shapes the result as monday does: error
 * extensions with a code and request id, the account id, and a 5xx status when a server fault left no field answered.
 */
final class StandInExecution {
    /** The HTTP status and JSON body of an executed request. */
    record Executed(int status, String body) {
    }

    private final StandInState state;
    private final WebhookDispatcher webhooks;
    private final long accountId;
    private final StandInAnswers answers;
    private final AtomicLong validationFailures;

    StandInExecution(StandInState state, WebhookDispatcher webhooks, long accountId, StandInAnswers answers,
                     AtomicLong validationFailures) {
        this.state = state;
        this.webhooks = webhooks;
        this.accountId = accountId;
        this.answers = answers;
        this.validationFailures = validationFailures;
    }

    /** Validates and runs a request as {@code userId} without charging any budget (changes made "in monday's UI"). */
    Executed executeUncharged(String query, Map<String, Object> variables, long userId) {
        MondaySchema.Checked checked = MondaySchema.get().check(query);
        if (!checked.valid()) {
            validationFailures.incrementAndGet();
            return new Executed(200, answers.validationBody(checked.errors()));
        }
        return execute(query, checked.document(), variables, userId,
                Map.of("before", 0, "after", 0, "query", 0, "reset_in_x_seconds", 0));
    }

    Executed execute(String query, Document document, Map<String, Object> variables, long userId,
                     Map<String, Object> complexity) {
        StandInGraphQl.RequestContext context = new StandInGraphQl.RequestContext(state, webhooks, userId, complexity);
        context.accountId = accountId;
        ExecutionResult result;
        synchronized (state) {
            result = StandInGraphQl.execute(query, document, variables, context);
        }
        String requestId = UUID.randomUUID().toString();
        Map<String, Object> spec = new LinkedHashMap<>(result.toSpecification());
        List<Object> errors = new ArrayList<>();
        if (spec.get("errors") instanceof List<?> list) {
            for (Object e : list) {
                @SuppressWarnings("unchecked")
                Map<String, Object> error = new LinkedHashMap<>((Map<String, Object>) e);
                @SuppressWarnings("unchecked")
                Map<String, Object> ext = new LinkedHashMap<>(error.get("extensions") instanceof Map<?, ?> m
                        ? (Map<String, Object>) m : Map.of());
                ext.remove("classification");
                ext.putIfAbsent("code", "INTERNAL_SERVER_ERROR");
                ext.put("request_id", requestId);
                error.put("extensions", ext);
                errors.add(error);
            }
            spec.put("errors", errors);
        }
        spec.put("account_id", accountId);
        int status = 200;
        if (!errors.isEmpty() && context.statusHint >= 500 && noFieldSucceeded(spec.get("data"))) {
            status = context.statusHint;
        }
        try {
            return new Executed(status, StandInState.JSON.writeValueAsString(spec));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean noFieldSucceeded(Object data) {
        if (!(data instanceof Map<?, ?> map)) {
            return true;
        }
        return map.entrySet().stream().filter(e -> !"complexity".equals(e.getKey())).allMatch(e -> e.getValue() == null);
    }
}

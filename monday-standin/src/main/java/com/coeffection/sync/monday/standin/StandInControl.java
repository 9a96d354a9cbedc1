package com.coeffection.sync.monday.standin;

import com.coeffection.sync.monday.standin.StandInAnswers.Answer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Map;

/**
 * The stand-in's control endpoints under {@code /standin/}: changes as another user ({@code as-user/{id}}), a dump
 * of the whole state ({@code state}) and fault injection ({@code faults}).
 */
final class StandInControl {
    private final MondayStandIn standIn;
    private final StandInState state;
    private final StandInExecution execution;
    private final StandInFaults faults;

    StandInControl(MondayStandIn standIn, StandInState state, StandInExecution execution, StandInFaults faults) {
        this.standIn = standIn;
        this.state = state;
        this.execution = execution;
        this.faults = faults;
    }

    void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        Answer answer;
        try {
            if (path.startsWith("/standin/as-user/") && "POST".equalsIgnoreCase(exchange.getRequestMethod())) {
                answer = asUser(exchange, Long.parseLong(path.substring("/standin/as-user/".length())));
            } else if (path.equals("/standin/state")) {
                answer = new Answer(200, stateDump());
            } else if (path.equals("/standin/faults") && "POST".equalsIgnoreCase(exchange.getRequestMethod())) {
                applyFaults(readBody(exchange));
                answer = new Answer(200, "{\"ok\":true}");
            } else {
                answer = new Answer(404, "{\"error\":\"unknown stand-in endpoint " + path + "\"}");
            }
        } catch (RuntimeException e) {
            answer = new Answer(400, StandInState.JSON.createObjectNode().put("error", String.valueOf(e.getMessage())).toString());
        }
        StandInAnswers.send(exchange, answer);
    }

    private Answer asUser(HttpExchange exchange, long userId) throws IOException {
        if (state.user(userId) == null) {
            return new Answer(404, "{\"error\":\"no such user " + userId + "\"}");
        }
        JsonNode body = readBody(exchange);
        @SuppressWarnings("unchecked")
        Map<String, Object> variables = body.hasNonNull("variables")
                ? StandInState.JSON.convertValue(body.get("variables"), Map.class) : Map.of();
        StandInExecution.Executed executed = execution.executeUncharged(body.path("query").asText(), variables, userId);
        return new Answer(executed.status(), executed.body());
    }

    private String stateDump() {
        ObjectNode root = StandInState.JSON.createObjectNode();
        root.set("boards", StandInState.JSON.valueToTree(standIn.boards()));
        ArrayNode items = root.putArray("items");
        standIn.boards().forEach(b -> standIn.items(b.id()).forEach(i -> items.add(StandInState.JSON.valueToTree(i))));
        root.set("webhooks", StandInState.JSON.valueToTree(standIn.webhooks()));
        root.set("deliveries", StandInState.JSON.valueToTree(standIn.webhookDeliveries()));
        root.set("stats", StandInState.JSON.valueToTree(standIn.stats()));
        return root.toString();
    }

    private static JsonNode readBody(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            return StandInState.JSON.readTree(in);
        }
    }

    private void applyFaults(JsonNode body) {
        if (body.path("reset").asBoolean(false)) {
            faults.reset();
        }
        if (body.has("serverErrors")) {
            faults.serverErrors(body.get("serverErrors").asInt(), body.path("serverErrorStatus").asInt(500));
        }
        if (body.has("serverErrorsForMs")) {
            faults.serverErrorsFor(Duration.ofMillis(body.get("serverErrorsForMs").asLong()));
        }
        if (body.has("slowMs")) {
            faults.slowAnswers(Duration.ofMillis(body.get("slowMs").asLong()));
        }
        if (body.path("revokeToken").asBoolean(false)) {
            faults.revokeToken();
        }
        if (body.path("restoreToken").asBoolean(false)) {
            faults.restoreToken();
        }
        if (body.has("lockBoard")) {
            faults.lockBoard(body.get("lockBoard").asLong());
        }
        if (body.has("hangBoard")) {
            faults.hangBoard(body.get("hangBoard").asLong(), Duration.ofMillis(body.path("hangMs").asLong(30_000)));
        }
        if (body.has("stopHanging")) {
            faults.stopHanging(body.get("stopHanging").asLong());
        }
        if (body.has("unlockBoard")) {
            faults.unlockBoard(body.get("unlockBoard").asLong());
        }
    }
}

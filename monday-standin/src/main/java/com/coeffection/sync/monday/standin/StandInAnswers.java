package com.coeffection.sync.monday.standin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import graphql.GraphQLError;
import graphql.validation.ValidationError;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The stand-in's HTTP answers in monday's shapes: error bodies, schema validation errors, and sending them. */
final class StandInAnswers {
    /** One HTTP answer: status, body and extra headers ({@code Content-Type} defaults to JSON). */
    record Answer(int status, String body, Map<String, String> headers) {
        Answer(int status, String body) {
            this(status, body, Map.of());
        }
    }

    private final long accountId;

    StandInAnswers(long accountId) {
        this.accountId = accountId;
    }

    /** monday's error body: one error with its code, status code, error data and, when given, the retry delay. */
    String errorBody(String message, String code, int statusCode, Map<String, Object> errorData, Long retryIn) {
        ObjectNode root = StandInState.JSON.createObjectNode();
        ObjectNode error = root.putArray("errors").addObject().put("message", message);
        ObjectNode ext = error.putObject("extensions").put("code", code).put("status_code", statusCode);
        ext.set("error_data", StandInState.JSON.valueToTree(errorData));
        if (retryIn != null) {
            ext.put("retry_in_seconds", retryIn);
        }
        ext.put("request_id", UUID.randomUUID().toString());
        root.put("account_id", accountId);
        return root.toString();
    }

    /** The errors monday's schema finds in a query, with their locations and monday's codes (HTTP 200). */
    String validationBody(List<? extends GraphQLError> errors) {
        ObjectNode root = StandInState.JSON.createObjectNode();
        ArrayNode array = root.putArray("errors");
        String requestId = UUID.randomUUID().toString();
        for (GraphQLError e : errors) {
            ObjectNode error = array.addObject().put("message",
                    String.valueOf(e.getMessage()).replaceFirst("^Validation error \\([^)]*\\) : ", ""));
            if (e.getLocations() != null && !e.getLocations().isEmpty()) {
                ArrayNode locations = error.putArray("locations");
                e.getLocations().forEach(l -> locations.addObject().put("line", l.getLine()).put("column", l.getColumn()));
            }
            String code = e instanceof ValidationError v ? validationCode(v) : "PARSING_ERROR";
            error.putObject("extensions").put("code", code).put("status_code", 200).put("request_id", requestId);
        }
        root.put("account_id", accountId);
        return root.toString();
    }

    /** monday's (graphql-ruby) codes for the common validation failures. */
    private static String validationCode(ValidationError v) {
        String type = String.valueOf(v.getValidationErrorType());
        return switch (type) {
            case "FieldUndefined" -> "undefinedField";
            case "UnknownArgument" -> "argumentNotAccepted";
            case "MissingFieldArgument" -> "missingRequiredArguments";
            case "VariableTypeMismatch" -> "variableMismatch";
            case "WrongType" -> "argumentLiteralsIncompatible";
            case "UndefinedVariable" -> "variableNotDefined";
            case "UnusedVariable" -> "variableNotUsed";
            case "SubselectionRequired", "SubselectionNotAllowed" -> "selectionMismatch";
            default -> type;
        };
    }

    static void send(HttpExchange exchange, Answer answer) throws IOException {
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", answer.headers().getOrDefault("Content-Type", "application/json"));
        answer.headers().forEach((k, v) -> {
            if (!"Content-Type".equals(k)) {
                exchange.getResponseHeaders().set(k, v);
            }
        });
        exchange.sendResponseHeaders(answer.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}

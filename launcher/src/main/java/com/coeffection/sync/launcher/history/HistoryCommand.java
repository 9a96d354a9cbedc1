package com.coeffection.sync.launcher.history;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code bin/run history <tenant:entityType:recordId>}: a record's sync history as a table, newest first. */
@Command(name = "history", mixinStandardHelpOptions = true,
        description = "Print a record's sync history, newest first: direction, status, fields before -> after, rule,"
                + " trigger and monday's message. The record is its key tenant:entityType:recordId.")
public final class HistoryCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "<record>", description = "tenant:entityType:recordId, e.g. acme:Contact:42")
    String record;

    @Option(names = "--limit", defaultValue = "20", description = "entries to show (default ${DEFAULT-VALUE})")
    int limit;

    @Option(names = "--url", description = "history API base URL (HISTORY_URL, default http://127.0.0.1:8095)")
    String url;

    @Option(names = "--token", description = "history token (HISTORY_TOKEN; default: the embedded default's operator token)")
    String token;

    PrintStream out = System.out;
    Map<String, String> env = System.getenv();

    @Override
    public Integer call() {
        String[] parts = record.split(":", 3);
        if (parts.length != 3 || parts[0].isBlank() || parts[1].isBlank() || parts[2].isBlank()) {
            System.err.println("The record must be given as tenant:entityType:recordId, e.g. acme:Contact:42; got '"
                    + record + "'");
            return 2;
        }
        try {
            HistoryClient client = new HistoryClient(url != null ? url : env.getOrDefault("HISTORY_URL",
                    "http://127.0.0.1:8095"), HistoryClient.token(token, env));
            Map<String, String> query = new LinkedHashMap<>();
            query.put("limit", Integer.toString(limit));
            JsonNode page = client.get(List.of("api", "v1", "tenants", parts[0], "records", parts[1], parts[2],
                    "history"), query);
            out.println(render(page.path("items")));
            if (!page.path("next").isNull() && !page.path("next").isMissingNode()) {
                out.println("(older entries exist: use --limit to see more)");
            }
            return 0;
        } catch (HistoryClient.HistoryApiException e) {
            System.err.println(e.getMessage());
            return 1;
        }
    }

    static String render(JsonNode items) {
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode e : items) {
            StringBuilder fields = new StringBuilder();
            for (JsonNode f : e.path("fields")) {
                fields.append(f.path("field").asText()).append(": ").append(text(f.path("before"), "(empty)"))
                        .append(" -> ").append(text(f.path("after"), "(empty)")).append("; ");
            }
            String status = e.path("status").asText();
            for (JsonNode r : e.path("retries")) {
                status = status + " (retry " + r.path("status").asText().toLowerCase(java.util.Locale.ROOT) + ")";
            }
            String direction = switch (e.path("direction").asText()) {
                case "COEFFECTION_TO_MONDAY" -> "Coeff -> monday";
                case "MONDAY_TO_COEFFECTION" -> "monday -> Coeff";
                default -> e.path("direction").asText();
            };
            JsonNode by = e.path("triggeredBy");
            String actor = text(by.path("name"), text(by.path("email"), text(by.path("id"), by.path("kind").asText())));
            String message = text(e.path("errorMessage"), "");
            if (!e.path("errorCode").isNull() && !e.path("errorCode").isMissingNode()) {
                message = message + " [" + e.path("errorCode").asText() + "]";
            }
            rows.add(List.of(e.path("occurredAt").asText(), direction, status, fields.toString(),
                    text(e.path("rule"), ""), actor, message, e.path("entryId").asText()));
        }
        return Tables.of(new int[]{25, 16, 14, 34, 18, 16, 34, 22},
                List.of("TIME (UTC)", "DIRECTION", "STATUS", "FIELDS (before -> after)", "RULE", "TRIGGERED BY",
                        "MONDAY'S MESSAGE", "ENTRY"), rows);
    }

    private static String text(JsonNode node, String fallback) {
        return node == null || node.isNull() || node.isMissingNode() ? fallback : node.asText();
    }
}

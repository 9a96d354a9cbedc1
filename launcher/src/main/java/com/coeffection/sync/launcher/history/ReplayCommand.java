package com.coeffection.sync.launcher.history;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code bin/run replay --tenant acme --error-code MONDAY_PERMANENT --since 24h [--dry-run]}: replays a tenant's dead
 * letters to their source topics. It always shows the dry run first (how many, which kinds); without --dry-run it
 * then replays. The request id defaults to one derived from the filter, so running the same command twice replays
 * each dead letter once.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Replay a tenant's dead letters by record, error code or time range (dry run first).")
public final class ReplayCommand implements Callable<Integer> {
    @Option(names = "--tenant", required = true, description = "the tenant whose dead letters to replay")
    String tenant;

    @Option(names = "--error-code", description = "error type (e.g. MONDAY_PERMANENT) or monday's code")
    String errorCode;

    @Option(names = "--record", description = "record key tenant:entityType:recordId")
    String recordKey;

    @Option(names = "--since", description = "kept at or after: ISO time or an age such as 24h, 7d")
    String since;

    @Option(names = "--until", description = "kept at or before: ISO time or an age")
    String until;

    @Option(names = "--dry-run", description = "only count what would be replayed")
    boolean dryRun;

    @Option(names = "--request-id", description = "replay request id (default: derived from the filter)")
    String requestId;

    @Option(names = "--url", description = "history API base URL (HISTORY_URL, default http://127.0.0.1:8095)")
    String url;

    @Option(names = "--token", description = "history token (HISTORY_TOKEN; default: the embedded default's operator token)")
    String token;

    PrintStream out = System.out;
    Map<String, String> env = System.getenv();

    @Override
    public Integer call() {
        if (errorCode == null && recordKey == null && since == null && until == null) {
            System.err.println("Give at least one of --error-code, --record, --since or --until");
            return 2;
        }
        try {
            HistoryClient client = new HistoryClient(url != null ? url : env.getOrDefault("HISTORY_URL",
                    "http://127.0.0.1:8095"), HistoryClient.token(token, env));
            List<String> path = List.of("api", "v1", "tenants", tenant, "dead-letters", "replay");
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("errorCode", errorCode);
            body.put("record", recordKey);
            body.put("since", since);
            body.put("until", until);
            body.put("dryRun", true);
            JsonNode dry = client.post(path, body);
            out.println("Dry run: " + dry.path("matched").asInt() + " dead letter(s) match");
            out.println(summary(dry));
            if (dryRun || dry.path("matched").asInt() == 0) {
                return 0;
            }
            String id = requestId != null ? requestId : derivedRequestId();
            body.put("dryRun", false);
            body.put("requestId", id);
            JsonNode done = client.post(path, body);
            out.printf("Replay %s: %d replayed, %d already replayed under this request id, %d not replayable%n", id,
                    done.path("replayed").asInt(), done.path("alreadyReplayed").asInt(), done.path("notReplayable").asInt());
            return 0;
        } catch (HistoryClient.HistoryApiException e) {
            System.err.println(e.getMessage());
            return 1;
        }
    }

    static String summary(JsonNode s) {
        List<List<String>> rows = new ArrayList<>();
        s.path("byErrorType").fields().forEachRemaining(e -> rows.add(List.of(e.getKey(), e.getValue().asText())));
        rows.add(List.of("not replayable (never reached Kafka)", s.path("notReplayable").asText()));
        rows.add(List.of("already replayed under this request id", s.path("alreadyReplayed").asText()));
        return Tables.of(new int[]{42, 10}, List.of("KIND", "COUNT"), rows);
    }

    /** {@code cli:} + a digest of tenant and filter: the same command asks for the same replay. */
    String derivedRequestId() {
        String filter = tenant + "|" + errorCode + "|" + recordKey + "|" + since + "|" + until;
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(filter.getBytes(StandardCharsets.UTF_8));
            return "cli:" + HexFormat.of().formatHex(digest).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

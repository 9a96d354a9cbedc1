package com.coeffection.sync.monday.graphql;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps every error shape monday answers with to a {@link MondayFailure}.
 *
 * <p>Since API 2025-01 application errors come as HTTP 200 with {@code errors[].extensions.code} (partial
 * {@code data} may come with them, and {@code path} names the alias that failed). Throttling comes as HTTP 429 with
 * {@code Retry-After}; a revoked token as 401; a locked resource as 423; bad ids or malformed JSON as 500 with an
 * error code. The legacy top-level form {@code {"error_code":..,"error_message":..,"status_code":..}} still
 * appears, notably as {@code ComplexityException}.
 */
final class ErrorClassifier {
    private static final Pattern RESET_IN = Pattern.compile("reset in (\\d+) seconds?", Pattern.CASE_INSENSITIVE);
    private static final Set<String> THROTTLED = Set.of("MAXCONCURRENCYEXCEEDED", "IP_RATE_LIMIT_EXCEEDED",
            "FIELD_LIMIT_EXCEEDED", "RATE_LIMIT_EXCEEDED", "RATELIMITEXCEEDED", "TOO_MANY_REQUESTS",
            "MINUTE_LIMIT_EXCEEDED", "CONCURRENCY_LIMIT_EXCEEDED");
    private static final Set<String> BUDGET = Set.of("COMPLEXITY_BUDGET_EXHAUSTED");
    private static final Set<String> UNAUTHORISED = Set.of("USERUNAUTHORIZEDEXCEPTION", "UNAUTHORIZED",
            "UNAUTHENTICATED", "NOT_AUTHENTICATED", "INVALIDTOKENEXCEPTION", "AUTHENTICATION_ERROR");
    private static final Set<String> LOCKED = Set.of("RESOURCE_LOCKED", "RESOURCELOCKEDEXCEPTION", "LOCKED");
    private static final Set<String> TRANSIENT = Set.of("INTERNAL_SERVER_ERROR", "SERVICE_UNAVAILABLE", "BAD_GATEWAY",
            "GATEWAY_TIMEOUT", "API_TEMPORARILY_BLOCKED");

    private final Clock clock;
    private final Duration defaultRetryDelay;

    ErrorClassifier(Clock clock, Duration defaultRetryDelay) {
        this.clock = clock;
        this.defaultRetryDelay = defaultRetryDelay;
    }

    /** One error as monday reported it. */
    record MondayError(String message, String code, String alias, Long retryInSeconds, Integer statusCode,
                       JsonNode errorData, String requestId) {
    }

    /** Reads the errors of a response body (both the current and the legacy form). */
    static List<MondayError> errors(JsonNode body) {
        List<MondayError> errors = new ArrayList<>();
        if (body == null || !body.isObject()) {
            return errors;
        }
        for (JsonNode e : body.path("errors")) {
            JsonNode ext = e.path("extensions");
            JsonNode path = e.path("path");
            String alias = path.isArray() && !path.isEmpty() && path.get(0).isTextual() ? path.get(0).asText() : null;
            errors.add(new MondayError(e.path("message").asText(""), textOrNull(ext.get("code")), alias,
                    longOrNull(ext.get("retry_in_seconds")), intOrNull(ext.get("status_code")), ext.get("error_data"),
                    textOrNull(ext.get("request_id"))));
        }
        if (body.has("error_code") || body.has("error_message")) {
            errors.add(new MondayError(body.path("error_message").asText(""), textOrNull(body.get("error_code")), null,
                    null, intOrNull(body.get("status_code")), body.get("error_data"), textOrNull(body.get("request_id"))));
        }
        return errors;
    }

    /** Classifies one error of a response with HTTP status {@code http}. */
    MondayFailure classify(MondayError error, int http, Duration retryAfter) {
        String code = error.code() == null ? "HTTP_" + http : error.code();
        String upper = code.toUpperCase(Locale.ROOT);
        String message = error.message();
        Duration given = error.retryInSeconds() != null ? Duration.ofSeconds(error.retryInSeconds()) : retryAfter;
        if ("DAILY_LIMIT_EXCEEDED".equals(upper)) {
            Instant resume = error.retryInSeconds() != null ? clock.instant().plusSeconds(error.retryInSeconds())
                    : LocalDate.now(clock.withZone(ZoneOffset.UTC)).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            return new MondayFailure.DailyLimitReached(resume, code, message, error.requestId());
        }
        if (BUDGET.contains(upper) || ("COMPLEXITYEXCEPTION".equals(upper) && isBudgetMessage(message))) {
            Duration delay = given;
            if (delay == null) {
                Matcher m = RESET_IN.matcher(message);
                delay = m.find() ? Duration.ofSeconds(Long.parseLong(m.group(1))) : defaultRetryDelay;
            }
            return new MondayFailure.RetryLater(delay, code, message, error.requestId(), true);
        }
        if (http == 401 || UNAUTHORISED.contains(upper)) {
            return new MondayFailure.ConnectionRevoked(code, message, error.requestId());
        }
        if (LOCKED.contains(upper) || (error.code() == null && http == 423)) {
            return new MondayFailure.BoardLocked(given != null ? given : defaultRetryDelay, code, message, error.requestId());
        }
        if (THROTTLED.contains(upper) || TRANSIENT.contains(upper)
                || (error.code() == null && (http == 429 || http >= 500))) {
            return new MondayFailure.RetryLater(given != null ? given : defaultRetryDelay, code, message, error.requestId(), false);
        }
        if (http == 423) {
            return new MondayFailure.BoardLocked(given != null ? given : defaultRetryDelay, code, message, error.requestId());
        }
        if (http == 429) {
            return new MondayFailure.RetryLater(given != null ? given : defaultRetryDelay, code, message, error.requestId(), false);
        }
        JsonNode data = error.errorData();
        String columnId = data == null ? null : textOrNull(data.get("column_id"));
        String columnType = data == null ? null : textOrNull(data.get("column_type"));
        return new MondayFailure.Permanent(code, message, error.requestId(), columnId, columnType);
    }

    /** A response that carried no readable error body. */
    MondayFailure classifyStatus(int http, String bodyText, Duration retryAfter) {
        return classify(new MondayError(bodyText == null || bodyText.isBlank() ? "HTTP " + http : abbreviate(bodyText),
                null, null, null, http, null, null), http, retryAfter);
    }

    /** The request never got an answer (timeout, connection refused, reset). */
    MondayFailure transport(Exception e) {
        String code = e instanceof java.io.InterruptedIOException ? MondayFailure.RetryLater.TIMEOUT : "NETWORK_ERROR";
        return new MondayFailure.RetryLater(defaultRetryDelay, code, e.getClass().getSimpleName() + ": " + e.getMessage(), null, false);
    }

    private static final Pattern OUT_OF = Pattern.compile("out of (\\d+)", Pattern.CASE_INSENSITIVE);

    /** The budget monday names in a budget message ("... remaining 3 out of 1000000 ..."), or 0. */
    static long budgetCapacity(String message) {
        Matcher m = OUT_OF.matcher(message == null ? "" : message);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    private static boolean isBudgetMessage(String message) {
        String m = message.toLowerCase(Locale.ROOT);
        return m.contains("budget") || m.contains("reset in");
    }

    private static String textOrNull(JsonNode n) {
        return n == null || n.isNull() || n.isMissingNode() ? null : n.asText();
    }

    private static Long longOrNull(JsonNode n) {
        return n == null || n.isNull() || !n.canConvertToLong() && !n.isTextual() ? null : parseLong(n.asText());
    }

    private static Long parseLong(String s) {
        try {
            return (long) Math.ceil(Double.parseDouble(s));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Integer intOrNull(JsonNode n) {
        return n == null || n.isNull() || !n.canConvertToInt() ? null : n.asInt();
    }

    private static String abbreviate(String s) {
        return s.length() <= 300 ? s : s.substring(0, 297) + "...";
    }
}

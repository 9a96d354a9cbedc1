package com.coeffection.sync.ingress;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.util.Optional;

/**
 * Reads webhook bodies as JSON trees. Decimal numbers stay exact ({@link java.math.BigDecimal}, trailing zeros and
 * all), so a value or a {@code changedAt} is never rounded through a double; duplicate keys are refused.
 */
public final class WebhookJson {
    /** Shared, thread-safe mapper for webhook bodies and answers. */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();

    private WebhookJson() {
    }

    /** The parsed body, or the problem saying where the JSON is broken. */
    public static Parsed parse(byte[] body) {
        if (body.length == 0) {
            return new Parsed(null, new WebhookProblem(ProblemType.MALFORMED_JSON, "The body is empty; a JSON object was expected"));
        }
        try {
            JsonNode node = MAPPER.readTree(body);
            if (node == null || node.isMissingNode()) {
                return new Parsed(null, new WebhookProblem(ProblemType.MALFORMED_JSON, "The body holds no JSON value"));
            }
            if (!node.isObject()) {
                return new Parsed(null, new WebhookProblem(ProblemType.MALFORMED_JSON,
                        "The body is JSON " + node.getNodeType().name().toLowerCase() + ", not a JSON object"));
            }
            return new Parsed(node, null);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr();
            String what = e.getOriginalMessage()
                    .replace("[Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); ", "[");
            return new Parsed(null, new WebhookProblem(ProblemType.MALFORMED_JSON, "The body is not valid JSON" + where + ": " + what));
        } catch (IOException e) {
            return new Parsed(null, new WebhookProblem(ProblemType.MALFORMED_JSON, "The body cannot be read as JSON: " + e.getMessage()));
        }
    }

    /** A parsed body: exactly one of {@code node} and {@code problem} is set. */
    public record Parsed(JsonNode node, WebhookProblem problem) {
        public Optional<WebhookProblem> failure() {
            return Optional.ofNullable(problem);
        }
    }

    /** A JSON string for an answer body. */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write JSON: " + e.getMessage(), e);
        }
    }
}

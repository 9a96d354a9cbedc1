package com.coeffection.sync.ingress.delivery;

import com.coeffection.sync.contract.DeadLetterHeaders;
import com.coeffection.sync.ingress.WebhookProblem;
import com.coeffection.sync.schema.DeadLetter;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds the dead letter that keeps an unusable webhook body: the raw bytes unchanged, the typed error, the reason,
 * and where to send it again once fixed ({@code replayTo}). The id is derived from the route and the body, so a
 * sender retrying the same bad body keeps one dead letter, not thirty.
 */
public final class DeadLetters {
    /** Context key naming the webhook route kind ({@code monday-webhook}, {@code coeffection-webhook}). */
    public static final String CONTEXT_SOURCE = "source";
    /** The part name under {@link DeadLetterHeaders#CONTEXT_PART}. */
    public static final String PART = "ingress";

    private DeadLetters() {
    }

    /**
     * A dead letter for a webhook body.
     *
     * @param source      {@code monday-webhook} or {@code coeffection-webhook}
     * @param intendedTopic the topic the body would have gone to
     * @param route       the path it was posted to, e.g. {@code /webhooks/monday/acme}
     * @param tenantId    the tenant, when known
     * @param recordKey   the record or item key, when known
     * @param key         the Kafka key used for the dead letter
     * @param body        the raw body, unchanged
     * @param problem     what is wrong
     * @param extra       more context (field names, delivered type); no secrets
     * @param now         when it was received
     */
    public static DeadLetter of(String source, String intendedTopic, String route, String tenantId, String recordKey,
                                String key, byte[] body, WebhookProblem problem, Map<String, String> extra, Instant now) {
        Map<String, String> context = new LinkedHashMap<>();
        context.put(DeadLetterHeaders.CONTEXT_PART, PART);
        context.put(CONTEXT_SOURCE, source);
        context.put("replayTo", "POST " + route);
        context.putAll(extra);
        return DeadLetter.newBuilder()
                .setDeadLetterId(idFor(route, problem, body))
                .setSourceTopic(intendedTopic)
                .setSourcePartition(-1)
                .setSourceOffset(-1L)
                .setKey(key == null ? null : ByteBuffer.wrap(key.getBytes(StandardCharsets.UTF_8)))
                .setValue(ByteBuffer.wrap(body))
                .setErrorType(problem.type().errorType().name())
                .setReason(problem.message())
                .setTenantId(tenantId)
                .setRecordKey(recordKey)
                .setAttempts(0)
                .setContext(context)
                .setOccurredAt(now)
                .build();
    }

    /** The Kafka headers of a dead letter: the shared scheme of every part ({@link DeadLetterHeaders}). */
    public static Map<String, String> headers(DeadLetter letter) {
        return DeadLetterHeaders.of(letter);
    }

    /** {@code ingress-} and the first 32 hex digits of SHA-256 over route, error type and body. */
    public static String idFor(String route, WebhookProblem problem, byte[] body) {
        MessageDigest digest = sha256();
        digest.update(route.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        digest.update(problem.type().name().getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        digest.update(body);
        return "ingress-" + HexFormat.of().formatHex(digest.digest()).substring(0, 32);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}

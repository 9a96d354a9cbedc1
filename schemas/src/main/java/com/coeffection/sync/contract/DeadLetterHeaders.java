package com.coeffection.sync.contract;

import com.coeffection.sync.schema.DeadLetter;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one header scheme of every record on the dead-letter topic, whichever part wrote it (ingress, processor,
 * sink). The headers repeat what the {@link DeadLetter} value says, so a person or a tool can filter dead letters
 * without decoding Avro. Every header value is UTF-8 text; a header is absent when its value is unknown.
 */
public final class DeadLetterHeaders {
    /** {@link ErrorType} name. */
    public static final String ERROR_TYPE = "dlq.error.type";
    /** The reason, for a person. */
    public static final String REASON = "dlq.reason";
    /** The dead letter's id (stable: the same input kept twice keeps one id). */
    public static final String ID = "dlq.id";
    /** The part that wrote it: {@code ingress}, {@code processor}, {@code sink}, ... */
    public static final String PART = "dlq.part";
    /** The topic the input was read from, or would have gone to (its replay target). */
    public static final String SOURCE_TOPIC = "dlq.source.topic";
    /** Its partition and offset there; -1 when it never reached Kafka (a webhook body). */
    public static final String SOURCE_PARTITION = "dlq.source.partition";
    public static final String SOURCE_OFFSET = "dlq.source.offset";
    public static final String TENANT = "dlq.tenant";
    /** {@code tenantId:entityType:recordId}, when known. */
    public static final String RECORD_KEY = "dlq.record.key";
    public static final String ATTEMPTS = "dlq.attempts";
    /** monday's error code, its own message and its request id, for a monday failure. */
    public static final String ERROR_CODE = "dlq.error.code";
    public static final String MONDAY_MESSAGE = "dlq.monday.message";
    public static final String REQUEST_ID = "dlq.request.id";

    /** Context keys of {@link DeadLetter#getContext()} that are also given as headers. */
    public static final String CONTEXT_PART = "part";
    public static final String CONTEXT_ERROR_CODE = "errorCode";
    public static final String CONTEXT_MONDAY_MESSAGE = "mondayMessage";
    public static final String CONTEXT_REQUEST_ID = "requestId";

    private DeadLetterHeaders() {
    }

    /** The headers of {@code letter}, in a fixed order. */
    public static Map<String, String> of(DeadLetter letter) {
        Map<String, String> h = new LinkedHashMap<>();
        put(h, ERROR_TYPE, letter.getErrorType());
        put(h, REASON, letter.getReason());
        put(h, ID, letter.getDeadLetterId());
        Map<String, String> context = letter.getContext();
        put(h, PART, context.get(CONTEXT_PART));
        put(h, SOURCE_TOPIC, letter.getSourceTopic());
        put(h, SOURCE_PARTITION, Integer.toString(letter.getSourcePartition()));
        put(h, SOURCE_OFFSET, Long.toString(letter.getSourceOffset()));
        put(h, TENANT, letter.getTenantId());
        put(h, RECORD_KEY, letter.getRecordKey());
        put(h, ATTEMPTS, Integer.toString(letter.getAttempts()));
        put(h, ERROR_CODE, context.get(CONTEXT_ERROR_CODE));
        put(h, MONDAY_MESSAGE, context.get(CONTEXT_MONDAY_MESSAGE));
        put(h, REQUEST_ID, context.get(CONTEXT_REQUEST_ID));
        return h;
    }

    /** {@link #of(DeadLetter)} as Kafka headers. */
    public static Headers kafkaHeaders(DeadLetter letter) {
        RecordHeaders headers = new RecordHeaders();
        of(letter).forEach((k, v) -> headers.add(k, v.getBytes(StandardCharsets.UTF_8)));
        return headers;
    }

    /** The text of header {@code name}, or null. */
    public static String read(Headers headers, String name) {
        Header h = headers == null ? null : headers.lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static void put(Map<String, String> h, String name, String value) {
        if (value != null) {
            h.put(name, value);
        }
    }
}

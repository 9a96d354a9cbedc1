package com.coeffection.sync.history.deadletters;

import java.nio.ByteBuffer;
import java.time.Instant;

/**
 * Keys and values of the dead-letter store: {@code {tenant}:{invertedTime}:{deadLetterId}} -> the dead letter's
 * partition on the dead-letter topic (4 bytes) followed by its value as read (wire format). Newest first per tenant.
 */
public final class DeadLetterKeys {
    /** The tenant of dead letters that name none (only the operator sees them). */
    public static final String UNKNOWN_TENANT = "unknown";
    private static final String SEP = "\u0001";

    private DeadLetterKeys() {
    }

    public static String byTenant(String tenant, Instant occurredAt, String deadLetterId) {
        return tenant + ":" + String.format("%019d", Long.MAX_VALUE - Math.max(0, occurredAt.toEpochMilli())) + ":"
                + deadLetterId;
    }

    /** The tenant of a store key. */
    public static String tenantOf(String key) {
        return key.substring(0, key.indexOf(':'));
    }

    /** The dead letter id of a store key. */
    public static String idOf(String key) {
        return key.substring(tenantOf(key).length() + 1 + 19 + 1);
    }

    public static String tenantPrefix(String tenant) {
        return tenant + ":";
    }

    /** The replay-mark key of one dead letter replayed under one request id. */
    public static String replay(String deadLetterId, String requestId) {
        return deadLetterId + SEP + requestId;
    }

    public static String replayPrefix(String deadLetterId) {
        return deadLetterId + SEP;
    }

    /** The request id of a replay-mark key. */
    public static String requestOf(String replayKey) {
        return replayKey.substring(replayKey.indexOf(SEP) + 1);
    }

    /** The mark record's value on the replay-marks topic: {@code deadLetterId \u0001 requestId}. */
    public static String mark(String deadLetterId, String requestId) {
        return replay(deadLetterId, requestId);
    }

    public static byte[] stored(int partition, byte[] value) {
        return ByteBuffer.allocate(4 + value.length).putInt(partition).put(value).array();
    }

    public static int partitionOf(byte[] stored) {
        return ByteBuffer.wrap(stored).getInt();
    }

    public static byte[] valueOf(byte[] stored) {
        byte[] out = new byte[stored.length - 4];
        System.arraycopy(stored, 4, out, 0, out.length);
        return out;
    }
}

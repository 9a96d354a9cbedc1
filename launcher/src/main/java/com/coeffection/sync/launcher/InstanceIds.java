package com.coeffection.sync.launcher;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;

/**
 * Stable instance ids and the processor's session timeout, filled in when the environment does not set them.
 *
 * <p>Rule: every processor and every sink worker is a static member of its consumer group, named
 * {@code <host>-<part>-<8 hex of its data directory>}. The name stays the same across restarts of the same
 * instance (same host, same {@code SYNC_DATA_DIR}), so a restarted instance takes its partitions back without a
 * rebalance, and two instances on one host differ because they cannot share a data directory (Kafka Streams locks
 * its state directory). {@code PROCESSOR_INSTANCE_ID} and {@code MONDAY_SINK_INSTANCE_ID} override the names; give
 * a value of {@code none} to run without static membership.
 *
 * <p>Rule: a processor instance killed outright (kill -9, a lost host) keeps its tasks until its session times out;
 * the launcher bounds that with {@code PROCESSOR_SESSION_TIMEOUT_MS} = {@value #PROCESSOR_SESSION_TIMEOUT_MS} ms
 * unless set, instead of the 30 to 45 s of the library defaults. The sink's own default is 6 s.
 */
final class InstanceIds {
    /** The launcher's default session timeout of a processor instance. */
    static final int PROCESSOR_SESSION_TIMEOUT_MS = 10_000;
    static final String PROCESSOR_INSTANCE_ID = "PROCESSOR_INSTANCE_ID";
    static final String PROCESSOR_SESSION_TIMEOUT = "PROCESSOR_SESSION_TIMEOUT_MS";
    static final String SINK_INSTANCE_ID = "MONDAY_SINK_INSTANCE_ID";
    /** The value that turns static membership off. */
    static final String NONE = "none";

    private InstanceIds() {
    }

    /** The environment for a processor: its instance id and session timeout filled in when absent. */
    static Map<String, String> forProcessor(Map<String, String> env, Path dataDir) {
        Map<String, String> out = withId(env, PROCESSOR_INSTANCE_ID, "processor", dataDir);
        if (blank(out.get(PROCESSOR_SESSION_TIMEOUT))) {
            out.put(PROCESSOR_SESSION_TIMEOUT, Integer.toString(PROCESSOR_SESSION_TIMEOUT_MS));
        }
        return out;
    }

    /** The environment for a sink worker: its instance id filled in when absent. */
    static Map<String, String> forSink(Map<String, String> env, Path dataDir) {
        return withId(env, SINK_INSTANCE_ID, "sink", dataDir);
    }

    /** {@code <host>-<part>-<8 hex of the absolute data directory>}, in the characters Kafka accepts in an id. */
    static String defaultId(String host, String part, Path dataDir) {
        String safeHost = host.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "-");
        return safeHost + "-" + part + "-" + shortHash(dataDir.toAbsolutePath().normalize().toString());
    }

    private static Map<String, String> withId(Map<String, String> env, String name, String part, Path dataDir) {
        Map<String, String> out = new HashMap<>(env);
        String given = out.get(name);
        if (given != null && given.trim().equalsIgnoreCase(NONE)) {
            out.remove(name);
        } else if (blank(given)) {
            out.put(name, defaultId(hostName(env), part, dataDir));
        }
        return out;
    }

    private static String hostName(Map<String, String> env) {
        String fromEnv = env.get("HOSTNAME");
        if (!blank(fromEnv)) {
            return fromEnv.trim();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    private static String shortHash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}

package com.coeffection.sync.launcher.history;

import com.coeffection.sync.history.HistoryApp;
import com.coeffection.sync.history.HistoryConfig;
import com.coeffection.sync.infra.Ports;
import io.micrometer.core.instrument.MeterRegistry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.Map;

/**
 * Starts history-sink for the launcher. When no operator token is configured (HISTORY_OPERATOR_TOKEN), one is made
 * once and kept in {@code <SYNC_DATA_DIR>/history-operator-token} (readable by the owner only); its path is
 * printed, never the token.
 */
public final class HistoryPart {
    public static final String TOKEN_FILE = "history-operator-token";

    private HistoryPart() {
    }

    /**
     * @param env the environment with KAFKA_BOOTSTRAP_SERVERS and SCHEMA_REGISTRY_URL filled in
     */
    public static HistoryApp start(Map<String, String> env, Path dataDir, MeterRegistry metrics) {
        return start(env, dataDir, metrics, null);
    }

    /**
     * @param env    the environment with KAFKA_BOOTSTRAP_SERVERS and SCHEMA_REGISTRY_URL filled in
     * @param beside pages served by the same server with the same sign-in (the integration page); null: none
     */
    public static HistoryApp start(Map<String, String> env, Path dataDir, MeterRegistry metrics,
                                   HistoryApp.WebExtension beside) {
        Map<String, String> effective = new HashMap<>(env);
        effective.putIfAbsent("SYNC_DATA_DIR", dataDir.toString());
        Path tokenFile = dataDir.resolve(TOKEN_FILE);
        if (blank(env.get("HISTORY_OPERATOR_TOKEN"))) {
            effective.put("HISTORY_OPERATOR_TOKEN", operatorToken(tokenFile));
        }
        HistoryConfig config = HistoryConfig.fromEnv(effective);
        HistoryApp app;
        try {
            app = new HistoryApp(config, metrics).withWeb(beside).start();
        } catch (RuntimeException e) {
            if (env.containsKey("HISTORY_PORT") || !Ports.inUse(e)) {
                throw e;
            }
            // the default port is taken (another pipeline on this machine): a free one; the address is printed below
            app = new HistoryApp(config.withPort(0), metrics).withWeb(beside).start();
        }
        System.out.printf("Sync History page at %s (API at %s/api/v1; operator token in %s unless"
                + " HISTORY_OPERATOR_TOKEN is set)%n", app.pageUrl(), app.baseUrl(), tokenFile);
        return app;
    }

    /** The operator token of this data directory, made on first use. */
    static String operatorToken(Path file) {
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.UTF_8).trim();
            }
            Files.createDirectories(file.getParent());
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            String token = HexFormat.of().formatHex(random);
            Files.writeString(file, token + "\n", StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system: the file keeps the directory's permissions
            }
            return token;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or make the history operator token file " + file, e);
        }
    }


    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}

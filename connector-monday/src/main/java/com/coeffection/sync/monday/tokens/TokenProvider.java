package com.coeffection.sync.monday.tokens;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Gives the monday API token of a tenant's connection. The sink asks again before every request, so a token
 * changed in its source (a file rewritten after a reconnect, a secret store) is picked up without a restart: that
 * is how a connection paused by a revoked token resumes.
 */
@FunctionalInterface
public interface TokenProvider {
    /** The tenant's current token, or null when none is configured. */
    String tokenFor(String tenantId);

    /** The same token for every tenant. */
    static TokenProvider fixed(String token) {
        return tenant -> token;
    }

    /** Whatever {@code source} says now, for every tenant (a supplier backed by configuration that can change). */
    static TokenProvider dynamic(Supplier<String> source) {
        Objects.requireNonNull(source, "source");
        return tenant -> source.get();
    }

    /**
     * The first line of a file, read again on every call (blank or missing file: no token). A per-tenant file
     * {@code <name>.<tenantId>} next to it wins when it exists.
     */
    static TokenProvider file(Path path) {
        Objects.requireNonNull(path, "path");
        return tenant -> {
            String perTenant = read(path.resolveSibling(path.getFileName() + "." + tenant));
            return perTenant != null ? perTenant : read(path);
        };
    }

    /**
     * {@code MONDAY_API_TOKEN_FILE} when set (re-read on every call), else {@code MONDAY_API_TOKEN_<TENANT>}, else
     * {@code MONDAY_API_TOKEN}.
     */
    static TokenProvider fromEnv(Map<String, String> env) {
        String file = env.get("MONDAY_API_TOKEN_FILE");
        if (file != null && !file.isBlank()) {
            return file(Path.of(file));
        }
        Map<String, String> copy = Map.copyOf(env);
        return tenant -> {
            String own = copy.get("MONDAY_API_TOKEN_" + tenant.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9]", "_"));
            return own != null && !own.isBlank() ? own : copy.get("MONDAY_API_TOKEN");
        };
    }

    private static String read(Path path) {
        try {
            String text = Files.readString(path, StandardCharsets.UTF_8).strip();
            int newline = text.indexOf('\n');
            String first = (newline < 0 ? text : text.substring(0, newline)).strip();
            return first.isEmpty() ? null : first;
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the monday token file " + path, e);
        }
    }
}

package com.coeffection.sync.connections.mappings;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Every change an admin makes (connect, workspace, disconnect, mapping published), who made it, when and what:
 * appended to a JSON-lines file and never rewritten. Tokens never appear in it.
 */
public final class AuditLog {
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final Path file;
    private final Clock clock;

    /** One change: when, who (the admin's name, never a token), the tenant, what kind, and its details. */
    public record Change(Instant at, String who, String tenant, String action, Map<String, Object> what) {
    }

    public AuditLog(Path file, Clock clock) {
        this.file = file;
        this.clock = clock;
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public synchronized Change record(String who, String tenant, String action, Map<String, Object> what) {
        Change change = new Change(clock.instant(), who, tenant, action, what);
        try {
            Files.writeString(file, JSON.writeValueAsString(change) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.SYNC);
        } catch (IOException e) {
            throw new UncheckedIOException("the change could not be recorded in " + file, e);
        }
        return change;
    }

    /** The tenant's changes, newest first. */
    public synchronized List<Change> changes(String tenant, int limit) {
        List<Change> all = new ArrayList<>();
        if (!Files.exists(file)) {
            return all;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    Change c = JSON.readValue(line, Change.class);
                    if (c.tenant().equals(tenant)) {
                        all.add(0, c);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return all.subList(0, Math.min(limit, all.size()));
    }
}

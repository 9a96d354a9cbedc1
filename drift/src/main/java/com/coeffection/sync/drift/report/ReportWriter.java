package com.coeffection.sync.drift.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a run's report as JSON ({@code drift-<entity>-<board>-<started>.json}, and {@code latest} per board). */
public final class ReportWriter {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReportWriter() {
    }

    public static String json(DriftReport report) {
        try {
            return JSON.writeValueAsString(report) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static DriftReport read(String json) {
        try {
            return JSON.readValue(json, DriftReport.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the report into {@code dir}; returns the file written. */
    public static Path write(Path dir, DriftReport report) {
        try {
            Files.createDirectories(dir);
            String base = "drift-" + report.tenantId() + "-" + report.entityType() + "-" + report.boardId();
            Path file = dir.resolve(base + "-" + report.startedAtMillis() + (report.dryRun() ? "-dry" : "") + ".json");
            Files.writeString(file, json(report));
            Files.writeString(dir.resolve(base + "-latest.json"), json(report));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("The drift report could not be written to " + dir + ": " + e.getMessage(), e);
        }
    }
}

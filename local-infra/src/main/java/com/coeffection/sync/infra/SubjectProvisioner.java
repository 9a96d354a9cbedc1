package com.coeffection.sync.infra;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.Locale;
import java.util.Set;

/**
 * Sets the compatibility level of the pipeline's subjects on a registry serving the Confluent Schema Registry REST
 * API ({@code PUT /config/{subject}}), so that the registry itself refuses a schema that would break the readers of
 * a topic, whichever client registers it. Only the named subjects are touched, never the registry's global level.
 */
public final class SubjectProvisioner {
    /** The levels the Confluent API knows. */
    public static final Set<String> LEVELS = Set.of("NONE", "BACKWARD", "BACKWARD_TRANSITIVE", "FORWARD",
            "FORWARD_TRANSITIVE", "FULL", "FULL_TRANSITIVE");

    private SubjectProvisioner() {
    }

    /**
     * Sets {@code level} on every subject (a subject not registered yet gets it too, and keeps it once registered).
     *
     * @throws IllegalArgumentException for a level the API does not know
     * @throws IllegalStateException when the registry refuses or does not answer
     */
    public static void ensure(String registryUrl, Collection<String> subjects, String level) {
        String normalized = level.trim().toUpperCase(Locale.ROOT);
        if (!LEVELS.contains(normalized)) {
            throw new IllegalArgumentException("Unknown schema compatibility '" + level + "'; use one of " + LEVELS);
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String base = registryUrl.replaceAll("/+$", "");
        for (String subject : subjects) {
            URI uri = URI.create(base + "/config/" + URLEncoder.encode(subject, StandardCharsets.UTF_8));
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"compatibility\":\"" + normalized + "\"}")).build();
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() / 100 != 2) {
                    throw new IllegalStateException("The schema registry refused compatibility " + normalized + " for "
                            + subject + ": " + response.statusCode() + " " + response.body());
                }
            } catch (IOException e) {
                throw new IllegalStateException("Cannot set the compatibility of " + subject + " at " + base + ": " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** The compatibility level the registry reports for a subject ({@code GET /config/{subject}}). */
    public static String levelOf(String registryUrl, String subject) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        URI uri = URI.create(registryUrl.replaceAll("/+$", "") + "/config/" + URLEncoder.encode(subject, StandardCharsets.UTF_8));
        try {
            String body = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"compatibilityLevel\"\\s*:\\s*\"(\\w+)\"").matcher(body);
            return m.find() ? m.group(1) : body;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the compatibility of " + subject + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

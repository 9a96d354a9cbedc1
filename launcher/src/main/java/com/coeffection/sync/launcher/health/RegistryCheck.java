package com.coeffection.sync.launcher.health;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The schema registry answers {@code GET /subjects} with 200 within two seconds. */
public final class RegistryCheck implements Check {
    private final URI subjects;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    /** @param registryUrl the Confluent-compatible base URL */
    public RegistryCheck(String registryUrl) {
        this.subjects = URI.create(registryUrl.replaceAll("/+$", "") + "/subjects");
    }

    @Override
    public String name() {
        return "registry";
    }

    @Override
    public Result check() {
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(subjects).timeout(Duration.ofSeconds(2)).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200
                    ? Result.up("answers at " + subjects)
                    : Result.down("answered " + response.statusCode() + " at " + subjects + "; check the registry");
        } catch (IOException e) {
            return Result.down("does not answer at " + subjects + " (" + e.getClass().getSimpleName()
                    + "); check the registry and SCHEMA_REGISTRY_URL");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Result.down("interrupted while checking " + subjects);
        }
    }
}

package com.coeffection.sync.serde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.apache.avro.Schema;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A client of the Confluent Schema Registry REST API (Confluent's registry, Apicurio's {@code /apis/ccompat/v7},
 * Karapace). It registers and looks up Avro schemas by subject and reads schemas by id, caching both ways: a
 * schema id never changes its meaning, so each is fetched once per process.
 */
public final class SchemaRegistryClient {
    private static final MediaType REGISTRY_JSON = MediaType.get("application/vnd.schemaregistry.v1+json");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpUrl baseUrl;
    private final String displayUrl;
    private final OkHttpClient http;
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private final Map<SubjectSchema, Integer> idsBySubjectSchema = new ConcurrentHashMap<>();

    private record SubjectSchema(String subject, Schema schema) {
    }

    public SchemaRegistryClient(String baseUrl) {
        this(baseUrl, new OkHttpClient.Builder()
                .connectTimeout(Duration.ofSeconds(5))
                .readTimeout(Duration.ofSeconds(15))
                .callTimeout(Duration.ofSeconds(30))
                .build());
    }

    public SchemaRegistryClient(String baseUrl, OkHttpClient http) {
        Objects.requireNonNull(baseUrl, "schema registry url");
        String trimmed = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        HttpUrl parsed = HttpUrl.parse(trimmed);
        if (parsed == null) {
            throw new IllegalArgumentException("Not a valid schema registry url: " + baseUrl);
        }
        this.baseUrl = parsed;
        this.displayUrl = trimmed;
        this.http = http;
    }

    public String url() {
        return displayUrl;
    }

    /** Registers the schema under the subject (or finds it already registered) and returns its id. */
    public int register(String subject, Schema schema) {
        return idsBySubjectSchema.computeIfAbsent(new SubjectSchema(subject, schema), key -> {
            JsonNode answer = call(post(url("subjects", subject, "versions"), schema), subject);
            int id = answer.path("id").asInt(-1);
            if (id < 0) {
                throw new SchemaRegistryException(SchemaRegistryException.Kind.REJECTED,
                        "Schema registry at " + displayUrl + " answered the registration of subject " + subject
                                + " without an id: " + answer, 200, 0, null);
            }
            schemasById.putIfAbsent(id, schema);
            return id;
        });
    }

    /** Returns the id of a schema already registered under the subject, without registering it. */
    public int lookup(String subject, Schema schema) {
        return idsBySubjectSchema.computeIfAbsent(new SubjectSchema(subject, schema), key -> {
            try {
                JsonNode answer = call(post(url("subjects", subject), schema), subject);
                int id = answer.path("id").asInt(-1);
                schemasById.putIfAbsent(id, schema);
                return id;
            } catch (SchemaRegistryException e) {
                if (e.httpStatus() == 404) {
                    throw new SchemaRegistryException(SchemaRegistryException.Kind.NOT_REGISTERED,
                            "Subject " + subject + " has no such schema in the registry at " + displayUrl
                                    + " and auto-registration is off: register the schema first", 404,
                            e.registryErrorCode(), e);
                }
                throw e;
            }
        });
    }

    /** The schema with this id. */
    public Schema schemaById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        JsonNode answer;
        try {
            answer = call(new Request.Builder().url(url("schemas", "ids", Integer.toString(id))).get().build(), null);
        } catch (SchemaRegistryException e) {
            if (e.httpStatus() == 404) {
                throw new UnknownSchemaIdException(id, displayUrl);
            }
            throw e;
        }
        Schema schema = new Schema.Parser().parse(answer.path("schema").asText());
        Schema previous = schemasById.putIfAbsent(id, schema);
        return previous != null ? previous : schema;
    }

    private HttpUrl url(String... segments) {
        HttpUrl.Builder builder = baseUrl.newBuilder();
        for (String segment : segments) {
            builder.addPathSegment(segment);
        }
        return builder.build();
    }

    private static Request post(HttpUrl url, Schema schema) {
        String body;
        try {
            body = JSON.writeValueAsString(Map.of("schema", schema.toString()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return new Request.Builder().url(url).post(RequestBody.create(body, REGISTRY_JSON))
                .header("Accept", REGISTRY_JSON.toString()).build();
    }

    private JsonNode call(Request request, String subject) {
        String what = request.method() + " " + request.url().encodedPath();
        try (Response response = http.newCall(request).execute()) {
            String text = response.body() == null ? "" : response.body().string();
            if (response.isSuccessful()) {
                return JSON.readTree(text);
            }
            int registryCode = 0;
            String message = text;
            try {
                JsonNode error = JSON.readTree(text);
                registryCode = error.path("error_code").asInt(0);
                message = error.path("message").asText(text);
            } catch (IOException ignored) {
                // not a JSON error body; keep the raw text
            }
            int status = response.code();
            SchemaRegistryException.Kind kind = status >= 500 ? SchemaRegistryException.Kind.UNAVAILABLE
                    : status == 409 ? SchemaRegistryException.Kind.INCOMPATIBLE
                    : status == 401 || status == 403 ? SchemaRegistryException.Kind.UNAUTHORIZED
                    : SchemaRegistryException.Kind.REJECTED;
            String subjectPart = subject == null ? "" : " for subject " + subject;
            throw new SchemaRegistryException(kind, "Schema registry at " + displayUrl + " refused " + what + subjectPart
                    + " with HTTP " + status + (registryCode != 0 ? " (error " + registryCode + ")" : "") + ": " + message,
                    status, registryCode, null);
        } catch (IOException e) {
            throw new SchemaRegistryException(SchemaRegistryException.Kind.UNAVAILABLE, "Schema registry at " + displayUrl
                    + " cannot be reached (" + what + "): " + e.getMessage() + "; check SCHEMA_REGISTRY_URL and that the registry is up",
                    0, 0, e);
        }
    }
}

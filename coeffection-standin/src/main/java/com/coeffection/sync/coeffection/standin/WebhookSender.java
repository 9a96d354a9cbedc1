package com.coeffection.sync.coeffection.standin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Coeffection's outbound webhooks: for every change of a record, a POST of
 * {@code {eventId, event, tenantId, timestamp, actor, causationId, data}} (data = the full record; for a delete, the
 * record as it was) to each endpoint the tenant subscribed, signed with the endpoint's secret:
 * {@code X-Coeffection-Timestamp} (Unix seconds when sent) and
 * {@code X-Coeffection-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>}.
 *
 * <p>A record's webhooks are sent in the order its changes were made (one lane per record, lanes spread over a
 * bounded pool of threads); a delivery that is not answered 2xx is retried with doubling delays up to a bound, then
 * counted as failed and logged. Webhooks of different records go out concurrently.
 */
public final class WebhookSender implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WebhookSender.class);
    private static final MediaType JSON = MediaType.get("application/json");

    /** An endpoint a tenant subscribed; {@code secret} signs the deliveries (null: unsigned). */
    public record Subscription(String id, String tenantId, String url, String secret) {
        @Override
        public String toString() {
            return "Subscription[" + id + ", tenant=" + tenantId + ", url=" + url + "]";
        }
    }

    private final ObjectMapper mapper = new ObjectMapper();
    private final OkHttpClient http;
    private final Clock clock;
    private final int maxAttempts;
    private final Duration firstRetryDelay;
    private final ExecutorService[] lanes;
    private final Map<String, List<Subscription>> subscriptions = new ConcurrentHashMap<>();
    private final String bootId = UUID.randomUUID().toString().substring(0, 8);
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong queued = new AtomicLong();

    public WebhookSender(Clock clock, int threads, int maxAttempts, Duration firstRetryDelay) {
        this.clock = clock;
        this.maxAttempts = maxAttempts;
        this.firstRetryDelay = firstRetryDelay;
        this.http = new OkHttpClient.Builder().connectTimeout(Duration.ofSeconds(5)).readTimeout(Duration.ofSeconds(15)).build();
        this.lanes = new ExecutorService[threads];
        for (int i = 0; i < threads; i++) {
            int lane = i;
            lanes[i] = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "coeffection-webhooks-" + lane);
                t.setDaemon(true);
                return t;
            });
        }
    }

    public Subscription subscribe(String tenantId, String url, String secret) {
        Subscription s = new Subscription("whk_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12),
                tenantId, url, secret);
        subscriptions.computeIfAbsent(tenantId, t -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(s);
        log.info("Webhook subscription {} for tenant {} to {}", s.id(), tenantId, url);
        return s;
    }

    public List<Subscription> subscriptions(String tenantId) {
        return List.copyOf(subscriptions.getOrDefault(tenantId, List.of()));
    }

    public boolean unsubscribe(String tenantId, String id) {
        return subscriptions.getOrDefault(tenantId, List.of()).removeIf(s -> s.id().equals(id));
    }

    /** Queues the webhooks of one change (called under the store's lock: only enqueues). */
    public void send(RecordStore.Change change) {
        List<Subscription> targets = subscriptions.getOrDefault(change.tenantId(), List.of());
        if (targets.isEmpty()) {
            return;
        }
        byte[] body = body(change);
        String laneKey = change.tenantId() + ":" + change.entityType() + ":" + change.recordId();
        ExecutorService lane = lanes[Math.floorMod(laneKey.hashCode(), lanes.length)];
        for (Subscription target : targets) {
            queued.incrementAndGet();
            lane.execute(() -> {
                try {
                    deliver(target, change, body);
                } finally {
                    queued.decrementAndGet();
                }
            });
        }
    }

    /** Webhooks answered 2xx, given up on, and still waiting. */
    public Map<String, Long> counts() {
        return Map.of("delivered", delivered.get(), "failed", failed.get(), "queued", queued.get());
    }

    byte[] body(RecordStore.Change change) {
        ObjectNode body = mapper.createObjectNode();
        body.put("eventId", "evt_" + bootId + "_" + change.sequence());
        body.put("event", Entities.eventPrefix(change.entityType()) + "." + change.operation().name().toLowerCase());
        body.put("tenantId", change.tenantId());
        body.put("timestamp", change.at().toString());
        ObjectNode actor = body.putObject("actor");
        actor.put("kind", change.actor().kind());
        actor.put("id", change.actor().id());
        actor.put("name", change.actor().name());
        if (change.actor().email() != null) {
            actor.put("email", change.actor().email());
        }
        if (change.causationId() != null) {
            body.put("causationId", change.causationId());
        }
        if (change.operation() == RecordStore.Operation.UPDATED) {
            ObjectNode data = body.putObject("data");
            data.put("id", change.recordId());
            // the full record, as Coeffection sends it; changedFields says which of them this change set
            data.setAll(change.record());
            body.putArray("changedFields").addAll(change.changed().stream().map(body::textNode).toList());
        } else {
            body.set("data", change.record());
        }
        try {
            return mapper.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void deliver(Subscription target, RecordStore.Change change, byte[] body) {
        Duration delay = firstRetryDelay;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            String timestamp = Long.toString(clock.instant().getEpochSecond());
            Request.Builder request = new Request.Builder().url(target.url()).post(RequestBody.create(body, JSON))
                    .header("X-Coeffection-Timestamp", timestamp)
                    .header("X-Coeffection-Event", Entities.eventPrefix(change.entityType()) + "."
                            + change.operation().name().toLowerCase());
            if (target.secret() != null) {
                request.header("X-Coeffection-Signature", "sha256=" + sign(target.secret(), timestamp, body));
            }
            String outcome;
            try (Response response = http.newCall(request.build()).execute()) {
                if (response.isSuccessful()) {
                    delivered.incrementAndGet();
                    return;
                }
                outcome = "HTTP " + response.code();
            } catch (IOException e) {
                outcome = e.getClass().getSimpleName() + ": " + e.getMessage();
            }
            if (attempt == maxAttempts) {
                failed.incrementAndGet();
                log.warn("Webhook for {} {} of tenant {} to {} given up after {} attempts (last: {})",
                        change.entityType(), change.recordId(), change.tenantId(), target.url(), attempt, outcome);
                return;
            }
            log.debug("Webhook for {} {} to {} failed ({}); retry in {} ms", change.entityType(), change.recordId(),
                    target.url(), outcome, delay.toMillis());
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            delay = delay.multipliedBy(2);
        }
    }

    /** Lower-case hex HMAC-SHA256 of {@code timestamp + "." + body}. */
    public static String sign(String secret, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available in this JVM", e);
        }
    }

    @Override
    public void close() {
        List<ExecutorService> all = new ArrayList<>(List.of(lanes));
        all.forEach(ExecutorService::shutdown);
        for (ExecutorService lane : all) {
            try {
                lane.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}

package com.coeffection.sync.monday.standin;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.coeffection.sync.monday.standin.ItemChanges.Change;
import com.coeffection.sync.monday.standin.ItemChanges.ColumnChanged;
import com.coeffection.sync.monday.standin.ItemChanges.ItemCreated;
import com.coeffection.sync.monday.standin.ItemChanges.ItemMoved;
import com.coeffection.sync.monday.standin.ItemChanges.ItemRemoved;
import com.coeffection.sync.monday.standin.ItemChanges.NameChanged;
import com.coeffection.sync.monday.standin.StandInState.Webhook;
import com.coeffection.sync.monday.standin.StandInViews.DeliveryView;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Webhooks as monday sends them: the challenge handshake when one is created, then one POST per change to every
 * subscription of the board whose event matches, with the delivered {@code type} and fields monday uses, the
 * {@code userId} of whoever made the change (the integration's own user too, so echoes happen), a JWT signed with
 * the signing secret when one is set, and retries of deliveries that do not get a 200. Deliveries go out
 * concurrently ({@value #CONCURRENT_DELIVERIES} at a time), each item's in the order its changes were made.
 */
final class WebhookDispatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);
    private static final MediaType JSON_TYPE = MediaType.get("application/json");

    private final StandInConfig config;
    private final Clock clock;
    private final Supplier<List<Webhook>> subscriptions;
    private final OkHttpClient http = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(10)).build();
    /** How many deliveries are in flight at once (monday delivers concurrently; each item's events stay in order). */
    static final int CONCURRENT_DELIVERIES = 16;

    /** Only waits for retries; deliveries run on {@link #senders}, one item at a time per lane. */
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "standin-webhook-retries");
        t.setDaemon(true);
        return t;
    });
    private final ExecutorService senders = Executors.newFixedThreadPool(CONCURRENT_DELIVERIES, new ThreadFactory() {
        private final AtomicInteger n = new AtomicInteger();

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, "standin-webhooks-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    });
    /** Per item, the deliveries waiting behind the one being sent; an item with no entry has none in flight. */
    private final Map<Long, ArrayDeque<Delivery>> lanes = new HashMap<>();
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();

    WebhookDispatcher(StandInConfig config, Clock clock, Supplier<List<Webhook>> subscriptions) {
        this.config = config;
        this.clock = clock;
        this.subscriptions = subscriptions;
    }

    private static final class Delivery {
        final Webhook webhook;
        final String type;
        final String triggerUuid;
        final ObjectNode event;
        final Instant firstAttempt;
        volatile int attempts;
        volatile int lastStatus;
        volatile boolean delivered;
        volatile String firstBody;
        volatile String authorization;

        Delivery(Webhook webhook, String type, String triggerUuid, ObjectNode event, Instant firstAttempt) {
            this.webhook = webhook;
            this.type = type;
            this.triggerUuid = triggerUuid;
            this.event = event;
            this.firstAttempt = firstAttempt;
        }
    }

    /**
     * The challenge handshake monday performs on {@code create_webhook}: POST {@code {"challenge": ...}} and expect
     * the same JSON back with 200.
     */
    void handshake(String url) {
        String challenge = UUID.randomUUID().toString().replace("-", "");
        ObjectNode body = StandInState.JSON.createObjectNode().put("challenge", challenge);
        Request request = new Request.Builder().url(url).post(RequestBody.create(body.toString(), JSON_TYPE)).build();
        try (Response response = http.newCall(request).execute()) {
            String text = response.body() == null ? "" : response.body().string();
            JsonNode answer = text.isBlank() ? null : StandInState.JSON.readTree(text);
            if (response.code() != 200 || answer == null || !challenge.equals(answer.path("challenge").asText())) {
                throw new StandInError("InvalidWebhookUrlException", 200,
                        "Failed to communicate with URL provided: the challenge was not echoed (HTTP " + response.code() + ")",
                        Map.of("url", url));
            }
        } catch (IOException e) {
            throw new StandInError("InvalidWebhookUrlException", 200,
                    "Failed to communicate with URL provided: " + e.getMessage(), Map.of("url", url));
        }
    }

    /** Queues deliveries for a change to every matching subscription. */
    void onChange(Change change) {
        for (Webhook hook : subscriptions.get()) {
            if (hook.boardId() != change.boardId() || !subscribed(hook, change)) {
                continue;
            }
            ObjectNode event = event(hook, change);
            Delivery d = new Delivery(hook, event.path("type").asText(), event.path("triggerUuid").asText(), event, clock.instant());
            deliveries.add(d);
            enqueue(change.itemId(), d);
        }
    }

    private static boolean subscribed(Webhook hook, Change change) {
        switch (hook.event()) {
            case "create_item":
                return change instanceof ItemCreated;
            case "change_column_value":
                return change instanceof ColumnChanged;
            case "change_status_column_value":
                return change instanceof ColumnChanged c && "status".equals(c.columnType());
            case "change_specific_column_value":
                return change instanceof ColumnChanged c && c.columnId().equals(configuredColumn(hook));
            case "change_name":
                return change instanceof NameChanged;
            case "item_deleted":
                return change instanceof ItemRemoved r && r.deleted();
            case "item_archived":
                return change instanceof ItemRemoved r && !r.deleted();
            case "item_moved_to_any_group":
                return change instanceof ItemMoved;
            default:
                return false;
        }
    }

    private static String configuredColumn(Webhook hook) {
        try {
            return hook.config() == null ? "" : StandInState.JSON.readTree(hook.config()).path("columnId").asText();
        } catch (IOException e) {
            return "";
        }
    }

    private ObjectNode event(Webhook hook, Change change) {
        ObjectNode e = StandInState.JSON.createObjectNode();
        e.put("app", "monday");
        String type;
        if (change instanceof ItemCreated) {
            type = "create_pulse";
        } else if (change instanceof ColumnChanged) {
            type = "update_column_value";
        } else if (change instanceof NameChanged) {
            type = "update_name";
        } else if (change instanceof ItemRemoved r) {
            type = r.deleted() ? "delete_pulse" : "archive_pulse";
        } else {
            type = "move_pulse_into_group";
        }
        e.put("type", type);
        e.put("triggerTime", change.at().toString());
        e.put("subscriptionId", hook.id());
        e.put("isRetry", false);
        e.put("userId", change.userId());
        e.put("originalTriggerUuid", (String) null);
        e.put("boardId", change.boardId());
        if (change instanceof ItemCreated c) {
            e.put("pulseId", c.itemId()).put("pulseName", c.name()).put("groupId", c.group().id())
                    .put("groupName", c.group().title()).put("groupColor", c.group().color()).put("isTopGroup", true);
            e.set("columnValues", StandInState.JSON.valueToTree(c.webhookColumnValues()));
        } else if (change instanceof ColumnChanged c) {
            e.put("groupId", c.groupId()).put("pulseId", c.itemId()).put("pulseName", c.itemName())
                    .put("columnId", c.columnId()).put("columnType", c.webhookType()).put("columnTitle", c.columnTitle());
            e.set("value", c.value());
            e.set("previousValue", c.previousValue());
            e.put("changedAt", new BigDecimal(c.at().toEpochMilli()).movePointLeft(3));
            e.put("isTopGroup", true);
        } else if (change instanceof NameChanged c) {
            e.put("groupId", c.groupId()).put("pulseId", c.itemId());
            e.putObject("value").put("name", c.name());
            e.putObject("previousValue").put("name", c.previousName());
        } else if (change instanceof ItemRemoved r) {
            e.put("itemId", r.itemId()).put("itemName", r.itemName());
        } else if (change instanceof ItemMoved m) {
            e.put("pulseId", m.itemId()).put("pulseName", m.itemName())
                    .put("sourceGroupId", m.fromGroup()).put("destGroupId", m.toGroup());
        }
        e.put("triggerUuid", UUID.randomUUID().toString().replace("-", ""));
        return e;
    }

    /**
     * Sends {@code d} after the item's earlier deliveries: each item has one lane, lanes run concurrently on a
     * bounded pool.
     */
    private void enqueue(long itemId, Delivery d) {
        synchronized (lanes) {
            ArrayDeque<Delivery> lane = lanes.get(itemId);
            if (lane != null) {
                lane.addLast(d);
                return;
            }
            lanes.put(itemId, new ArrayDeque<>());
        }
        senders.execute(() -> drain(itemId, d));
    }

    private void drain(long itemId, Delivery first) {
        Delivery next = first;
        while (next != null) {
            try {
                attempt(itemId, next);
            } catch (RuntimeException e) {
                LOG.warn("webhook delivery {} failed unexpectedly: {}", next.triggerUuid, e.toString());
            }
            synchronized (lanes) {
                ArrayDeque<Delivery> lane = lanes.get(itemId);
                next = lane == null ? null : lane.pollFirst();
                if (next == null) {
                    lanes.remove(itemId);
                }
            }
        }
    }

    private void attempt(long itemId, Delivery d) {
        ObjectNode event = d.event.deepCopy();
        event.put("isRetry", d.attempts > 0);
        if (d.attempts > 0) {
            event.put("originalTriggerUuid", d.triggerUuid);
        }
        ObjectNode body = StandInState.JSON.createObjectNode();
        body.set("event", event);
        Request.Builder request = new Request.Builder().url(d.webhook.url()).post(RequestBody.create(body.toString(), JSON_TYPE));
        String jwt = sign(d);
        if (jwt != null) {
            request.header("Authorization", jwt);
        }
        if (d.attempts == 0) {
            d.firstBody = body.toString();
            d.authorization = jwt;
        }
        d.attempts++;
        int status = 0;
        try (Response response = http.newCall(request.build()).execute()) {
            status = response.code();
        } catch (IOException ex) {
            LOG.info("webhook {} delivery {} to {} failed: {}", d.webhook.id(), d.triggerUuid, d.webhook.url(), ex.getMessage());
        }
        d.lastStatus = status;
        if (status == 200) {
            d.delivered = true;
            return;
        }
        Instant next = clock.instant().plus(config.webhookRetryInterval());
        if (next.isAfter(d.firstAttempt.plus(config.webhookRetryFor()))) {
            LOG.warn("webhook {} delivery {} to {} given up after {} attempts (last HTTP {})", d.webhook.id(),
                    d.triggerUuid, d.webhook.url(), d.attempts, status);
            return;
        }
        executor.schedule(() -> enqueue(itemId, d), config.webhookRetryInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    private String sign(Delivery d) {
        if (config.signingSecret() == null || config.signingSecret().isBlank()) {
            return null;
        }
        Instant now = clock.instant();
        return JWT.create()
                .withClaim("accountId", config.accountId())
                .withClaim("userId", d.event.path("userId").asLong())
                .withAudience(d.webhook.url())
                .withIssuedAt(Date.from(now))
                .withExpiresAt(Date.from(now.plus(Duration.ofMinutes(5))))
                .withClaim("shortLivedToken", "slt-" + UUID.randomUUID())
                .sign(Algorithm.HMAC256(config.signingSecret()));
    }

    List<DeliveryView> deliveries() {
        List<DeliveryView> views = new ArrayList<>();
        for (Delivery d : deliveries) {
            views.add(new DeliveryView(d.webhook.id(), d.type, d.triggerUuid, d.attempts, d.lastStatus, d.delivered,
                    d.firstBody, d.authorization));
        }
        return views;
    }

    @Override
    public void close() {
        executor.shutdownNow();
        senders.shutdownNow();
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}

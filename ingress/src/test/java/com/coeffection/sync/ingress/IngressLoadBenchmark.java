package com.coeffection.sync.ingress;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.coeffection.sync.testkit.RealInfra;
import com.coeffection.sync.topics.SyncTopics;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import com.coeffection.sync.infra.LocalDist;
import com.coeffection.sync.infra.LocalKafkaBroker;
import com.coeffection.sync.infra.LocalSchemaRegistry;
import com.coeffection.sync.infra.Ports;
import com.coeffection.sync.infra.TopicProvisioner;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.TopicPartition;

import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;

/**
 * Load benchmark of the webhook ingress: real HTTP deliveries of monday column changes (each with its own
 * triggerUuid and a signed JWT) against a running ingress writing to a real broker, all on this machine. Prints
 * requests/s, latency percentiles, and compares the number of deliveries acknowledged with the number of records
 * in Kafka.
 *
 * <p>Open loop by default: requests are sent at a fixed rate and each latency is measured from the moment the
 * request was due, so a stall counts against every request it delays. {@code -Dbench.rate=0} switches to a closed
 * loop at {@code bench.concurrency} requests in flight, for the highest rate.
 *
 * <p>The warm-up is always a closed loop (as fast as it goes), so that the JIT has compiled the whole path before
 * anything is measured.
 *
 * <pre>
 * MAVEN_OPTS="-Xms1g -Xmx1g" mvn -q -o -pl ingress test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=com.coeffection.sync.ingress.IngressLoadBenchmark [-Dbench.rate=2000] [-Dbench.seconds=30]
 * </pre>
 *
 * <p>{@code -Dbench.driver=wrk} (Debian's wrk) generates the load from a separate process instead: a closed loop
 * with {@code bench.concurrency} connections and {@code bench.wrkThreads} threads (default 2), warm-up excluded
 * from its figures.
 */
public final class IngressLoadBenchmark {
    private static final long BOARD = 1_893_000_999L;

    private static final MediaType JSON_TYPE = MediaType.get("application/json");
    private final OkHttpClient http;
    private final URI uri;
    private final String jwt;
    private final AtomicLong items = new AtomicLong(5_000_000_000L);
    private final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
    private final AtomicInteger accepted = new AtomicInteger();

    private IngressLoadBenchmark(URI uri, String jwt, int concurrency) {
        this.uri = uri;
        this.jwt = jwt;
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(concurrency);
        dispatcher.setMaxRequestsPerHost(concurrency);
        this.http = new OkHttpClient.Builder().dispatcher(dispatcher)
                .connectionPool(new ConnectionPool(concurrency, 1, TimeUnit.MINUTES))
                .callTimeout(Duration.ofSeconds(30)).build();
    }

    public static void main(String[] args) throws Exception {
        String driver = System.getProperty("bench.driver", "java");
        int rate = Integer.getInteger("bench.rate", 2000);
        int seconds = Integer.getInteger("bench.seconds", 30);
        int warmup = Integer.getInteger("bench.warmup", 10);
        int concurrency = Integer.getInteger("bench.concurrency", 32);
        int partitions = Integer.getInteger("bench.partitions", 4);

        // by default the broker and the registry run in JVMs of their own, as in production, so that the
        // benchmark's JVM holds only the ingress (and, for the Java driver, the load generator);
        // "inprocess" uses the test broker inside the benchmark's JVM
        boolean childBroker = !System.getProperty("bench.broker", "child").equals("inprocess");
        RealInfra infra = childBroker ? null : RealInfra.shared();
        LocalKafkaBroker broker = childBroker ? LocalKafkaBroker.start(LocalDist.locate(),
                java.nio.file.Files.createTempDirectory("bench-broker"), Ports.freePort(), Ports.freePort(),
                Duration.ofSeconds(90)) : null;
        LocalSchemaRegistry schemaRegistry = childBroker ? LocalSchemaRegistry.start(LocalDist.locate(),
                java.nio.file.Files.createTempDirectory("bench-registry"), Ports.freePort(), false,
                Duration.ofSeconds(90)) : null;
        String bootstrap = childBroker ? broker.bootstrapServers() : infra.bootstrapServers();
        String registryUrl = childBroker ? schemaRegistry.url() : infra.schemaRegistryUrl();
        Admin admin = childBroker ? Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap)) : infra.admin();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        SyncTopics d = SyncTopics.defaults();
        SyncTopics topics = new SyncTopics(d.recordChanges() + "-bench-" + suffix, d.itemEvents() + "-bench-" + suffix,
                d.boardMappings() + "-bench-" + suffix, d.links(), d.mondayCommands(), d.mondayResults(), d.recordUpdates(),
                d.historyEvents(), d.history(), d.deadLetters() + "-bench-" + suffix, d.control());
        TopicProvisioner.ensure(admin, List.of(
                new TopicProvisioner.Topic(topics.itemEvents(), partitions, (short) 1, Map.of()),
                new TopicProvisioner.Topic(topics.recordChanges(), partitions, (short) 1, Map.of()),
                new TopicProvisioner.Topic(topics.deadLetters(), 1, (short) 1, Map.of()),
                new TopicProvisioner.Topic(topics.boardMappings(), 1, (short) 1, Map.of("cleanup.policy", "compact"))));
        IngressConfig config = IngressConfig.defaults(bootstrap, registryUrl)
                .withHost("127.0.0.1").withPort(0).withTopics(topics)
                .withSecrets(RunningIngress.MONDAY_SECRET, RunningIngress.COEFFECTION_SECRET);
        String jwt = JWT.create().withClaim("accountId", 1).withExpiresAt(Instant.now().plusSeconds(3600))
                .sign(Algorithm.HMAC256(RunningIngress.MONDAY_SECRET));
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (IngressServer server = new IngressServer(config, meters).start()) {
            IngressLoadBenchmark bench = new IngressLoadBenchmark(
                    URI.create("http://127.0.0.1:" + server.port() + "/webhooks/monday/bench"), jwt, concurrency);
            bench.awaitFirstAccepted();
            System.out.printf(Locale.ROOT, "Ingress load benchmark (%s driver): %s, %d s warm-up, %d s measured, "
                            + "item-events with %d partitions, broker %s, %d cores, load average %.1f%n", driver,
                    driver.equals("wrk") ? "wrk closed loop, " + concurrency + " connections"
                            : rate > 0 ? "open loop at " + rate + " deliveries/s, at most " + concurrency + " in flight"
                            : "closed loop with " + concurrency + " in flight",
                    warmup, seconds, partitions, childBroker ? "in its own JVM" : "in this JVM", Runtime.getRuntime().availableProcessors(),
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            HistogramSnapshot beforeMeasuring;
            if (driver.equals("wrk")) {
                runWrk(server.port(), jwt, concurrency, warmup, false);
                beforeMeasuring = serverHistogram(meters);
                runWrk(server.port(), jwt, concurrency, seconds, true);
            } else {
                bench.run(0, concurrency, warmup, false); // warm up as fast as it goes: JIT compilation first
                beforeMeasuring = serverHistogram(meters);
                Result result = bench.run(rate, concurrency, seconds, true);
                result.print();
                System.out.println("status codes seen by the client (warm-up included): " + new java.util.TreeMap<>(bench.statuses));
            }
            printServerSide(beforeMeasuring, serverHistogram(meters));
            // wrk stops with requests in flight: let the ingress answer them before counting
            long drainUntil = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (server.deliveriesInFlight() > 0 && System.nanoTime() < drainUntil) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
            double acknowledged = meters.get("ingress.webhooks").tag("source", "monday").tag("outcome", "accepted")
                    .counter().count();
            long inKafka = recordsIn(admin, topics.itemEvents(), partitions);
            System.out.printf(Locale.ROOT, "acknowledged by the ingress (200 accepted, warm-up included): %.0f; "
                            + "records in %s: %d -> %s%n", acknowledged, topics.itemEvents(), inKafka,
                    inKafka == (long) acknowledged ? "EQUAL" : "DIFFERENT");
            Tally tally = tally(bootstrap, topics.itemEvents(), inKafka);
            System.out.printf(Locale.ROOT, "read back from %s: %d records, %d distinct triggerUuids, %d triggerUuids "
                            + "more than once -> %s%n", topics.itemEvents(), tally.records(), tally.distinct(),
                    tally.repeated(), tally.records() == (long) acknowledged && tally.distinct() == tally.records()
                            ? "EXACTLY ONCE" : "NOT EXACTLY ONCE");
        }
        if (broker != null) {
            admin.close();
            broker.close();
            schemaRegistry.close();
        }
        System.exit(0);
    }

    /**
     * The ingress's own view of the measured phase: time from reading a request to writing its answer, from the
     * difference of its histogram before and after (bucket upper bounds), which leaves out the load generator and
     * the network stack.
     */
    private static void printServerSide(HistogramSnapshot before, HistogramSnapshot after) {
        CountAtBucket[] first = before.histogramCounts();
        CountAtBucket[] last = after.histogramCounts();
        CountAtBucket[] measured = new CountAtBucket[last.length];
        for (int i = 0; i < last.length; i++) {
            measured[i] = new CountAtBucket(last[i].bucket(), last[i].count() - first[i].count());
        }
        long count = after.count() - before.count();
        double meanMillis = (after.total(TimeUnit.MILLISECONDS) - before.total(TimeUnit.MILLISECONDS)) / Math.max(1, count);
        System.out.printf(Locale.ROOT, "server-side (ingress histogram, measured phase): %d deliveries, mean %.2f ms, "
                        + "p50 <= %.1f ms, p99 <= %.1f ms, p99.9 <= %.1f ms%n", count, meanMillis,
                bucketAt(measured, count, 0.50), bucketAt(measured, count, 0.99), bucketAt(measured, count, 0.999));
    }

    private static HistogramSnapshot serverHistogram(PrometheusMeterRegistry meters) {
        return meters.get("ingress.webhook").tag("source", "monday").timer().takeSnapshot();
    }

    private static double bucketAt(CountAtBucket[] buckets, long total, double quantile) {
        for (CountAtBucket bucket : buckets) {
            if (bucket.count() >= quantile * total) {
                return bucket.bucket(TimeUnit.MILLISECONDS);
            }
        }
        return Double.NaN;
    }

    /** Sends until the first delivery is accepted: the new topics' metadata has reached the producer. */
    private void awaitFirstAccepted() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (send().get() == 200) {
                return;
            }
        }
        throw new IllegalStateException("The ingress accepted no delivery within 60 s");
    }

    /** Runs wrk with a Lua script that gives every request its own item and triggerUuid; prints wrk's report. */
    private static void runWrk(int port, String jwt, int connections, int seconds, boolean measure) throws Exception {
        java.nio.file.Path script = java.nio.file.Files.createTempFile("ingress-bench", ".lua");
        String run = UUID.randomUUID().toString().substring(0, 8);
        String template = deliveryBody("%d", "%s").replace("\\", "\\\\").replace("\"", "\\\"");
        java.nio.file.Files.writeString(script, String.join("\n",
                "local threads = 0",
                "function setup(thread) thread:set('tid', threads); threads = threads + 1 end",
                "local n = 0",
                "wrk.method = 'POST'",
                "wrk.headers['Content-Type'] = 'application/json'",
                "wrk.headers['Authorization'] = '" + jwt + "'",
                "request = function()",
                "  n = n + 1",
                "  local item = 7000000000 + tid * 100000000 + n",
                "  local trigger = string.format('" + run + "-%d-%d', tid, n)",
                "  return wrk.format(nil, '/webhooks/monday/bench', nil, string.format(\"" + template + "\", item, item, trigger))",
                "end", ""));
        Process wrk = new ProcessBuilder("wrk", "-t" + Integer.getInteger("bench.wrkThreads", 2), "-c" + connections, "-d" + seconds + "s", "--latency", "-s",
                script.toString(), "http://127.0.0.1:" + port).redirectErrorStream(true).start();
        String output = new String(wrk.getInputStream().readAllBytes());
        wrk.waitFor();
        System.out.println(measure ? output : "warm-up with wrk done (" + seconds + " s)");
    }

    /** A monday status-column change, with the item id and triggerUuid filled in by {@code String.format}. */
    static String deliveryBody(String itemPlaceholder, String triggerPlaceholder) {
        return "{\"event\":{\"app\":\"monday\",\"type\":\"update_column_value\",\"triggerTime\":\"2026-11-22T06:30:15.123Z\","
                + "\"subscriptionId\":7301,\"isRetry\":false,\"userId\":4401,\"originalTriggerUuid\":null,\"boardId\":" + BOARD
                + ",\"pulseId\":" + itemPlaceholder + ",\"pulseName\":\"Lead " + itemPlaceholder + "\",\"groupId\":\"topics\","
                + "\"columnId\":\"status\",\"columnType\":\"color\",\"columnTitle\":\"Status\",\"value\":{\"label\":{\"index\":1,"
                + "\"text\":\"Done\",\"style\":{\"color\":\"#00c875\",\"border\":\"#00b461\"},\"is_done\":true},\"post_id\":null},"
                + "\"previousValue\":null,\"changedAt\":1763793015.123456,\"isTopGroup\":true,"
                + "\"triggerUuid\":\"" + triggerPlaceholder + "\"}}";
    }

    private record Result(int sent, double seconds, long[] latenciesNanos, int errors) {
        void print() {
            long[] sorted = latenciesNanos.clone();
            Arrays.sort(sorted);
            System.out.printf(Locale.ROOT, "requests: %d in %.1f s = %.0f requests/s; not 200: %d%n",
                    sent, seconds, sent / seconds, errors);
            System.out.printf(Locale.ROOT, "latency ms: p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f%n",
                    pct(sorted, 50), pct(sorted, 90), pct(sorted, 99), pct(sorted, 99.9), sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6);
        }

        private static double pct(long[] sorted, double p) {
            if (sorted.length == 0) {
                return 0;
            }
            int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
        }
    }

    private Result run(int rate, int concurrency, int seconds, boolean measure) throws Exception {
        int capacity = rate > 0 ? rate * seconds + 1000 : 200_000 * seconds;
        long[] latencies = new long[capacity];
        AtomicInteger recorded = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        AtomicInteger sent = new AtomicInteger();
        Semaphore inFlight = new Semaphore(concurrency);
        long start = System.nanoTime();
        long end = start + Duration.ofSeconds(seconds).toNanos();
        long interval = rate > 0 ? 1_000_000_000L / rate : 0;
        long due = start;
        while (true) {
            if (rate > 0) {
                due += interval;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
            } else {
                due = System.nanoTime();
            }
            if (System.nanoTime() >= end) {
                break;
            }
            inFlight.acquire();
            long dueAt = due;
            sent.incrementAndGet();
            send().whenComplete((status, error) -> {
                long latency = System.nanoTime() - dueAt;
                int slot = recorded.getAndIncrement();
                if (slot < latencies.length) {
                    latencies[slot] = latency;
                }
                int code = error != null ? -1 : status;
                statuses.computeIfAbsent(code, c -> new AtomicInteger()).incrementAndGet();
                if (code != 200) {
                    errors.incrementAndGet();
                }
                inFlight.release();
            });
        }
        inFlight.acquire(concurrency);
        double elapsed = (System.nanoTime() - start) / 1e9;
        int n = Math.min(recorded.get(), latencies.length);
        if (!measure) {
            System.out.printf(Locale.ROOT, "warm-up: %d requests in %.1f s%n", sent.get(), elapsed);
        }
        return new Result(sent.get(), elapsed, Arrays.copyOf(latencies, n), errors.get());
    }

    private CompletableFuture<Integer> send() {
        long item = items.incrementAndGet();
        String body = deliveryBody(Long.toString(item), UUID.randomUUID().toString());
        Request request = new Request.Builder().url(uri.toString()).header("Authorization", jwt)
                .post(RequestBody.create(body, JSON_TYPE)).build();
        CompletableFuture<Integer> status = new CompletableFuture<>();
        http.newCall(request).enqueue(new Callback() {
            @Override
            public void onFailure(Call call, IOException e) {
                status.completeExceptionally(e);
            }

            @Override
            public void onResponse(Call call, Response response) throws IOException {
                try (response) {
                    String text = response.body() == null ? "" : response.body().string();
                    if (response.code() == 200 && text.contains("\"accepted\"")) {
                        accepted.incrementAndGet();
                    }
                    status.complete(response.code());
                }
            }
        });
        return status;
    }

    /** Records read back, the distinct triggerUuids among them, and how many of those were there more than once. */
    private record Tally(long records, long distinct, long repeated) {
    }

    /**
     * Reads every record of the topic back (up to {@code expected} of them) and counts the triggerUuid headers: each
     * request of the benchmark has its own, so records = distinct = acknowledged means every acknowledged delivery
     * is in Kafka exactly once (a lost delivery cannot hide behind a duplicate).
     */
    private static Tally tally(String bootstrap, String topic, long expected) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        java.util.Set<String> seen = new java.util.HashSet<>();
        long records = 0;
        long repeated = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList());
            long idleUntil = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (records < expected && System.nanoTime() < idleUntil) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    records++;
                    Header trigger = record.headers().lastHeader("triggerUuid");
                    if (!seen.add(trigger == null ? "none" : new String(trigger.value(), java.nio.charset.StandardCharsets.UTF_8))) {
                        repeated++;
                    }
                    idleUntil = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                }
            }
        }
        return new Tally(records, seen.size(), repeated);
    }

    private static long recordsIn(Admin admin, String topic, int partitions) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        IntStream.range(0, partitions).forEach(p -> latest.put(new TopicPartition(topic, p), OffsetSpec.latest()));
        ListOffsetsResult offsets = admin.listOffsets(latest);
        long total = 0;
        for (TopicPartition partition : latest.keySet()) {
            total += offsets.partitionResult(partition).get().offset();
        }
        return total;
    }
}

package com.coeffection.sync.ingress;

import com.coeffection.sync.ingress.coeffection.CoeffectionSignature;
import com.coeffection.sync.serde.AvroDeserializer;
import com.coeffection.sync.serde.SchemaRegistryClient;
import com.coeffection.sync.testkit.RealInfra;
import com.coeffection.sync.topics.SyncTopics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;

import static org.awaitility.Awaitility.await;

/**
 * A real ingress on a free port, writing to topics of its own on the shared real broker and registry, with an HTTP
 * client for real requests and readers of what it wrote. One per test class.
 */
final class RunningIngress implements AutoCloseable {
    static final String MONDAY_SECRET = "monday-signing-secret-for-tests-0123456789";
    static final String COEFFECTION_SECRET = "coeffection-shared-secret-for-tests-9876543210";

    final RealInfra infra;
    final SyncTopics topics;
    final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final IngressServer server;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    final SchemaRegistryClient registry;
    private final List<TopicTail> tails = new ArrayList<>();

    /** Starts an ingress with both secrets set; {@code customise} may change the configuration first. */
    static RunningIngress start(RealInfra infra, UnaryOperator<IngressConfig> customise, SyncTopics topics) {
        return new RunningIngress(infra, customise, topics);
    }

    /** Topics of its own (one partition each, so that order across keys is kept) on the shared broker. */
    static SyncTopics uniqueTopics(RealInfra infra) {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        SyncTopics d = SyncTopics.defaults();
        SyncTopics topics = new SyncTopics(d.recordChanges() + "-" + suffix, d.itemEvents() + "-" + suffix,
                d.boardMappings() + "-" + suffix, d.links() + "-" + suffix, d.mondayCommands() + "-" + suffix,
                d.mondayResults() + "-" + suffix, d.recordUpdates() + "-" + suffix, d.historyEvents() + "-" + suffix,
                d.history() + "-" + suffix, d.deadLetters() + "-" + suffix, d.control() + "-" + suffix);
        infra.createTopic(topics.itemEvents(), 1, false);
        infra.createTopic(topics.recordChanges(), 1, false);
        infra.createTopic(topics.deadLetters(), 1, false);
        infra.createTopic(topics.boardMappings(), 1, true);
        return topics;
    }

    private RunningIngress(RealInfra infra, UnaryOperator<IngressConfig> customise, SyncTopics topics) {
        this.infra = infra;
        this.topics = topics;
        this.registry = new SchemaRegistryClient(infra.schemaRegistryUrl());
        IngressConfig config = IngressConfig.defaults(infra.bootstrapServers(), infra.schemaRegistryUrl())
                .withHost("127.0.0.1").withPort(0).withTopics(topics)
                .withSecrets(MONDAY_SECRET, COEFFECTION_SECRET)
                .withKafkaWriteTimeout(Duration.ofSeconds(5));
        this.server = new IngressServer(customise.apply(config), meters).start();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    HttpResponse<String> post(String path, byte[] body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return send(request.build());
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).GET().build());
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A monday delivery, unsigned. */
    HttpResponse<String> postMonday(String tenant, String body) {
        return post("/webhooks/monday/" + tenant, body.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    /** A monday delivery carrying the given Authorization header. */
    HttpResponse<String> postMonday(String tenant, String body, String authorization) {
        return post("/webhooks/monday/" + tenant, body.getBytes(StandardCharsets.UTF_8), Map.of("Authorization", authorization));
    }

    /** A Coeffection delivery signed now with the shared secret. */
    HttpResponse<String> postCoeffectionSigned(String tenant, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        long now = Instant.now().getEpochSecond();
        String signature = new CoeffectionSignature(COEFFECTION_SECRET, Duration.ofMinutes(5)).sign(now, bytes);
        return post("/webhooks/coeffection/" + tenant, bytes, Map.of(
                CoeffectionSignature.SIGNATURE_HEADER, signature,
                CoeffectionSignature.TIMESTAMP_HEADER, Long.toString(now)));
    }

    /** Follows a topic from its start for the whole test class. */
    TopicTail tail(String topic) {
        TopicTail tail = new TopicTail(infra, topic, registry);
        tails.add(tail);
        return tail;
    }

    @Override
    public void close() {
        tails.forEach(TopicTail::close);
        server.close();
    }

    /** A record read back: key, decoded value, headers. */
    record Read<T>(String key, T value, Map<String, String> headers) {
    }

    /** Reads a one-partition topic from the start in the background and keeps every record. */
    static final class TopicTail implements AutoCloseable {
        private final KafkaConsumer<String, byte[]> consumer;
        private final List<ConsumerRecord<String, byte[]>> records = new CopyOnWriteArrayList<>();
        private final SchemaRegistryClient registry;
        private final String topic;

        TopicTail(RealInfra infra, String topic, SchemaRegistryClient registry) {
            this.topic = topic;
            this.registry = registry;
            this.consumer = new KafkaConsumer<>(infra.consumerConfig("tail-" + UUID.randomUUID()));
            List<TopicPartition> partitions = IntStream.range(0, consumer.partitionsFor(topic).size())
                    .mapToObj(p -> new TopicPartition(topic, p)).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }

        private synchronized void pollOnce() {
            consumer.poll(Duration.ofMillis(100)).forEach(records::add);
        }

        /** Every record so far, decoded as {@code type}. */
        <T extends SpecificRecord> List<Read<T>> read(Class<T> type) {
            pollOnce();
            AvroDeserializer<T> deserializer = new AvroDeserializer<>(registry, type);
            List<Read<T>> out = new ArrayList<>();
            for (ConsumerRecord<String, byte[]> record : records) {
                Map<String, String> headers = new java.util.LinkedHashMap<>();
                for (Header header : record.headers()) {
                    headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
                }
                out.add(new Read<>(record.key(), deserializer.deserialize(topic, record.value()), headers));
            }
            return out;
        }

        /** Waits until a record matching {@code match} arrived and returns every match so far. */
        <T extends SpecificRecord> List<Read<T>> awaitMatching(Class<T> type, Predicate<Read<T>> match) {
            await().atMost(Duration.ofSeconds(30)).until(() -> read(type).stream().anyMatch(match));
            return read(type).stream().filter(match).toList();
        }

        @Override
        public synchronized void close() {
            consumer.close(Duration.ofSeconds(2));
        }
    }
}

package com.coeffection.sync.ingress;

import com.coeffection.sync.infra.LocalDist;
import com.coeffection.sync.infra.LocalKafkaBroker;
import com.coeffection.sync.infra.Ports;
import com.coeffection.sync.infra.TopicProvisioner;
import com.coeffection.sync.ingress.coeffection.CoeffectionSignature;
import com.coeffection.sync.schema.MondayItemEvent;
import com.coeffection.sync.schema.RecordChange;
import com.coeffection.sync.serde.AvroDeserializer;
import com.coeffection.sync.serde.SchemaRegistryClient;
import com.coeffection.sync.testkit.RealInfra;
import com.coeffection.sync.testkit.RealInfraExtension;
import com.coeffection.sync.topics.SyncTopics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Kafka going away and coming back, with a broker of this test's own (a child JVM on fixed ports, so it can be
 * stopped and started again on the same port with the same data): while it is down every delivery gets 503 and
 * nothing is acknowledged; once it is back, the sender's retry is written, exactly once.
 */
@ExtendWith(RealInfraExtension.class)
class KafkaOutageTest {
    private static final Duration BROKER_START = Duration.ofSeconds(90);

    @Test
    void whileKafkaIsDownDeliveriesGet503AndTheirRetryIsWrittenOnceKafkaIsBack(RealInfra infra, @TempDir Path dir) throws Exception {
        // given an ingress on a broker of its own, which took one delivery
        int port = Ports.freePort();
        int controllerPort = Ports.freePort();
        LocalKafkaBroker broker = LocalKafkaBroker.start(LocalDist.locate(), dir, port, controllerPort, BROKER_START);
        SyncTopics topics = SyncTopics.defaults();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            TopicProvisioner.ensure(admin, topics.all().stream()
                    .map(t -> new TopicProvisioner.Topic(t.name(), 1, (short) 1,
                            t.compacted() ? Map.of("cleanup.policy", "compact") : Map.of())).toList());
        }
        IngressConfig config = IngressConfig.defaults(broker.bootstrapServers(), infra.schemaRegistryUrl())
                .withHost("127.0.0.1").withPort(0).withTopics(topics)
                .withSecrets(null, RunningIngress.COEFFECTION_SECRET)
                .withKafkaWriteTimeout(Duration.ofSeconds(3));
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try (IngressServer ingress = new IngressServer(config, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)).start()) {
            String before = MondayPayloads.newTrigger();
            assertThat(postMonday(http, ingress, MondayPayloads.createPulse(before, 42L, 1001L)).statusCode()).isEqualTo(200);
            assertThat(get(http, ingress, "/health").statusCode()).isEqualTo(200);

            // when the broker stops
            broker.close();

            // then health says so, and deliveries from both sources get 503 with Retry-After
            await().atMost(Duration.ofSeconds(15)).until(() -> get(http, ingress, "/health").statusCode() == 503);
            String during = MondayPayloads.newTrigger();
            String duringBody = MondayPayloads.statusChange(during, 42L, 1001L);
            HttpResponse<String> refused = postMonday(http, ingress, duringBody);
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).contains("60");
            assertThat(refused.body()).contains("KAFKA_UNAVAILABLE");
            String coeffectionBody = "{\"event\":\"contact.updated\",\"tenantId\":\"acme\",\"timestamp\":\"2026-11-22T06:40:00Z\","
                    + "\"eventId\":\"evt-outage-1\",\"data\":{\"id\":\"cnt_OUTAGE\",\"title\":\"CTO\"}}";
            assertThat(postCoeffection(http, ingress, coeffectionBody).statusCode()).isEqualTo(503);

            // and when the broker is back on the same port with the same data
            broker = LocalKafkaBroker.start(LocalDist.locate(), dir, port, controllerPort, BROKER_START);
            await().atMost(Duration.ofSeconds(30)).until(() -> get(http, ingress, "/health").statusCode() == 200);

            // then the senders' retries are accepted as new deliveries, not as duplicates ...
            AtomicReference<HttpResponse<String>> retried = new AtomicReference<>();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                retried.set(postMonday(http, ingress, duringBody));
                return retried.get().statusCode() == 200;
            });
            assertThat(retried.get().body()).contains("\"status\":\"accepted\"");
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> postCoeffection(http, ingress, coeffectionBody).statusCode() == 200);

            // ... and Kafka holds each acknowledged delivery exactly once
            SchemaRegistryClient registry = new SchemaRegistryClient(infra.schemaRegistryUrl());
            List<MondayItemEvent> events = readAll(broker.bootstrapServers(), topics.itemEvents(), 2,
                    new AvroDeserializer<>(registry, MondayItemEvent.class));
            assertThat(events).extracting(MondayItemEvent::getTriggerUuid).containsExactly(before, during);
            List<RecordChange> changes = readAll(broker.bootstrapServers(), topics.recordChanges(), 1,
                    new AvroDeserializer<>(registry, RecordChange.class));
            assertThat(changes).extracting(RecordChange::getEventId).containsExactly("evt-outage-1");
        } finally {
            broker.close();
        }
    }

    private static HttpResponse<String> postMonday(HttpClient http, IngressServer ingress, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ingress.port() + "/webhooks/monday/acme"))
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> postCoeffection(HttpClient http, IngressServer ingress, String body) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        long now = Instant.now().getEpochSecond();
        String signature = new CoeffectionSignature(RunningIngress.COEFFECTION_SECRET, Duration.ofMinutes(5)).sign(now, bytes);
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ingress.port() + "/webhooks/coeffection/acme"))
                .timeout(Duration.ofSeconds(30))
                .header(CoeffectionSignature.SIGNATURE_HEADER, signature)
                .header(CoeffectionSignature.TIMESTAMP_HEADER, Long.toString(now))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(HttpClient http, IngressServer ingress, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ingress.port() + path))
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Everything in a one-partition topic once at least {@code expected} records are there, read to its end. */
    private static <T extends org.apache.avro.specific.SpecificRecord> List<T> readAll(String bootstrap, String topic, int expected,
                                                                                       AvroDeserializer<T> deserializer) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<T> values = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            await().atMost(Duration.ofSeconds(30)).until(() -> consumer.endOffsets(List.of(partition)).get(partition) >= expected);
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(deserializer.deserialize(topic, record.value()));
                }
                return consumer.position(partition) >= end;
            });
        }
        return values;
    }
}

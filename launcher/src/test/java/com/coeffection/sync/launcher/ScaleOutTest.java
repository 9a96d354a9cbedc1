package com.coeffection.sync.launcher;

import com.coeffection.sync.ingress.IngressConfig;
import com.coeffection.sync.ingress.IngressServer;
import com.coeffection.sync.launcher.provisioning.BoardProvisioner;
import com.coeffection.sync.monday.graphql.MondayClient;
import com.coeffection.sync.monday.standin.MondayStandIn;
import com.coeffection.sync.monday.standin.StandInViews;
import com.coeffection.sync.processor.mapping.MappingPublisher;
import com.coeffection.sync.schema.Actor;
import com.coeffection.sync.schema.ActorKind;
import com.coeffection.sync.schema.BoardMapping;
import com.coeffection.sync.schema.FieldChange;
import com.coeffection.sync.schema.RecordChange;
import com.coeffection.sync.schema.RecordOperation;
import com.coeffection.sync.serde.AvroSerializer;
import com.coeffection.sync.serde.SchemaRegistryClient;
import com.coeffection.sync.testkit.RealInfra;
import com.coeffection.sync.testkit.RealInfraExtension;
import com.coeffection.sync.topics.RecordKeys;
import com.coeffection.sync.values.FieldValues;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scale-out as an operator runs it: two stream processors and two monday sink workers, each its own process, on
 * one broker. Under load one of each is killed outright (kill -9); the survivors take over their partitions, every
 * record ends as exactly one item with its last edit, and the lag of every group returns to zero.
 */
@ExtendWith(RealInfraExtension.class)
class ScaleOutTest {
    private static final int RECORDS = 120;
    private static final Duration START = Duration.ofSeconds(60);
    /**
     * The killed processor's tasks move once its session times out (the launcher's default, 10 s), then the survivor
     * restores them and works off the backlog: measured 10 s from the kill to the last item (the survivor's rebalance
     * began 8 s after the kill); bound at 45 s, four times that, for slower machines.
     */
    private static final Duration TAKE_OVER = Duration.ofSeconds(45);

    @TempDir
    Path dir;

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stopAll() {
        processes.forEach(Process::destroyForcibly);
    }

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void killingOneProcessorAndOneSinkUnderLoadLosesAndDuplicatesNothingAndTheLagReturnsToZero(RealInfra infra) throws Exception {
        String run = "scale" + System.nanoTime();
        Map<String, String> env = new HashMap<>(TestTopics.prefixed(run));
        env.put("KAFKA_BOOTSTRAP_SERVERS", infra.bootstrapServers());
        env.put("SCHEMA_REGISTRY_URL", infra.schemaRegistryUrl());
        env.put("SYNC_TOPIC_PARTITIONS", "4");
        env.put("SYNC_GROUP_PREFIX", run);
        LauncherConfig config = LauncherConfig.from(env);

        Map<String, String> ingressEnv = new HashMap<>(env);
        ingressEnv.put("INGRESS_PORT", "0");
        ingressEnv.put("INGRESS_HOST", "127.0.0.1");
        try (Infrastructure ignored = Infrastructure.start(config);
             MondayStandIn monday = MondayStandIn.start(Pipeline.standInConfig(Map.of("LOCAL_MONDAY_PORT", "0")));
             IngressServer ingress = new IngressServer(IngressConfig.fromEnvironment(ingressEnv), new SimpleMeterRegistry()).start()) {
            // given the contact board (its webhooks to the ingress) and its mapping, two processors and two sinks as
            // separate processes
            long board = publishContactMapping(infra, config, monday, "http://127.0.0.1:" + ingress.port() + "/webhooks/monday/demo");
            env.put("MONDAY_API_URL", monday.apiUrl().toString());
            env.put("MONDAY_API_TOKEN", monday.token());
            env.put("MONDAY_INTEGRATION_USER_ID", Long.toString(monday.integrationUserId()));
            env.put("MONDAY_SINK_KAFKA_SESSION_TIMEOUT_MS", "10000");
            env.put("MONDAY_SINK_KAFKA_HEARTBEAT_INTERVAL_MS", "2000");
            env.put("METRICS_PORT", "0");
            Part processorA = start("processor", "a", env);
            Part processorB = start("processor", "b", env);
            Part sinkA = start("sink", "a", env);
            Part sinkB = start("sink", "b", env);
            for (Part part : List.of(processorA, processorB, sinkA, sinkB)) {
                await().atMost(START).until(() -> part.output().contains("is running") || !part.process().isAlive());
                assertThat(part.process().isAlive()).as(part.name() + ":\n" + part.output()).isTrue();
            }
            // each processor and each sink is a static group member with its own default instance id
            assertThat(instanceIds(infra, run + "-sink")).hasSize(2).allMatch(id -> id.contains("-sink-"));
            assertThat(processorInstanceIds(infra, run + "-processor")).hasSize(2).allMatch(id -> id.contains("-processor-"));

            // when records are created and edited, and one processor and one sink are killed outright half way
            SchemaRegistryClient registry = new SchemaRegistryClient(infra.schemaRegistryUrl());
            AvroSerializer<RecordChange> serializer = new AvroSerializer<>(registry, RecordChange.class);
            long t0 = System.nanoTime();
            Instant killedAt;
            Part busySink;
            try (var producer = new KafkaProducer<String, byte[]>(infra.producerConfig())) {
                send(producer, serializer, config, 0, RECORDS / 2);
                await().atMost(START).until(() -> monday.items(board).size() >= RECORDS / 8);
                kill(processorA);
                // the commands of one board share a partition: kill the sink that holds it
                busySink = busySink(infra, run + "-sink", sinkA, sinkB);
                kill(busySink);
                killedAt = Instant.now();
                send(producer, serializer, config, RECORDS / 2, RECORDS);
            }

            // then every record is exactly one item carrying its last edit
            await().atMost(TAKE_OVER).pollInterval(Duration.ofSeconds(1)).until(() -> {
                List<StandInViews.ItemView> items = monday.items(board);
                return items.size() >= RECORDS && items.stream().allMatch(i -> title(i).equals("v2"));
            });
            double delivered = (System.nanoTime() - t0) / 1e9;
            double takeOver = Duration.between(killedAt, Instant.now()).toMillis() / 1000.0;
            System.out.printf("scale-out: %d records (%d changes) delivered in %.1f s; %.1f s from kill -9 (at %s) to all delivered%n",
                    RECORDS, 2 * RECORDS, delivered, takeOver, killedAt);
            // the survivor's rebalances, to see where the take-over time goes
            processorB.output().lines().filter(l -> l.contains("State transition from") || l.contains("Assigned tasks")
                            || l.contains("UNSTABLE_OFFSET_COMMIT") || l.contains("rebalance"))
                    .limit(40).forEach(l -> System.out.println("scale-out: processor-b: " + l.substring(0, Math.min(l.length(), 220))));
            Map<String, Long> perRecord = monday.items(board).stream()
                    .collect(Collectors.groupingBy(i -> i.values().get(BoardProvisioner.COEFFECTION_ID_COLUMN).text(), Collectors.counting()));
            assertThat(perRecord).hasSize(RECORDS);
            assertThat(perRecord.values()).allMatch(n -> n == 1);

            // and the lag of the processor's and the sink's groups returns to zero
            // (a consumer that commits "last record + 1" stops one short of a transaction marker, a control record
            // no consumer ever receives: such a gap holds no record, which is checked by reading it)
            List<List<ConsumerLagMonitor.PartitionLag>> seen = new ArrayList<>(List.of(List.of()));
            try (ConsumerLagMonitor lag = new ConsumerLagMonitor(infra.admin(), new SimpleMeterRegistry(), g -> g.startsWith(run))) {
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                    List<ConsumerLagMonitor.PartitionLag> lags = lag.refresh();
                    seen.set(0, lags);
                    return !lags.isEmpty() && lags.stream().allMatch(l -> l.lag() == 0 || holdsNoRecord(infra, l));
                });
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError("lag did not return to zero: " + seen.get(0).stream().filter(l -> l.lag() > 0).toList(), e);
            }
            System.out.println("scale-out: lag per partition at the end: " + seen.get(0).stream()
                    .map(l -> l.partition() + "=" + l.lag()).toList());
            assertThat(processorB.process().isAlive()).isTrue();
            Part survivor = busySink == sinkA ? sinkB : sinkA;
            assertThat(survivor.process().isAlive()).isTrue();
            // and the surviving sink's readiness names the tenant's monday connection, ready
            java.util.regex.Matcher port = java.util.regex.Pattern.compile("Metrics at http://127\\.0\\.0\\.1:(\\d+)/metrics")
                    .matcher(survivor.output());
            assertThat(port.find()).as(survivor.output()).isTrue();
            var ready = new com.fasterxml.jackson.databind.ObjectMapper().readTree(java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port.group(1) + "/ready")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body());
            assertThat(ready.path("checks").path("monday-demo").path("status").asText()).as(ready.toString()).isEqualTo("UP");
            assertThat(ready.path("checks").path("sink-partitions").path("status").asText()).as(ready.toString()).isEqualTo("UP");
        }
    }

    /** The distinct group.instance.id of a group's members, once the group has two members. */
    private static java.util.Set<String> instanceIds(RealInfra infra, String group) {
        java.util.Set<String> ids = new java.util.TreeSet<>();
        await().atMost(START).until(() -> {
            var described = infra.admin().describeConsumerGroups(List.of(group)).all().get(10, TimeUnit.SECONDS).get(group);
            ids.clear();
            described.members().forEach(m -> ids.add(m.groupInstanceId().orElse("(none)")));
            return described.members().size() >= 2;
        });
        return ids;
    }

    /** The processors' instance ids (Kafka Streams suffixes each stream thread's member id with its thread). */
    private static java.util.Set<String> processorInstanceIds(RealInfra infra, String group) {
        java.util.Set<String> ids = new java.util.TreeSet<>();
        instanceIds(infra, group).forEach(id -> ids.add(id.replaceAll("-\\d+$", "")));
        return ids;
    }

    /** The sink whose consumer holds a partition of the commands topic (its client id names the instance). */
    private static Part busySink(RealInfra infra, String group, Part a, Part b) throws Exception {
        var described = infra.admin().describeConsumerGroups(List.of(group)).all().get(10, TimeUnit.SECONDS).get(group);
        return described.members().stream().filter(m -> !m.assignment().topicPartitions().isEmpty())
                .findFirst().map(m -> m.clientId().startsWith("sink-b") ? b : a).orElse(a);
    }

    /** Whether nothing but control records (transaction markers) lies between the committed offset and the end. */
    private static boolean holdsNoRecord(RealInfra infra, ConsumerLagMonitor.PartitionLag lag) {
        Map<String, Object> config = new HashMap<>(infra.consumerConfig("lag-check-" + System.nanoTime()));
        config.put("isolation.level", "read_committed");
        try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<String, byte[]>(config)) {
            consumer.assign(List.of(lag.partition()));
            consumer.seek(lag.partition(), lag.committed());
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (System.nanoTime() < deadline) {
                if (!consumer.poll(Duration.ofMillis(200)).isEmpty()) {
                    return false;
                }
                if (consumer.position(lag.partition()) >= lag.end()) {
                    return true;
                }
            }
            return false;
        }
    }

    private static String title(StandInViews.ItemView item) {
        var value = item.values().get("job_title");
        return value == null || value.text() == null ? "" : value.text();
    }

    private long publishContactMapping(RealInfra infra, LauncherConfig config, MondayStandIn monday, String webhookUrl) {
        BoardMapping contact = BoardMappingFiles.load(Map.of(), true).stream()
                .filter(m -> m.getEntityType().equals("Contact")).findFirst().orElseThrow();
        BoardMapping ready;
        try (MondayClient client = new MondayClient(com.coeffection.sync.monday.graphql.MondayClientConfig.of(monday.apiUrl(), monday.token()))) {
            ready = new BoardProvisioner(client).provision(contact, webhookUrl);
        }
        try (MappingPublisher publisher = new MappingPublisher(infra.bootstrapServers(), infra.schemaRegistryUrl(),
                config.topics(), Clock.systemUTC())) {
            publisher.publish(ready.getTenantId(), List.of(ready), List.of());
        }
        return ready.getBoardId();
    }

    /** Each record is created ("v1") and then edited ("v2"). */
    private static void send(KafkaProducer<String, byte[]> producer, AvroSerializer<RecordChange> serializer,
                             LauncherConfig config, int from, int to) throws Exception {
        String topic = config.topics().recordChanges();
        Instant base = Instant.parse("2024-04-15T14:00:00Z");
        for (int version = 1; version <= 2; version++) {
            for (int i = from; i < to; i++) {
                String id = "cnt_" + i;
                Instant at = base.plusSeconds(version * 60L);
                RecordChange change = RecordChange.newBuilder().setEventId("evt-" + id + "-" + version).setTenantId("demo")
                        .setEntityType("Contact").setRecordId(id)
                        .setOperation(version == 1 ? RecordOperation.CREATE : RecordOperation.UPDATE)
                        .setActor(new Actor(ActorKind.USER, "usr_1", "Sarah", null)).setOccurredAt(at)
                        .setFields(version == 1
                                ? List.of(new FieldChange("fullName", FieldValues.text("Person " + i), at),
                                        new FieldChange("title", FieldValues.text("v1"), at))
                                : List.of(new FieldChange("title", FieldValues.text("v2"), at)))
                        .build();
                producer.send(new ProducerRecord<>(topic, RecordKeys.recordKey("demo", "Contact", id),
                        serializer.serialize(topic, change)));
            }
            producer.flush();
        }
    }

    private record Part(String name, Process process, Path log) {
        String output() throws IOException {
            return Files.readString(log);
        }
    }

    private Part start(String command, String instance, Map<String, String> env) throws IOException {
        Path log = dir.resolve(command + "-" + instance + ".log");
        // the product's log settings, plus Kafka Streams' state transitions (to see where a take-over's time goes)
        Path logging = dir.resolve("logback-scale-out.xml");
        Files.writeString(logging, String.join("\n", "<configuration>",
                "  <appender name=\"OUT\" class=\"ch.qos.logback.core.ConsoleAppender\">",
                "    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{0} - %msg%n</pattern></encoder></appender>",
                "  <logger name=\"org.apache.kafka\" level=\"WARN\"/>",
                "  <logger name=\"org.apache.kafka.streams.KafkaStreams\" level=\"INFO\"/>",
                "  <logger name=\"kafka\" level=\"WARN\"/>",
                "  <root level=\"INFO\"><appender-ref ref=\"OUT\"/></root>", "</configuration>", ""));
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-Dlogback.configurationFile=" + logging,
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), command)
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        builder.environment().put("SYNC_DATA_DIR", dir.resolve(command + "-" + instance).toString());
        builder.environment().put("MONDAY_SINK_CLIENT_ID", "sink-" + instance);
        Process process = builder.start();
        processes.add(process);
        return new Part(command + "-" + instance, process, log);
    }

    private static void kill(Part part) throws Exception {
        Process kill = new ProcessBuilder("kill", "-9", Long.toString(part.process().pid())).start();
        assertThat(kill.waitFor()).isZero();
        part.process().waitFor(10, TimeUnit.SECONDS);
    }

}

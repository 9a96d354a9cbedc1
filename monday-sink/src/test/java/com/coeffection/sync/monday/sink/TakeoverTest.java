package com.coeffection.sync.monday.sink;

import com.coeffection.sync.monday.standin.StandInConfig;
import com.coeffection.sync.monday.standin.StandInViews.ItemView;
import com.coeffection.sync.schema.MondayAction;
import com.coeffection.sync.testkit.RealInfra;
import com.coeffection.sync.testkit.RealInfraExtension;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static com.coeffection.sync.monday.sink.Commands.command;
import static com.coeffection.sync.monday.sink.Commands.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two sink workers, each its own process, share the commands topic. One is killed (SIGKILL) under load: the other
 * owns every partition within 10 s (6 s session timeout, static membership), and monday ends with exactly one item
 * per record carrying its last edit.
 */
@ExtendWith(RealInfraExtension.class)
class TakeoverTest {
    private static final int PARTITIONS = 4;
    private static final int TENANTS = 8;
    private static final int RECORDS_PER_TENANT = 30;

    @Test
    void givenTwoWorkers_whenOneIsKilledUnderLoad_thenTheOtherOwnsAllPartitionsWithin10sAndNoItemIsMissingOrDuplicated(
            RealInfra infra, @TempDir Path logs) throws Exception {
        try (SinkHarness h = new SinkHarness(infra, StandInConfig.defaults(), PARTITIONS)) {
            String group = "monday-sync-sink-takeover-" + UUID.randomUUID();
            Map<String, String> env = new HashMap<>(h.env(group, Duration.ofMillis(100)));
            // -Dsink.takeover.groupProtocol=consumer measures Kafka 4's consumer group protocol instead (the broker's
            // session timeout then applies, 45 s by default): the bound is relaxed to a minute, the figure printed
            String protocol = System.getProperty("sink.takeover.groupProtocol");
            Duration bound = Duration.ofSeconds(10);
            if (protocol != null) {
                env.put("MONDAY_SINK_KAFKA_GROUP_PROTOCOL", protocol);
                bound = Duration.ofSeconds(60);
            }
            h.monday.faults().slowAnswers(Duration.ofMillis(150));
            Process doomed = startWorker(env, "w1", logs.resolve("w1.log"));
            Process survivor = startWorker(env, "w2", logs.resolve("w2.log"));
            try {
                // given both workers own partitions of the commands topic
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> {
                    List<MemberDescription> members = members(h, group);
                    return members.size() == 2 && members.stream().allMatch(m -> !m.assignment().topicPartitions().isEmpty());
                });
                // and a load of creates and updates for records of 8 tenants (spread over the partitions)
                Instant t = Instant.now();
                for (int r = 0; r < RECORDS_PER_TENANT; r++) {
                    for (int tenant = 0; tenant < TENANTS; tenant++) {
                        String record = "t" + tenant + "-r" + r;
                        h.send(command("t" + tenant, h.board, record, null, MondayAction.CREATE_ITEM, record, null,
                                List.of(text("text", "v1")), t));
                        h.send(command("t" + tenant, h.board, record, null, MondayAction.UPDATE_COLUMNS, null, null,
                                List.of(text("text", "v2")), t));
                    }
                }
                h.flush();
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                        .until(() -> h.monday.items(h.board).size() >= 20);

                // when one worker is killed in the middle of its work
                doomed.destroyForcibly();
                Instant killed = Instant.now();
                assertThat(doomed.waitFor(30, TimeUnit.SECONDS)).isTrue();
                for (int r = 0; r < RECORDS_PER_TENANT; r++) {
                    for (int tenant = 0; tenant < TENANTS; tenant++) {
                        String record = "t" + tenant + "-r" + r;
                        h.send(command("t" + tenant, h.board, record, null, MondayAction.UPDATE_COLUMNS, null, null,
                                List.of(text("text", "v3")), Instant.now()));
                    }
                }
                h.flush();

                // then the survivor owns every partition within 10 s
                await().atMost(bound).pollInterval(Duration.ofMillis(100)).until(() -> {
                    List<MemberDescription> members = members(h, group);
                    return members.size() == 1 && "w2".equals(members.get(0).groupInstanceId().orElse(null))
                            && members.get(0).assignment().topicPartitions().size() == PARTITIONS;
                });
                Duration takeover = Duration.between(killed, Instant.now());
                h.monday.faults().slowAnswers(Duration.ZERO);

                // and monday ends with exactly one item per record, each with its last edit
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                    Map<String, List<ItemView>> items = h.itemsByRecord();
                    assertThat(items).hasSize(TENANTS * RECORDS_PER_TENANT);
                    items.forEach((record, one) -> {
                        assertThat(one).as("items of " + record).hasSize(1);
                        assertThat(SinkHarness.text(one.get(0), "text")).as(record).isEqualTo("v3");
                    });
                });
                assertThat(h.monday.items(h.board)).hasSize(TENANTS * RECORDS_PER_TENANT);
                System.out.printf("takeover (" + (protocol == null ? "classic, static membership" : protocol) + "): worker killed with %d of %d items created; the survivor owned all %d partitions"
                                + " %d ms after the kill; %d items, none missing or duplicated%n", 20, TENANTS * RECORDS_PER_TENANT,
                        PARTITIONS, takeover.toMillis(), h.monday.items(h.board).size());
            } finally {
                doomed.destroyForcibly();
                survivor.destroy();
                if (!survivor.waitFor(30, TimeUnit.SECONDS)) {
                    survivor.destroyForcibly();
                }
            }
        }
    }

    private static List<MemberDescription> members(SinkHarness h, String group) throws Exception {
        ConsumerGroupDescription description = h.infra.admin().describeConsumerGroups(List.of(group)).all()
                .get(5, TimeUnit.SECONDS).get(group);
        return List.copyOf(description.members());
    }

    private static Process startWorker(Map<String, String> env, String instanceId, Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                MondaySinkMain.class.getName());
        builder.environment().putAll(env);
        builder.environment().put("MONDAY_SINK_INSTANCE_ID", instanceId);
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        Files.createDirectories(log.getParent());
        return builder.start();
    }
}

package com.coeffection.sync.monday.sink;

import com.coeffection.sync.monday.graphql.Operations;
import com.coeffection.sync.monday.standin.StandInConfig;
import com.coeffection.sync.monday.standin.StandInViews.ItemView;
import com.coeffection.sync.schema.MondayAction;
import com.coeffection.sync.testkit.RealInfra;
import com.coeffection.sync.testkit.RealInfraExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.coeffection.sync.topics.RecordKeys;
import org.apache.kafka.common.utils.Utils;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import static com.coeffection.sync.monday.sink.Commands.command;
import static com.coeffection.sync.monday.sink.Commands.text;
import static com.coeffection.sync.monday.sink.SinkHarness.TENANT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Several workers in one group share the boards; one joining while work flows loses and duplicates nothing. */
@ExtendWith(RealInfraExtension.class)
class SharedGroupTest {
    private static final int RECORDS_PER_BOARD = 60;

    @Test
    void aSecondWorkerJoiningTheGroupMidStreamTakesOverBoardsWithoutLosingOrDuplicatingAnything(RealInfra infra) {
        try (SinkHarness h = new SinkHarness(infra, StandInConfig.defaults(), 4)) {
            // given one board on each of the four partitions (commands are keyed by board)
            Map<Integer, Long> byPartition = new TreeMap<>();
            byPartition.put(partitionOf(h.board), h.board);
            for (int b = 1; byPartition.size() < 4 && b < 40; b++) {
                long board = h.admin.execute(new Operations.CreateBoard("Contacts " + b, "public", null, null, null)).id();
                if (byPartition.putIfAbsent(partitionOf(board), board) == null) {
                    h.admin.execute(new Operations.CreateColumn(board, "Text", "text", "text", null, null));
                    h.admin.execute(new Operations.CreateColumn(board, "Coeffection ID", "text",
                            MondaySinkConfig.DEFAULT_COEFFECTION_ID_COLUMN, null, null));
                }
            }
            assertThat(byPartition).hasSize(4);
            List<Long> boards = new ArrayList<>(byPartition.values());
            String group = "monday-sync-sink-shared-" + UUID.randomUUID();
            SimpleMeterRegistry first = new SimpleMeterRegistry();
            SimpleMeterRegistry second = new SimpleMeterRegistry();
            try (MondaySinkWorker a = new MondaySinkWorker(h.config(Duration.ofMillis(100)).withGroupId(group).withMetrics(first));
                 MondaySinkWorker b = new MondaySinkWorker(h.config(Duration.ofMillis(100)).withGroupId(group).withMetrics(second))) {
                // when records are created and edited on every board while a second worker joins
                // (monday answers slowly, so the first worker still has unconfirmed work when it gives partitions up)
                h.monday.faults().slowAnswers(Duration.ofMillis(150));
                a.start();
                send(h, boards, 0, RECORDS_PER_BOARD / 2, "v1");
                await().atMost(Duration.ofSeconds(30)).until(() -> delivered(first) > 0);
                b.start();
                send(h, boards, RECORDS_PER_BOARD / 2, RECORDS_PER_BOARD, "v1");
                await().atMost(Duration.ofSeconds(30)).until(() -> membersWithPartitions(h, group) == 2);
                send(h, boards, 0, RECORDS_PER_BOARD, "v2");

                // then every record has exactly one item on its board with its last value
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    for (long board : boards) {
                        List<ItemView> items = h.monday.items(board);
                        assertThat(items).hasSize(RECORDS_PER_BOARD);
                        assertThat(items).extracting(i -> SinkHarness.text(i, "text")).containsOnly("v2");
                        assertThat(items).extracting(i -> SinkHarness.text(i, MondaySinkConfig.DEFAULT_COEFFECTION_ID_COLUMN))
                                .doesNotHaveDuplicates();
                    }
                });
                // and both workers did part of it
                assertThat(delivered(first)).isPositive();
                await().atMost(Duration.ofSeconds(10)).until(() -> delivered(second) > 0);
            }
        }
    }

    private static void send(SinkHarness h, List<Long> boards, int from, int to, String value) {
        for (long board : boards) {
            for (int r = from; r < to; r++) {
                h.send(command(TENANT, board, board + "-" + r, null,
                        value.equals("v1") ? MondayAction.CREATE_ITEM : MondayAction.UPDATE_COLUMNS, "Shared " + r, null,
                        List.of(text("text", value)), Instant.now()));
            }
        }
        h.flush();
    }

    /** The partition Kafka's default partitioner picks for the board's key. */
    private static int partitionOf(long board) {
        byte[] key = RecordKeys.boardKey(TENANT, board).getBytes(StandardCharsets.UTF_8);
        return Utils.toPositive(Utils.murmur2(key)) % 4;
    }

    private static long membersWithPartitions(SinkHarness h, String group) throws Exception {
        return h.infra.admin().describeConsumerGroups(List.of(group)).all().get().get(group).members().stream()
                .filter(m -> !m.assignment().topicPartitions().isEmpty()).count();
    }

    private static double delivered(SimpleMeterRegistry metrics) {
        var counter = metrics.find("monday.sink.commands.delivered").counter();
        return counter == null ? 0 : counter.count();
    }
}

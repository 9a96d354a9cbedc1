package com.coeffection.sync.monday.sink;

import com.coeffection.sync.monday.standin.StandInConfig;
import com.coeffection.sync.monday.standin.StandInViews.ItemView;
import com.coeffection.sync.schema.MondayAction;
import com.coeffection.sync.testkit.RealInfra;
import com.coeffection.sync.testkit.RealInfraExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static com.coeffection.sync.monday.sink.Commands.command;
import static com.coeffection.sync.monday.sink.Commands.number;
import static com.coeffection.sync.monday.sink.Commands.text;
import static com.coeffection.sync.monday.sink.SinkHarness.TENANT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * "The worker killed (kill -9 of a separate process) in the middle of a batch, then restarted: no duplicate item and
 * no lost edit, checked against the stand-in's state."
 */
@ExtendWith(RealInfraExtension.class)
class CrashRecoveryTest {
    private static final int RECORDS = 300;

    @Test
    void aWorkerKilledInTheMiddleOfCreatingItemsLeavesNoDuplicateAndLosesNoEditOnceRestarted(RealInfra infra,
                                                                                            @TempDir Path logs) throws Exception {
        try (SinkHarness h = new SinkHarness(infra, StandInConfig.defaults(), 1)) {
            String group = "monday-sync-sink-crash-" + UUID.randomUUID();
            Map<String, String> env = new java.util.HashMap<>(h.env(group, Duration.ofMillis(200)));
            // given monday answers slowly, so the worker spends its time inside requests
            h.monday.faults().slowAnswers(Duration.ofMillis(300));
            Instant t = Instant.now();
            for (int r = 0; r < RECORDS; r++) {
                h.send(command(TENANT, h.board, "c" + r, null, MondayAction.CREATE_ITEM, "Crash " + r, null,
                        List.of(text("text", "v1")), t));
                h.send(command(TENANT, h.board, "c" + r, null, MondayAction.UPDATE_COLUMNS, null, null,
                        List.of(text("text", "v2"), number("numbers", Integer.toString(r))), t));
            }
            h.flush();

            // when the worker, a separate process, is killed with SIGKILL while it is creating the items (past its
            // first batch of 50 creates, so some created items may not be committed yet)
            Process first = startWorker(env, logs.resolve("first.log"));
            AtomicInteger seenBeforeKill = new AtomicInteger();
            try {
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> {
                    int created = h.monday.items(h.board).size();
                    seenBeforeKill.set(created);
                    return created >= 60;
                });
            } finally {
                first.destroyForcibly();
                assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
            int createdAtKill = h.monday.items(h.board).size();
            assertThat(createdAtKill).as("killed in the middle, not after the last item").isLessThan(RECORDS);
            assertThat(first.exitValue()).isEqualTo(137);

            // and more edits arrive while it is down (the processor has not heard of the new items yet)
            for (int r = 0; r < RECORDS; r++) {
                h.send(command(TENANT, h.board, "c" + r, null, MondayAction.UPDATE_COLUMNS, null, null,
                        List.of(text("text", "v3")), Instant.now()));
            }
            h.flush();
            h.monday.faults().slowAnswers(Duration.ZERO);

            // then, restarted, the worker brings monday to exactly one item per record with every last edit
            Process second = startWorker(env, logs.resolve("second.log"));
            try {
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                    Map<String, List<ItemView>> items = h.itemsByRecord();
                    assertThat(items).hasSize(RECORDS);
                    for (int r = 0; r < RECORDS; r++) {
                        List<ItemView> one = items.get("c" + r);
                        assertThat(one).as("items of record c" + r).hasSize(1);
                        assertThat(SinkHarness.text(one.get(0), "text")).isEqualTo("v3");
                        assertThat(SinkHarness.text(one.get(0), "numbers")).isEqualTo(Integer.toString(r));
                    }
                });
                assertThat(h.monday.items(h.board)).hasSize(RECORDS);
                // the restarted worker found the items the first one had created instead of creating them again
                assertThat(Files.readString(logs.resolve("second.log"))).contains("it is updated, not created again");
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(committed(h, group)).isEqualTo(RECORDS * 3L));
            } finally {
                second.destroy();
                if (!second.waitFor(30, TimeUnit.SECONDS)) {
                    second.destroyForcibly();
                }
            }
            System.out.printf("crash: killed with %d of %d items created (first seen %d); after restart %d items, none duplicated%n",
                    createdAtKill, RECORDS, seenBeforeKill.get(), h.monday.items(h.board).size());
        }
    }

    private static long committed(SinkHarness h, String group) throws Exception {
        return h.infra.admin().listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get()
                .values().stream().mapToLong(o -> o.offset()).sum();
    }

    private static Process startWorker(Map<String, String> env, Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                MondaySinkMain.class.getName());
        builder.environment().putAll(env);
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        Files.createDirectories(log.getParent());
        return builder.start();
    }
}

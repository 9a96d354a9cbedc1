package com.coeffection.sync.monday.sink;

import com.coeffection.sync.monday.sink.retry.Backoff;
import com.coeffection.sync.monday.standin.StandInConfig;
import com.coeffection.sync.monday.standin.StandInViews.ItemView;
import com.coeffection.sync.schema.CommandOutcome;
import com.coeffection.sync.schema.MondayAction;
import com.coeffection.sync.schema.MondayCommand;
import com.coeffection.sync.schema.MondayCommandResult;
import com.coeffection.sync.testkit.RealInfra;
import com.coeffection.sync.testkit.RealInfraExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import static com.coeffection.sync.monday.sink.Commands.command;
import static com.coeffection.sync.monday.sink.Commands.number;
import static com.coeffection.sync.monday.sink.Commands.text;
import static com.coeffection.sync.monday.sink.SinkHarness.TENANT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * "The stand-in failing with 5xx for 30 s: everything is delivered afterwards, nothing lost, nothing duplicated."
 * The outage lasts {@code -Dmonday.sink.outage.seconds} (default 30).
 */
@ExtendWith(RealInfraExtension.class)
class OutageTest {
    private static final int NEW_RECORDS = 100;
    private static final int KNOWN_RECORDS = 100;

    @Test
    void everythingSentDuringAServerErrorOutageIsDeliveredOnceAfterIt(RealInfra infra) {
        Duration outage = Duration.ofSeconds(Long.getLong("monday.sink.outage.seconds", 30));
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        try (SinkHarness h = new SinkHarness(infra, StandInConfig.defaults(), 2)) {
            Map<String, Long> known = new HashMap<>();
            for (int r = 0; r < KNOWN_RECORDS; r++) {
                known.put("k" + r, h.seedItem("k" + r, "Known " + r));
            }
            // (max.poll.interval.ms far below the outage: the sink must keep polling while it backs off)
            MondaySinkConfig config = h.config(Duration.ofMillis(200)).withMetrics(metrics)
                    .withRetries(1_000, new Backoff(Duration.ofMillis(500), Duration.ofSeconds(4), 0.2))
                    .withKafkaProperties(Map.of("max.poll.interval.ms", "8000"));
            try (MondaySinkWorker worker = new MondaySinkWorker(config)) {
                worker.start();

                // given monday answers 503 to everything for the outage
                h.monday.faults().serverErrorsFor(outage);
                Instant outageEnds = Instant.now().plus(outage);

                // when new records are created and known ones edited during it
                List<MondayCommand> sent = new ArrayList<>();
                Instant t = Instant.now();
                for (int r = 0; r < NEW_RECORDS; r++) {
                    sent.add(command(TENANT, h.board, "n" + r, null, MondayAction.CREATE_ITEM, "New " + r, null,
                            List.of(text("text", "created")), t));
                    sent.add(command(TENANT, h.board, "n" + r, null, MondayAction.UPDATE_COLUMNS, null, null,
                            List.of(number("numbers", Integer.toString(r))), t));
                }
                for (int r = 0; r < KNOWN_RECORDS; r++) {
                    sent.add(command(TENANT, h.board, "k" + r, known.get("k" + r), MondayAction.UPDATE_COLUMNS, null, null,
                            List.of(text("text", "edited " + r)), t));
                }
                sent.forEach(h::send);
                h.flush();

                // then nothing reaches monday during the outage, the sink backs off and keeps reading the partition
                // (no pause: other tenants on it would be held up)
                AtomicLong maxPaused = new AtomicLong();
                await().atMost(outage.plusSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> {
                    maxPaused.accumulateAndGet((long) metrics.get("monday.sink.paused.partitions").gauge().value(), Math::max);
                    return Instant.now().isAfter(outageEnds);
                });
                assertThat(metrics.get("monday.sink.retries").tag("code", "HTTP_503").counter().count()).isPositive();
                assertThat(maxPaused.get()).isZero();

                // and afterwards every command is delivered exactly once
                List<MondayCommandResult> results = h.results(sent.size(), Duration.ofSeconds(90));
                assertThat(results).hasSize(sent.size())
                        .allSatisfy(r -> assertThat(r.getOutcome()).isEqualTo(CommandOutcome.DELIVERED));
                assertThat(results.stream().map(MondayCommandResult::getCommandId).collect(Collectors.toSet()))
                        .isEqualTo(sent.stream().map(MondayCommand::getCommandId).collect(Collectors.toSet()));
                assertThat(worker.isRunning()).isTrue();
                // and the group never rebalanced away from it: no partition was revoked or lost
                assertThat(metrics.find("monday.sink.partitions.given.up").counters()).isEmpty();
            }

            // and monday holds one item per record with its values: nothing lost, nothing duplicated
            Map<String, List<ItemView>> items = h.itemsByRecord();
            assertThat(items).hasSize(NEW_RECORDS + KNOWN_RECORDS);
            assertThat(items.values()).allSatisfy(list -> assertThat(list).hasSize(1));
            for (int r = 0; r < NEW_RECORDS; r++) {
                ItemView item = items.get("n" + r).get(0);
                assertThat(SinkHarness.text(item, "text")).isEqualTo("created");
                assertThat(SinkHarness.text(item, "numbers")).isEqualTo(Integer.toString(r));
            }
            for (int r = 0; r < KNOWN_RECORDS; r++) {
                assertThat(SinkHarness.text(items.get("k" + r).get(0), "text")).isEqualTo("edited " + r);
            }
            assertThat(h.deadLetterRecords(1, Duration.ofSeconds(2))).isEmpty();
            assertThat(Set.copyOf(items.keySet())).hasSize(NEW_RECORDS + KNOWN_RECORDS);
        }
    }
}

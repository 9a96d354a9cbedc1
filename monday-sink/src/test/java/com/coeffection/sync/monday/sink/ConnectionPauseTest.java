package com.coeffection.sync.monday.sink;

import com.coeffection.sync.monday.tokens.TokenProvider;

import com.coeffection.sync.monday.standin.StandInConfig;
import com.coeffection.sync.schema.CommandOutcome;
import com.coeffection.sync.schema.MondayAction;
import com.coeffection.sync.schema.MondayCommand;
import com.coeffection.sync.schema.MondayCommandResult;
import com.coeffection.sync.testkit.RealInfra;
import com.coeffection.sync.testkit.RealInfraExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static com.coeffection.sync.monday.sink.Commands.command;
import static com.coeffection.sync.monday.sink.Commands.text;
import static com.coeffection.sync.monday.sink.SinkHarness.TENANT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A refused token and the daily call limit pause the connection; nothing is lost or dead-lettered, and it resumes. */
@ExtendWith(RealInfraExtension.class)
class ConnectionPauseTest {

    @Test
    void aRefusedTokenPausesTheTenantItsResultSaysReconnectAndANewTokenResumesWithoutRestart(RealInfra infra) {
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        try (SinkHarness h = new SinkHarness(infra, StandInConfig.defaults(), 1)) {
            // given the configured token is one monday no longer accepts
            AtomicReference<String> token = new AtomicReference<>("token-of-an-admin-who-left");
            MondaySinkConfig config = h.config(Duration.ofMillis(100)).withMetrics(metrics)
                    .withTokens(TokenProvider.dynamic(token::get)).withFill(10, Duration.ofMillis(100));
            long item = h.seedItem("p1", "Paused");
            MondayCommand edit = command(TENANT, h.board, "p1", item, MondayAction.UPDATE_COLUMNS, null, null,
                    List.of(text("text", "after reconnect")), Instant.now());
            h.send(edit);
            h.flush();

            try (MondaySinkWorker worker = new MondaySinkWorker(config)) {
                // when the sink tries to deliver
                worker.start();

                // then the result says a reconnect is needed, with monday's words, for the command's history entry
                assertThat(h.results(1, Duration.ofSeconds(30))).singleElement().satisfies(r -> {
                    assertThat(r.getOutcome()).isEqualTo(CommandOutcome.RECONNECT_NEEDED);
                    assertThat(r.getHistoryEntryId()).isEqualTo(edit.getHistoryEntryId());
                    assertThat(r.getErrorType()).isEqualTo("RECONNECT_NEEDED");
                    assertThat(r.getErrorCode()).isNotBlank();
                    assertThat(r.getErrorMessage()).isNotBlank();
                });
                // and the partition is paused while the command waits, nothing is dead-lettered or committed
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                        assertThat(metrics.get("monday.sink.paused.partitions").gauge().value()).isEqualTo(1.0));
                assertThat(h.deadLetterRecords(1, Duration.ofSeconds(1))).isEmpty();
                assertThat(h.monday.item(item).map(v -> SinkHarness.text(v, "text"))).isNotEqualTo(java.util.Optional.of("after reconnect"));

                // when a new token is configured (no restart)
                token.set(h.monday.token());

                // then the waiting edit is delivered and a DELIVERED result follows for the same history entry
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                        assertThat(h.monday.item(item).map(v -> SinkHarness.text(v, "text"))).contains("after reconnect"));
                List<MondayCommandResult> later = h.results(2, Duration.ofSeconds(20));
                assertThat(later).hasSize(2);
                assertThat(later.get(1).getHistoryEntryId()).isEqualTo(edit.getHistoryEntryId());
                assertThat(later.get(1).getOutcome()).isEqualTo(CommandOutcome.DELIVERED);
                assertThat(h.historyRecords()).isZero();
                assertThat(worker.isRunning()).isTrue();
            }
        }
    }

    @Test
    void theDailyCallLimitPausesDeliveryUntilMondayResetsItAtMidnight(RealInfra infra) {
        // given a stand-in whose clock is 20 s before midnight UTC and a daily limit the board setup nearly uses up
        Instant now = Instant.now();
        Instant midnight = LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Clock nearMidnight = Clock.offset(Clock.systemUTC(), Duration.between(now, midnight.minusSeconds(20)));
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        StandInConfig standIn = StandInConfig.defaults().withDailyCallLimit(7);
        try (SinkHarness h = new SinkHarness(infra, standIn, nearMidnight, 1)) {
            List<MondayCommand> creates = new ArrayList<>();
            for (int r = 0; r < 20; r++) {
                creates.add(command(TENANT, h.board, "d" + r, null, MondayAction.CREATE_ITEM, "Daily " + r, null,
                        List.of(text("text", "x")), Instant.now()));
            }
            creates.forEach(h::send);
            h.flush();

            try (MondaySinkWorker worker = new MondaySinkWorker(h.config(Duration.ofMillis(100)).withMetrics(metrics))) {
                // when the sink runs into the limit
                worker.start();
                await().atMost(Duration.ofSeconds(10)).until(() -> {
                    var limited = metrics.find("monday.sink.retries").tag("code", "DAILY_LIMIT_EXCEEDED").counter();
                    return limited != null && limited.count() > 0;
                });
                assertThat(h.itemsByRecord()).isEmpty();

                // then it waits, without dead letters, until monday's day is over, and then delivers everything
                List<MondayCommandResult> results = h.results(creates.size(), Duration.ofSeconds(40));
                assertThat(results).hasSize(creates.size())
                        .allSatisfy(r -> assertThat(r.getOutcome()).isEqualTo(CommandOutcome.DELIVERED));
                assertThat(nearMidnight.instant()).isAfterOrEqualTo(midnight);
                assertThat(h.itemsByRecord()).hasSize(creates.size());
                assertThat(h.deadLetterRecords(1, Duration.ofSeconds(1))).isEmpty();
            }
        }
    }
}

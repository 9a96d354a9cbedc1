package com.coeffection.sync.monday.sink;

import com.coeffection.sync.monday.graphql.Operations;
import com.coeffection.sync.monday.sink.retry.Backoff;
import com.coeffection.sync.monday.standin.StandInConfig;
import com.coeffection.sync.schema.MondayAction;
import com.coeffection.sync.testkit.RealInfra;
import com.coeffection.sync.testkit.RealInfraExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static com.coeffection.sync.monday.sink.Commands.command;
import static com.coeffection.sync.monday.sink.Commands.text;
import static com.coeffection.sync.monday.sink.SinkHarness.TENANT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A board monday has locked (423) holds up only its own changes, which are delivered once it is unlocked. */
@ExtendWith(RealInfraExtension.class)
class LockedBoardTest {

    @Test
    void aLockedBoardsChangesWaitWhileAnotherBoardOfTheSameTenantIsWritten(RealInfra infra) {
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        try (SinkHarness h = new SinkHarness(infra, StandInConfig.defaults(), 1)) {
            long other = h.admin.execute(new Operations.CreateBoard("Deals", "public", null, null, null)).id();
            h.admin.execute(new Operations.CreateColumn(other, "Text", "text", "text", null, null));
            long lockedItem = h.seedItem("l1", "On the locked board");
            long freeItem = h.monday.asUser(h.monday.config().users().get(0).id())
                    .createItem(other, "On the free board", null, java.util.Map.of()).id();
            // given the contacts board is locked
            h.monday.faults().lockBoard(h.board);
            MondaySinkConfig config = h.config(Duration.ofMillis(100)).withMetrics(metrics)
                    .withRetries(100, new Backoff(Duration.ofMillis(200), Duration.ofSeconds(1), 0.2));
            try (MondaySinkWorker worker = new MondaySinkWorker(config)) {
                worker.start();

                // when both boards get an edit
                h.send(command(TENANT, h.board, "l1", lockedItem, MondayAction.UPDATE_COLUMNS, null, null,
                        List.of(text("text", "waited")), Instant.now()));
                h.send(command(TENANT, other, "f1", freeItem, MondayAction.UPDATE_COLUMNS, null, null,
                        List.of(text("text", "went through")), Instant.now()));
                h.flush();

                // then the free board is written while the locked one is refused and retried
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                        assertThat(h.monday.item(freeItem).map(v -> SinkHarness.text(v, "text"))).contains("went through"));
                await().atMost(Duration.ofSeconds(20)).until(() -> {
                    var locked = metrics.find("monday.sink.retries").tag("code", "RESOURCE_LOCKED").counter();
                    return locked != null && locked.count() >= 2;
                });
                assertThat(h.monday.item(lockedItem).map(v -> SinkHarness.text(v, "text"))).isNotEqualTo(java.util.Optional.of("waited"));

                // and once monday unlocks the board, its change is delivered, not dead-lettered
                h.monday.faults().unlockBoard(h.board);
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                        assertThat(h.monday.item(lockedItem).map(v -> SinkHarness.text(v, "text"))).contains("waited"));
                assertThat(h.deadLetterRecords(1, Duration.ofSeconds(1))).isEmpty();
            }
        }
    }
}

package com.coeffection.sync.launcher;

import com.coeffection.sync.connections.drift.DriftRunView;
import com.coeffection.sync.connections.drift.DriftRuns;
import com.coeffection.sync.drift.DriftMain;
import com.coeffection.sync.drift.report.DriftReport;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The pipeline's queue of drift runs, with a scripted drift command in place of the real one (no infrastructure). */
class DriftRunQueueTest {
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final BlockingQueue<List<String>> calls = new LinkedBlockingQueue<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile Script script = (args, listener) -> 0;
    private final DriftRunQueue queue = new DriftRunQueue((args, listener) -> {
        calls.add(args);
        try {
            release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return script.run(args, listener);
    }, Clock.systemUTC(), metrics);

    interface Script {
        int run(List<String> args, DriftMain.Listener listener);
    }

    @AfterEach
    void stop() throws InterruptedException {
        release.countDown();
        queue.close();
    }

    @Test
    @DisplayName("Given an admin's dry run of one entity, then the command gets the tenant, entity and --dry-run, and the run goes queued -> running -> finished with each board's report")
    void aRunFromStartToEnd() throws Exception {
        script = (args, listener) -> {
            listener.report(report("acme", 101));
            return 0;
        };

        DriftRunView queued = queue.start("acme", "Contact", true, "admin:acme");

        assertThat(queued.state()).isIn(DriftRunView.QUEUED, DriftRunView.RUNNING);
        assertThat(calls.poll(5, TimeUnit.SECONDS)).containsExactly("--tenant", "acme", "--entity", "Contact", "--dry-run");
        assertThat(queue.run("acme", queued.id()).orElseThrow().state()).isEqualTo(DriftRunView.RUNNING);
        assertThat(metrics.get("sync.drift.runs.active").gauge().value()).isEqualTo(1.0);
        release.countDown();

        await().atMost(Duration.ofSeconds(5)).until(() -> !queue.run("acme", queued.id()).orElseThrow().active());
        DriftRunView done = queue.run("acme", queued.id()).orElseThrow();
        assertThat(done.state()).isEqualTo(DriftRunView.FINISHED);
        assertThat(done.startedAt()).isNotNull();
        assertThat(done.endedAt()).isAfterOrEqualTo(done.startedAt());
        assertThat(done.boards()).singleElement().satisfies(b -> {
            assertThat(b).containsEntry("boardId", 101L).containsEntry("tenantId", "acme");
            assertThat(b.get("fieldDrift")).isEqualTo(Map.of("title", 2));
        });
        assertThat(metrics.get("sync.drift.runs.active").gauge().value()).isZero();
    }

    @Test
    @DisplayName("Given a run of a tenant under way, when its admin starts another, then it is refused naming the first; another tenant's run is queued behind it")
    void oneRunPerTenantAtATime() throws Exception {
        DriftRunView first = queue.start("acme", null, false, "admin:acme");
        calls.poll(5, TimeUnit.SECONDS);

        assertThatThrownBy(() -> queue.start("acme", "Lead", true, "admin:acme"))
                .isInstanceOf(DriftRuns.RunInProgress.class)
                .satisfies(e -> assertThat(((DriftRuns.RunInProgress) e).current().id()).isEqualTo(first.id()));
        DriftRunView other = queue.start("globex", null, false, "admin:globex");
        assertThat(other.state()).isEqualTo(DriftRunView.QUEUED);
        assertThat(queue.recent("acme")).extracting(DriftRunView::id).containsExactly(first.id());
        assertThat(queue.recent("globex")).extracting(DriftRunView::id).containsExactly(other.id());

        release.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> queue.recent("globex").get(0).state().equals(DriftRunView.FINISHED));
        assertThat(queue.start("acme", null, false, "admin:acme").id()).isNotEqualTo(first.id());
    }

    @Test
    @DisplayName("Given a scheduled run of every tenant, then each tenant's admin sees it with their own boards and problems only, and the schedule gets its exit code")
    void aScheduledRunShowsEachTenantItsOwn() throws Exception {
        script = (args, listener) -> {
            listener.report(report("acme", 101));
            listener.report(report("globex", 202));
            listener.problem("globex", "The drift run of Lead board 203 failed: monday is unavailable");
            listener.problem(null, "a problem of the whole run");
            return 1;
        };
        release.countDown();

        assertThat(queue.runScheduled()).isEqualTo(1);

        assertThat(calls.poll()).isEmpty();
        DriftRunView acme = queue.recent("acme").get(0);
        assertThat(acme.requestedBy()).isEqualTo(DriftRunQueue.SCHEDULE);
        assertThat(acme.tenant()).isNull();
        assertThat(acme.state()).isEqualTo(DriftRunView.FAILED);
        assertThat(acme.boards()).extracting(b -> b.get("boardId")).containsExactly(101L);
        assertThat(acme.problems()).containsExactly("a problem of the whole run");
        DriftRunView globex = queue.recent("globex").get(0);
        assertThat(globex.boards()).extracting(b -> b.get("boardId")).containsExactly(202L);
        assertThat(globex.problems()).hasSize(2).first().asString().contains("Lead board 203");
    }

    @Test
    @DisplayName("Given a fenced run, a failure without words and a command that throws, then FENCED, and FAILED with a problem a support person can read")
    void outcomes() throws Exception {
        release.countDown();
        script = (args, listener) -> 3;
        assertThat(queue.runScheduled()).isEqualTo(3);
        assertThat(queue.recent("acme").get(0).state()).isEqualTo(DriftRunView.FENCED);

        script = (args, listener) -> 2;
        queue.runScheduled();
        assertThat(queue.recent("acme").get(0).problems()).singleElement().asString().contains("exit code 2");

        script = (args, listener) -> {
            throw new IllegalStateException("the broker is gone");
        };
        assertThat(queue.runScheduled()).isEqualTo(1);
        assertThat(queue.recent("acme").get(0).state()).isEqualTo(DriftRunView.FAILED);
        assertThat(queue.recent("acme").get(0).problems()).singleElement().asString().contains("the broker is gone");
    }

    @Test
    @DisplayName("Given more finished runs than it keeps, then the oldest are forgotten, newest first")
    void keepsTheRecentOnes() throws Exception {
        release.countDown();
        for (int i = 0; i < DriftRunQueue.KEPT + 5; i++) {
            queue.runScheduled();
        }
        assertThat(queue.recent("acme")).hasSize(DriftRunQueue.KEPT);
        assertThat(queue.recent("acme").get(0).requestedAt()).isAfterOrEqualTo(queue.recent("acme").get(1).requestedAt());
    }

    private static DriftReport report(String tenant, long board) {
        return new DriftReport("run-" + board, tenant, "Contact", board, false, false, 0, 8, 8, 8, 6, 2,
                Map.of("title", 2), 0, 0, 0, 0, Map.of(), List.of(), 2, 3, 900, 0, 1, 0, 1200);
    }
}

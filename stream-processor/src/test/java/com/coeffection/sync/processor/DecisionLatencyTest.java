package com.coeffection.sync.processor;

import com.coeffection.sync.schema.SyncDirection;
import com.coeffection.sync.testkit.RealInfra;
import com.coeffection.sync.testkit.RealInfraExtension;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import static com.coeffection.sync.processor.SyncDriver.MAPPING_TIME;
import static com.coeffection.sync.processor.SyncDriver.PERSON_ON_MONDAY;
import static com.coeffection.sync.values.FieldValues.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The decision latency timer: from the time a change was made on one side to the processor forwarding the other
 * side's write, per direction (the processor's wall clock is the test driver's).
 */
@ExtendWith(RealInfraExtension.class)
class DecisionLatencyTest {
    static final Instant NOW = MAPPING_TIME.plusSeconds(10);
    SyncDriver sync;

    @BeforeEach
    void linkedContact(RealInfra infra) {
        sync = new SyncDriver(infra.schemaRegistryUrl()).withMappings("/mappings/acme.yaml").linked("r1", 5001L);
        sync.advanceWallClock(Duration.between(MAPPING_TIME, NOW));
    }

    @AfterEach
    void close() {
        sync.close();
    }

    @Test
    @DisplayName("A Coeffection edit made 300 ms ago that is written to monday records 300 ms towards monday")
    void coeffectionEditToMondayIsTimed() {
        sync.coeffectionEdit("r1", "title", text("CTO"), NOW.minusMillis(300));

        assertThat(sync.commands()).hasSize(1);
        Timer toMonday = timer(SyncDirection.COEFFECTION_TO_MONDAY);
        assertThat(toMonday.count()).isEqualTo(1);
        assertThat(toMonday.max(TimeUnit.MILLISECONDS)).isEqualTo(300.0);
        assertThat(timer(SyncDirection.MONDAY_TO_COEFFECTION).count()).isZero();
    }

    @Test
    @DisplayName("A person's monday edit made 120 ms ago that is written to Coeffection records 120 ms from monday")
    void mondayEditToCoeffectionIsTimed() {
        sync.mondayColumnChange(5001L, "text_city", "text", "{\"value\":\"Bergen\"}", NOW.minusMillis(120),
                PERSON_ON_MONDAY);

        assertThat(sync.updates()).hasSize(1);
        Timer fromMonday = timer(SyncDirection.MONDAY_TO_COEFFECTION);
        assertThat(fromMonday.count()).isEqualTo(1);
        assertThat(fromMonday.max(TimeUnit.MILLISECONDS)).isEqualTo(120.0);
    }

    @Test
    @DisplayName("An echo of our own write leads to no write on the other side and is not timed")
    void echoIsNotTimed() {
        sync.coeffectionEdit("r1", "title", text("CTO"), NOW.minusMillis(300));
        sync.echoOnMonday(sync.commands(), NOW.minusMillis(100));

        assertThat(sync.updates()).isEmpty();
        assertThat(timer(SyncDirection.MONDAY_TO_COEFFECTION).count()).isZero();
        assertThat(timer(SyncDirection.COEFFECTION_TO_MONDAY).count()).isEqualTo(1);
    }

    private Timer timer(SyncDirection direction) {
        return sync.metrics().registry().get("sync.processor.decision.latency").tag("direction", direction.name())
                .timer();
    }
}

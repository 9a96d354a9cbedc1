package com.coeffection.sync.monday.sink.offsets;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class OffsetTrackerTest {
    private static final TopicPartition P0 = new TopicPartition("commands", 0);
    private static final TopicPartition P1 = new TopicPartition("commands", 1);
    private final OffsetTracker tracker = new OffsetTracker();

    @Test
    void commitsOnlyUpToTheFirstOffsetMondayHasNotConfirmed() {
        // given offsets 10..14 read, and 10, 11 and 13 confirmed
        for (long o = 10; o <= 14; o++) {
            tracker.received(P0, o);
        }
        tracker.done(P0, 10);
        tracker.done(P0, 11);
        tracker.done(P0, 13);

        // then the commit stops at 12, the first one still waiting
        assertThat(tracker.committable()).containsExactly(Map.entry(P0, new OffsetAndMetadata(12)));
        assertThat(tracker.waiting(P0)).isEqualTo(2);
    }

    @Test
    void commitsPastTheLastRecordWhenEverythingIsConfirmed() {
        tracker.received(P0, 3);
        tracker.received(P0, 4);
        tracker.done(P0, 4);
        tracker.done(P0, 3);

        assertThat(tracker.committable()).containsEntry(P0, new OffsetAndMetadata(5));
    }

    @Test
    void offersNothingNewOnceCommittedAndPartitionsAreIndependent() {
        // given partition 0 fully confirmed and committed, partition 1 waiting
        tracker.received(P0, 0);
        tracker.done(P0, 0);
        tracker.received(P1, 7);
        tracker.committed(tracker.committable());

        // then nothing moved since the commit
        assertThat(tracker.committable()).isEmpty();

        // when partition 1 is confirmed, only it is offered
        tracker.done(P1, 7);
        assertThat(tracker.committable()).containsExactly(Map.entry(P1, new OffsetAndMetadata(8)));
    }

    @Test
    void forgetsRevokedPartitions() {
        tracker.received(P0, 1);
        tracker.forget(List.of(P0));

        assertThat(tracker.committable()).isEmpty();
        assertThat(tracker.waiting()).isZero();
    }
}

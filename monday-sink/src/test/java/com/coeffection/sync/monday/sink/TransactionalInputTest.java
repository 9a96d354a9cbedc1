package com.coeffection.sync.monday.sink;

import com.coeffection.sync.monday.standin.StandInConfig;
import com.coeffection.sync.schema.MondayAction;
import com.coeffection.sync.testkit.RealInfra;
import com.coeffection.sync.testkit.RealInfraExtension;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.coeffection.sync.monday.sink.Commands.command;
import static com.coeffection.sync.monday.sink.Commands.number;
import static com.coeffection.sync.monday.sink.Commands.text;
import static com.coeffection.sync.monday.sink.SinkHarness.TENANT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The processor writes commands in transactions. The sink reads only committed ones, and once everything it read is
 * confirmed its committed offset reaches the end of the partition (past the commit marker): its lag returns to 0.
 */
@ExtendWith(RealInfraExtension.class)
class TransactionalInputTest {

    @Test
    void givenCommandsWrittenInTransactions_whenTheyAreDelivered_thenTheAbortedOneNeverReachesMondayAndTheLagIsZero(
            RealInfra infra) throws Exception {
        try (SinkHarness h = new SinkHarness(infra, StandInConfig.defaults(), 1)) {
            long item = h.seedItem("tx-1", "Transactions");
            Map<String, Object> producerConfig = infra.producerConfig();
            producerConfig.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "sink-test-" + UUID.randomUUID());
            // given one transaction that was aborted and one that was committed
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerConfig)) {
                producer.initTransactions();
                producer.beginTransaction();
                producer.send(h.record(command(TENANT, h.board, "tx-1", item, MondayAction.UPDATE_COLUMNS, null, null,
                        List.of(number("numbers", "666")), Instant.now())));
                producer.flush(); // the aborted record is in the log, followed by the abort marker
                producer.abortTransaction();
                producer.beginTransaction();
                for (int i = 1; i <= 3; i++) {
                    producer.send(h.record(command(TENANT, h.board, "tx-1", item, MondayAction.UPDATE_COLUMNS, null, null,
                            List.of(text("text", "committed " + i)), Instant.now())));
                }
                producer.commitTransaction();
            }
            MondaySinkConfig config = h.config(Duration.ofMillis(50));
            TopicPartition partition = new TopicPartition(h.topics.mondayCommands(), 0);
            try (MondaySinkWorker worker = new MondaySinkWorker(config)) {
                // when the sink delivers them
                worker.start();

                // then monday has the committed edits only
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                        assertThat(h.monday.item(item).map(v -> SinkHarness.text(v, "text"))).contains("committed 3"));
                assertThat(SinkHarness.text(h.monday.item(item).orElseThrow(), "numbers")).isNotEqualTo("666");
                assertThat(h.monday.receivedQueries()).noneMatch(q -> q.contains("666"));

                // and the sink's committed offset reaches the partition's end (4 records and 2 markers): no lag left
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    long end = end(h, partition);
                    assertThat(end).isEqualTo(6);
                    assertThat(end - committed(h, config.groupId(), partition)).as("lag").isZero();
                });
            }
        }
    }

    private static long end(SinkHarness h, TopicPartition partition) throws Exception {
        return h.infra.admin().listOffsets(Map.of(partition, OffsetSpec.latest())).partitionResult(partition).get().offset();
    }

    private static long committed(SinkHarness h, String group, TopicPartition partition) throws Exception {
        var offset = h.infra.admin().listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().get(partition);
        return offset == null ? -1 : offset.offset();
    }
}

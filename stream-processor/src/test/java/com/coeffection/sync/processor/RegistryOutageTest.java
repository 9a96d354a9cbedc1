package com.coeffection.sync.processor;

import com.coeffection.sync.schema.RecordOperation;
import com.coeffection.sync.testkit.RealInfra;
import com.coeffection.sync.testkit.RealInfraExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static com.coeffection.sync.values.FieldValues.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A schema registry outage is not bad input: while the processor cannot reach its registry it waits, and once the
 * registry answers again every change is applied; nothing becomes a dead letter.
 */
@ExtendWith(RealInfraExtension.class)
class RegistryOutageTest {
    static final int RECORDS = 20;
    static final int ROUNDS = 10;
    /** The outage lasts ROUNDS x this (30 s by default; -Dsync.outage.roundMillis shortens it). */
    static final long ROUND_MS = Long.getLong("sync.outage.roundMillis", 3_000);

    @Test
    @DisplayName("Registry unreachable for 30 s under load: no dead letter, every change applied after it is back")
    void registryOutageUnderLoadLosesNothingAndDeadLettersNothing(RealInfra infra) throws Exception {
        try (CuttableTcpProxy proxy = new CuttableTcpProxy(infra.schemaRegistryUrl());
             LivePipeline pipeline = new LivePipeline(infra, 2).startProcessor(proxy.url());
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(infra.producerConfig())) {
            // given the processor has just started and has not read any schema yet, when its registry goes away
            proxy.cut();

            // and Coeffection keeps publishing edits of 20 records during 30 s
            Instant base = Instant.now().minusSeconds(120);
            List<String> records = new ArrayList<>();
            for (int i = 0; i < RECORDS; i++) {
                records.add("outage-" + i);
            }
            for (int round = 1; round <= ROUNDS; round++) {
                for (String record : records) {
                    producer.send(new ProducerRecord<>(pipeline.topics.recordChanges(), LivePipeline.recordKey(record),
                            pipeline.change(record, record + "-e" + round, round == 1 ? RecordOperation.CREATE
                                    : RecordOperation.UPDATE, "title", text(title(record, round)),
                                    base.plusSeconds(round))));
                }
                producer.flush();
                await().dontCatchUncaughtExceptions().pollDelay(Duration.ofMillis(ROUND_MS)).until(() -> true);
            }
            // then nothing was decided meanwhile, and nothing was dead-lettered
            assertThat(pipeline.mondayItems).isEmpty();
            assertThat(pipeline.deadLetters).isEmpty();

            // when the registry is reachable again
            proxy.restore();

            // then every record gets one item holding its last title, and there is still no dead letter
            await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                for (String record : records) {
                    assertThat(pipeline.onMonday(record, "title")).as("title of %s on monday", record)
                            .isEqualTo(text(title(record, ROUNDS)));
                }
            });
            assertThat(records).allSatisfy(r -> assertThat(pipeline.creates.get(r)).isEqualTo(1));
            assertThat(pipeline.deadLetters).isEmpty();
        }
    }

    private static String title(String record, int round) {
        return "Title " + round + " of " + record;
    }
}

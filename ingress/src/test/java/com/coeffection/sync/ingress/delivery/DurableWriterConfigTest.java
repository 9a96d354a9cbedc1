package com.coeffection.sync.ingress.delivery;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DurableWriterConfigTest {

    private static long millis(Map<String, Object> config, String key) {
        return ((Number) config.get(key)).longValue();
    }

    @ParameterizedTest(name = "write timeout {0} ms")
    @ValueSource(longs = {1000, 2000, 3000, 10_000, 60_000})
    void theProducerIsDurableAndGivesUpWithinTheWriteTimeout(long writeTimeoutMillis) {
        Map<String, Object> config = DurableWriter.producerConfig("k:9092", Duration.ofMillis(writeTimeoutMillis));

        // durable: every in-sync replica, idempotent
        assertThat(config).containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        assertThat(millis(config, ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION)).isLessThanOrEqualTo(5);
        // bounded: waiting for metadata plus delivering never outlasts the write timeout
        long maxBlock = millis(config, ProducerConfig.MAX_BLOCK_MS_CONFIG);
        long delivery = millis(config, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG);
        assertThat(maxBlock + delivery).isLessThanOrEqualTo(writeTimeoutMillis);
        // and valid for Kafka: delivery.timeout.ms >= linger.ms + request.timeout.ms
        assertThat(delivery).isGreaterThanOrEqualTo(millis(config, ProducerConfig.LINGER_MS_CONFIG)
                + millis(config, ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG));
    }
}

package com.coeffection.sync.processor;

import com.coeffection.sync.topics.SyncTopics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class ProcessorConfigTest {

    private static final String SESSION = StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG);
    private static final String HEARTBEAT = StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG);
    private static final String INSTANCE = StreamsConfig.consumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);

    private static Properties props(Map<String, String> env) {
        return new ProcessorConfig(SyncTopics.defaults(), null, 0, "app").withEnvironment(env)
                .streamsProperties("127.0.0.1:9092", Path.of("/tmp/state"));
    }

    @Test
    void givenNothingSet_whenConfigured_thenKafkasOwnSessionTimeoutAndDynamicMembership() {
        Properties props = props(Map.of());
        assertThat(props).doesNotContainKeys(SESSION, HEARTBEAT, INSTANCE);
    }

    @Test
    void givenAnInstanceId_whenConfigured_thenAStaticMemberWithTheStaticSessionTimeout() {
        Properties props = props(Map.of("PROCESSOR_INSTANCE_ID", " host-a "));
        assertThat(props).containsEntry(INSTANCE, "host-a")
                .containsEntry(SESSION, ProcessorConfig.STATIC_SESSION_TIMEOUT_MS);
    }

    @Test
    void givenASessionTimeout_whenConfigured_thenItBoundsTheTakeoverAndHeartbeatsComeFourTimesPerSession() {
        Properties dynamic = props(Map.of("PROCESSOR_SESSION_TIMEOUT_MS", "8000"));
        assertThat(dynamic).containsEntry(SESSION, 8000).containsEntry(HEARTBEAT, 2000).doesNotContainKey(INSTANCE);

        Properties statik = props(Map.of("PROCESSOR_SESSION_TIMEOUT_MS", "8000", "PROCESSOR_INSTANCE_ID", "b"));
        assertThat(statik).containsEntry(SESSION, 8000).containsEntry(INSTANCE, "b");
    }
}

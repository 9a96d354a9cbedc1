package com.coeffection.sync.launcher;

import com.coeffection.sync.testkit.RealInfra;
import com.coeffection.sync.testkit.RealInfraExtension;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** With Kafka and the registry configured, the launcher uses them and creates the missing topics with their configs. */
@ExtendWith(RealInfraExtension.class)
class InfrastructureTest {

    @Test
    void usesTheConfiguredBrokerAndCreatesTopicsWithCompactionAndTheConfiguredPartitions(RealInfra infra) throws Exception {
        String run = "infra" + System.nanoTime();
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", infra.bootstrapServers());
        env.put("SCHEMA_REGISTRY_URL", infra.schemaRegistryUrl());
        env.put("SYNC_TOPIC_PARTITIONS", "3");
        env.putAll(TestTopics.prefixed(run));
        LauncherConfig config = LauncherConfig.from(env);

        try (Infrastructure started = Infrastructure.start(config)) {
            assertThat(started.bootstrapServers()).isEqualTo(infra.bootstrapServers());
            assertThat(started.schemaRegistryUrl()).isEqualTo(infra.schemaRegistryUrl());
        }

        var admin = infra.admin();
        var described = admin.describeTopics(config.topics().all().stream().map(s -> s.name()).toList())
                .allTopicNames().get(10, TimeUnit.SECONDS);
        assertThat(described).hasSize(11);
        assertThat(described.values()).allSatisfy(t -> assertThat(t.partitions()).hasSize(3));
        for (var spec : config.topics().all()) {
            var resource = new ConfigResource(ConfigResource.Type.TOPIC, spec.name());
            String policy = admin.describeConfigs(List.of(resource)).all().get(10, TimeUnit.SECONDS)
                    .get(resource).get("cleanup.policy").value();
            assertThat(policy).as(spec.name()).isEqualTo(spec.compacted() ? "compact" : "delete");
        }
        assertThat(config.topics().all().stream().filter(s -> s.compacted()).map(s -> s.name()))
                .containsExactlyInAnyOrder(config.topics().boardMappings(), config.topics().links(), config.topics().history());

        try (Infrastructure again = Infrastructure.start(config)) {
            assertThat(again.bootstrapServers()).isEqualTo(infra.bootstrapServers());
        }
    }
}

package com.coeffection.sync.monday.sink;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MondaySinkConfigTest {

    @Test
    void theDefaultsUseTheMondaySyncGroupAQuarterSecondWindowAndTheProvisionedCoeffectionIdColumn() {
        MondaySinkConfig config = MondaySinkConfig.fromEnv(Map.of());

        assertThat(config.groupId()).startsWith("monday-sync").isEqualTo("monday-sync-sink");
        assertThat(config.window()).isEqualTo(Duration.ofMillis(250));
        assertThat(config.coeffectionIdColumn()).isEqualTo("coeffection_id");
        assertThat(config.mondayEndpoint()).isEqualTo(URI.create("https://api.monday.com/v2"));
        assertThat(config.topics().mondayCommands()).isEqualTo("sync.monday-commands");
        assertThat(config.limits().maxOperations()).isEqualTo(300);
        assertThat(config.limits().maxComplexity()).isLessThan(5_000_000L);
        assertThat(config.createLabelsIfMissing()).isFalse();
    }

    @Test
    void everySettingCanComeFromTheEnvironment() {
        MondaySinkConfig config = MondaySinkConfig.fromEnv(Map.ofEntries(
                Map.entry("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092"),
                Map.entry("SCHEMA_REGISTRY_URL", "http://registry:8081"),
                Map.entry("TOPIC_MONDAY_COMMANDS", "cmds"),
                Map.entry("MONDAY_SINK_GROUP_ID", "monday-sync-sink-eu"),
                Map.entry("MONDAY_API_URL", "http://standin:18180/v2"),
                Map.entry("MONDAY_API_TOKEN", "tok"),
                Map.entry("MONDAY_SINK_WINDOW_MS", "500"),
                Map.entry("MONDAY_SINK_MAX_ITEMS_PER_REQUEST", "20"),
                Map.entry("MONDAY_SINK_MAX_ATTEMPTS", "3"),
                Map.entry("MONDAY_SINK_BACKOFF_BASE_MS", "100"),
                Map.entry("MONDAY_SINK_BACKOFF_MAX_MS", "1000"),
                Map.entry("MONDAY_COEFFECTION_ID_COLUMN", "cid"),
                Map.entry("MONDAY_CREATE_LABELS_IF_MISSING", "true"),
                Map.entry("MONDAY_SINK_FILL_TO", "5"),
                Map.entry("MONDAY_SINK_KAFKA_SECURITY_PROTOCOL", "SASL_SSL"),
                Map.entry("MONDAY_SINK_KAFKA_MAX_POLL_INTERVAL_MS", "60000")));

        assertThat(config.bootstrapServers()).isEqualTo("kafka:9092");
        assertThat(config.schemaRegistryUrl()).isEqualTo("http://registry:8081");
        assertThat(config.topics().mondayCommands()).isEqualTo("cmds");
        assertThat(config.groupId()).isEqualTo("monday-sync-sink-eu");
        assertThat(config.mondayEndpoint()).isEqualTo(URI.create("http://standin:18180/v2"));
        assertThat(config.tokens().tokenFor("any")).isEqualTo("tok");
        assertThat(config.window()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.limits().maxOperations()).isEqualTo(20);
        assertThat(config.maxAttempts()).isEqualTo(3);
        assertThat(config.backoff().base()).isEqualTo(Duration.ofMillis(100));
        assertThat(config.backoff().max()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.coeffectionIdColumn()).isEqualTo("cid");
        assertThat(config.createLabelsIfMissing()).isTrue();
        assertThat(config.fillTo()).isEqualTo(5);
        assertThat(config.kafkaProperties()).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("max.poll.interval.ms", "60000");
    }

    @Test
    void nonsenseIsRefused() {
        MondaySinkConfig d = MondaySinkConfig.fromEnv(Map.of());
        assertThatThrownBy(() -> d.withWindow(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withRetries(0, d.backoff())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theInFlightLimitsDefaultTo16InAllAnd4PerConnectionAndCanComeFromTheEnvironment() {
        assertThat(MondaySinkConfig.fromEnv(Map.of()).inFlight())
                .isEqualTo(new MondaySinkConfig.InFlightLimits(16, 4));
        assertThat(MondaySinkConfig.fromEnv(Map.of("MONDAY_SINK_MAX_IN_FLIGHT", " 8 ",
                "MONDAY_SINK_MAX_IN_FLIGHT_PER_CONNECTION", "1")).inFlight())
                .isEqualTo(new MondaySinkConfig.InFlightLimits(8, 1));
        // a per-connection limit alone is checked against the default total
        assertThat(MondaySinkConfig.fromEnv(Map.of("MONDAY_SINK_MAX_IN_FLIGHT_PER_CONNECTION", "16")).inFlight())
                .isEqualTo(new MondaySinkConfig.InFlightLimits(16, 16));
        // and the other settings' copies keep the limits
        MondaySinkConfig config = MondaySinkConfig.fromEnv(Map.of("MONDAY_SINK_MAX_IN_FLIGHT", "2",
                "MONDAY_SINK_MAX_IN_FLIGHT_PER_CONNECTION", "2"));
        assertThat(config.withWindow(Duration.ofMillis(10)).withCallTimeout(Duration.ofSeconds(1)).inFlight())
                .isEqualTo(new MondaySinkConfig.InFlightLimits(2, 2));
    }

    @Test
    void inFlightLimitsThatAreNotPositiveIntegersOrPerConnectionAboveTheTotalAreRefusedByName() {
        assertThatThrownBy(() -> MondaySinkConfig.fromEnv(Map.of("MONDAY_SINK_MAX_IN_FLIGHT", "0")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MONDAY_SINK_MAX_IN_FLIGHT must be a positive integer");
        assertThatThrownBy(() -> MondaySinkConfig.fromEnv(Map.of("MONDAY_SINK_MAX_IN_FLIGHT_PER_CONNECTION", "-2")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MONDAY_SINK_MAX_IN_FLIGHT_PER_CONNECTION must be a positive integer");
        assertThatThrownBy(() -> MondaySinkConfig.fromEnv(Map.of("MONDAY_SINK_MAX_IN_FLIGHT", "lots")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MONDAY_SINK_MAX_IN_FLIGHT must be a positive integer, got 'lots'");
        assertThatThrownBy(() -> MondaySinkConfig.fromEnv(Map.of("MONDAY_SINK_MAX_IN_FLIGHT_PER_CONNECTION", "1.5")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MONDAY_SINK_MAX_IN_FLIGHT_PER_CONNECTION");
        assertThatThrownBy(() -> MondaySinkConfig.fromEnv(Map.of("MONDAY_SINK_MAX_IN_FLIGHT", "3",
                "MONDAY_SINK_MAX_IN_FLIGHT_PER_CONNECTION", "4")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MONDAY_SINK_MAX_IN_FLIGHT_PER_CONNECTION (4) cannot exceed MONDAY_SINK_MAX_IN_FLIGHT (3)");
        assertThatThrownBy(() -> new MondaySinkConfig.InFlightLimits(2, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MondaySinkConfig.InFlightLimits(0, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}

package com.coeffection.sync.ingress;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IngressConfigTest {

    @Test
    void theEnvironmentConfiguresTheIngressAndDefaultsFillTheRest() {
        IngressConfig config = IngressConfig.fromEnvironment(Map.of("KAFKA_BOOTSTRAP_SERVERS", "k:9092",
                "SCHEMA_REGISTRY_URL", "http://r:8081", "INGRESS_PORT", "9000", "MONDAY_SIGNING_SECRET", "m",
                "COEFFECTION_WEBHOOK_SECRET", "c", "TOPIC_ITEM_EVENTS", "custom.items", "INGRESS_DEDUP_WINDOW_MINUTES", "60"));

        assertThat(config.port()).isEqualTo(9000);
        assertThat(config.topics().itemEvents()).isEqualTo("custom.items");
        assertThat(config.mondaySigningSecret()).contains("m");
        assertThat(config.dedupWindow()).isEqualTo(Duration.ofMinutes(60));
        assertThat(config.maxBodyBytes()).isEqualTo(IngressConfig.DEFAULT_MAX_BODY_BYTES);
        assertThat(IngressConfig.fromEnvironment(Map.of("KAFKA_BOOTSTRAP_SERVERS", "k", "SCHEMA_REGISTRY_URL", "r")).port())
                .isEqualTo(8090);
    }

    @Test
    void blankSecretsCountAsNotSet() {
        IngressConfig config = IngressConfig.defaults("k", "r").withSecrets(" ", "");

        assertThat(config.mondaySigningSecret()).isEmpty();
        assertThat(config.coeffectionSecret()).isEmpty();
    }

    @Test
    void secretsNeverAppearInItsText() {
        String text = IngressConfig.defaults("k", "r").withSecrets("monday-top-secret", "coeffection-top-secret").toString();

        assertThat(text).doesNotContain("monday-top-secret").doesNotContain("coeffection-top-secret").contains("(set)");
    }

    @Test
    void aDedupWindowShorterThanMondaysRetriesIsRefused() {
        assertThatThrownBy(() -> IngressConfig.fromEnvironment(Map.of("KAFKA_BOOTSTRAP_SERVERS", "k",
                "SCHEMA_REGISTRY_URL", "r", "INGRESS_DEDUP_WINDOW_MINUTES", "10")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("30 min");
    }

    @Test
    void missingOrMalformedVariablesAreNamed() {
        assertThatThrownBy(() -> IngressConfig.fromEnvironment(Map.of("SCHEMA_REGISTRY_URL", "r")))
                .hasMessageContaining("KAFKA_BOOTSTRAP_SERVERS");
        assertThatThrownBy(() -> IngressConfig.fromEnvironment(Map.of("KAFKA_BOOTSTRAP_SERVERS", "k",
                "SCHEMA_REGISTRY_URL", "r", "INGRESS_PORT", "eighty")))
                .hasMessageContaining("INGRESS_PORT").hasMessageContaining("eighty");
    }
}

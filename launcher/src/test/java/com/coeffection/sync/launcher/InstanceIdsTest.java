package com.coeffection.sync.launcher;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class InstanceIdsTest {

    @Test
    void givenNoSettingsWhenAProcessorStartsThenItGetsAStableIdFromHostAndDataDirAndATenSecondSession() {
        Map<String, String> env = Map.of("HOSTNAME", "Sync-Host.1");

        Map<String, String> first = InstanceIds.forProcessor(env, Path.of("/var/sync/a"));
        Map<String, String> again = InstanceIds.forProcessor(env, Path.of("/var/sync/a"));

        assertThat(first.get("PROCESSOR_INSTANCE_ID")).matches("sync-host\\.1-processor-[0-9a-f]{8}")
                .isEqualTo(again.get("PROCESSOR_INSTANCE_ID"));
        assertThat(first.get("PROCESSOR_SESSION_TIMEOUT_MS")).isEqualTo("10000");
    }

    @Test
    void givenTwoInstancesOnOneHostWhenTheyStartThenTheirDataDirectoriesGiveThemDifferentIds() {
        Map<String, String> env = Map.of("HOSTNAME", "host");

        assertThat(InstanceIds.forSink(env, Path.of("/var/sync/a")).get("MONDAY_SINK_INSTANCE_ID"))
                .startsWith("host-sink-")
                .isNotEqualTo(InstanceIds.forSink(env, Path.of("/var/sync/b")).get("MONDAY_SINK_INSTANCE_ID"));
    }

    @Test
    void givenExplicitSettingsWhenAnInstanceStartsThenTheyAreKeptAndNoneTurnsStaticMembershipOff() {
        Map<String, String> processor = InstanceIds.forProcessor(Map.of("PROCESSOR_INSTANCE_ID", "pod-0",
                "PROCESSOR_SESSION_TIMEOUT_MS", "20000"), Path.of("/d"));
        Map<String, String> sink = InstanceIds.forSink(Map.of("MONDAY_SINK_INSTANCE_ID", "none"), Path.of("/d"));

        assertThat(processor).containsEntry("PROCESSOR_INSTANCE_ID", "pod-0").containsEntry("PROCESSOR_SESSION_TIMEOUT_MS", "20000");
        assertThat(sink).doesNotContainKey("MONDAY_SINK_INSTANCE_ID");
    }
}

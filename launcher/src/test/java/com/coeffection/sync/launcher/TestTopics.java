package com.coeffection.sync.launcher;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Topic-name variables that give one test its own topics on the shared broker. */
final class TestTopics {
    private static final List<String> VARIABLES = List.of("RECORD_CHANGES", "ITEM_EVENTS", "BOARD_MAPPINGS", "LINKS",
            "MONDAY_COMMANDS", "MONDAY_RESULTS", "RECORD_UPDATES", "HISTORY_EVENTS", "HISTORY", "DLQ", "CONTROL", "BACKFILL_PROGRESS");

    private TestTopics() {
    }

    /**
     * The settings of one whole-pipeline test: the shared broker and registry, its own data directory, groups, topics
     * and free ports for every server the pipeline starts.
     */
    static Map<String, String> pipelineEnvironment(com.coeffection.sync.testkit.RealInfra infra, java.nio.file.Path dataDir,
                                                   String run) {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", infra.bootstrapServers());
        env.put("SCHEMA_REGISTRY_URL", infra.schemaRegistryUrl());
        env.put("SYNC_DATA_DIR", dataDir.resolve(run).toString());
        env.put("SYNC_TOPIC_PARTITIONS", "2");
        env.put("SYNC_GROUP_PREFIX", run);
        env.put("LOCAL_MONDAY_PORT", "0");
        env.put("LOCAL_COEFFECTION_PORT", "0");
        env.put("INGRESS_PORT", "0");
        env.putAll(prefixed(run));
        return env;
    }

    /** {@code TOPIC_*} variables naming every topic {@code <prefix>.<name>}. */
    static Map<String, String> prefixed(String prefix) {
        Map<String, String> env = new HashMap<>();
        for (String topic : VARIABLES) {
            env.put("TOPIC_" + topic, prefix + "." + topic.toLowerCase().replace('_', '-'));
        }
        return env;
    }
}

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

    /** {@code TOPIC_*} variables naming every topic {@code <prefix>.<name>}. */
    static Map<String, String> prefixed(String prefix) {
        Map<String, String> env = new HashMap<>();
        for (String topic : VARIABLES) {
            env.put("TOPIC_" + topic, prefix + "." + topic.toLowerCase().replace('_', '-'));
        }
        return env;
    }
}

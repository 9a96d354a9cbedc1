package com.coeffection.sync.topics;

import java.util.List;
import java.util.Map;

/**
 * The pipeline's topics. Names are configurable (environment variable in brackets); these are the defaults.
 *
 * @param recordChanges  [TOPIC_RECORD_CHANGES] Coeffection record changes, key {@code tenantId:entityType:recordId}
 * @param itemEvents     [TOPIC_ITEM_EVENTS] monday webhook deliveries, key {@code tenantId:boardId:itemId}
 * @param boardMappings  [TOPIC_BOARD_MAPPINGS] compacted mapping config, key {@code tenantId:entityType}
 * @param links          [TOPIC_LINKS] compacted record to item links, key record key
 * @param mondayCommands [TOPIC_MONDAY_COMMANDS] writes for monday, key {@code tenantId:boardId}
 * @param mondayResults  [TOPIC_MONDAY_RESULTS] what the monday sink did, key record key
 * @param recordUpdates  [TOPIC_RECORD_UPDATES] monday to Coeffection field updates, key record key
 * @param historyEvents  [TOPIC_HISTORY_EVENTS] sync-history entries as they are decided, key entry id
 * @param history        [TOPIC_HISTORY] compacted sync history, key entry id
 * @param deadLetters    [TOPIC_DLQ] anything that could not be processed or delivered
 * @param control        [TOPIC_CONTROL] requests to the processor about one record (resend, observation, match
 *                       decision), key record key
 */
public record SyncTopics(String recordChanges, String itemEvents, String boardMappings, String links,
                         String mondayCommands, String mondayResults, String recordUpdates, String historyEvents,
                         String history, String deadLetters, String control) {

    /** A topic and whether it is compacted (latest value per key kept forever). */
    public record Spec(String name, boolean compacted) {
    }

    public static SyncTopics defaults() {
        return new SyncTopics("coeffection.record-changes", "monday.item-events", "sync.board-mappings", "sync.links",
                "sync.monday-commands", "sync.monday-results", "coeffection.record-updates", "sync.history-events",
                "sync.history", "sync.dlq", "sync.control");
    }

    /** Defaults overridden by the {@code TOPIC_*} variables present in {@code env}. */
    public static SyncTopics from(Map<String, String> env) {
        SyncTopics d = defaults();
        return new SyncTopics(
                env.getOrDefault("TOPIC_RECORD_CHANGES", d.recordChanges),
                env.getOrDefault("TOPIC_ITEM_EVENTS", d.itemEvents),
                env.getOrDefault("TOPIC_BOARD_MAPPINGS", d.boardMappings),
                env.getOrDefault("TOPIC_LINKS", d.links),
                env.getOrDefault("TOPIC_MONDAY_COMMANDS", d.mondayCommands),
                env.getOrDefault("TOPIC_MONDAY_RESULTS", d.mondayResults),
                env.getOrDefault("TOPIC_RECORD_UPDATES", d.recordUpdates),
                env.getOrDefault("TOPIC_HISTORY_EVENTS", d.historyEvents),
                env.getOrDefault("TOPIC_HISTORY", d.history),
                env.getOrDefault("TOPIC_DLQ", d.deadLetters),
                env.getOrDefault("TOPIC_CONTROL", d.control));
    }

    /** Every topic, with its cleanup policy. */
    public List<Spec> all() {
        return List.of(new Spec(recordChanges, false), new Spec(itemEvents, false), new Spec(boardMappings, true),
                new Spec(links, true), new Spec(mondayCommands, false), new Spec(mondayResults, false),
                new Spec(recordUpdates, false), new Spec(historyEvents, false), new Spec(history, true),
                new Spec(deadLetters, false), new Spec(control, false));
    }
}

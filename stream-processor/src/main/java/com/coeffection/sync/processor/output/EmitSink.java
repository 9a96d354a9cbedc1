package com.coeffection.sync.processor.output;

import com.coeffection.sync.processor.SyncSerdes;
import com.coeffection.sync.processor.retry.OutageRetry;
import com.coeffection.sync.processor.retry.OutageRetryingSerde;
import com.coeffection.sync.processor.routing.Emit;
import com.coeffection.sync.topics.SyncTopics;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.RecordContext;
import org.apache.kafka.streams.processor.TopicNameExtractor;

/**
 * The one sink of every output: its topic follows from the kind of output (commands, record updates, history
 * entries, links, dead letters) and each kind is written with its topic's Avro serializer, which waits out a registry
 * outage ({@link OutageRetry}). One sink node instead of a branch per kind: every output passes one node, not three.
 */
public final class EmitSink implements TopicNameExtractor<String, Emit>, Serializer<Emit>, Serde<Emit> {
    private final SyncTopics topics;
    private final Serializer<com.coeffection.sync.schema.MondayCommand> commands;
    private final Serializer<com.coeffection.sync.schema.RecordUpdate> updates;
    private final Serializer<com.coeffection.sync.schema.SyncHistoryEntry> history;
    private final Serializer<com.coeffection.sync.schema.Link> links;
    private final Serializer<com.coeffection.sync.schema.DeadLetter> deadLetters;

    public EmitSink(SyncTopics topics, SyncSerdes serdes, OutageRetry retry) {
        this.topics = topics;
        this.commands = new OutageRetryingSerde<>(serdes.command(), retry).serializer();
        this.updates = new OutageRetryingSerde<>(serdes.recordUpdate(), retry).serializer();
        this.history = new OutageRetryingSerde<>(serdes.history(), retry).serializer();
        this.links = new OutageRetryingSerde<>(serdes.link(), retry).serializer();
        this.deadLetters = new OutageRetryingSerde<>(serdes.deadLetter(), retry).serializer();
    }

    @Override
    public String extract(String key, Emit value, RecordContext context) {
        if (value instanceof Emit.Command) {
            return topics.mondayCommands();
        } else if (value instanceof Emit.Update) {
            return topics.recordUpdates();
        } else if (value instanceof Emit.History) {
            return topics.historyEvents();
        } else if (value instanceof Emit.NewLink) {
            return topics.links();
        }
        return topics.deadLetters();
    }

    @Override
    public byte[] serialize(String topic, Emit value) {
        if (value instanceof Emit.Command command) {
            return commands.serialize(topic, command.command());
        } else if (value instanceof Emit.Update update) {
            return updates.serialize(topic, update.update());
        } else if (value instanceof Emit.History entry) {
            return history.serialize(topic, entry.entry());
        } else if (value instanceof Emit.NewLink link) {
            return links.serialize(topic, link.link());
        } else if (value instanceof Emit.DeadLettered letter) {
            return deadLetters.serialize(topic, letter.letter());
        }
        throw new IllegalArgumentException("not an output: " + value);
    }

    @Override
    public Serializer<Emit> serializer() {
        return this;
    }

    /** Outputs are only written here, never read back. */
    @Override
    public Deserializer<Emit> deserializer() {
        return (topic, bytes) -> {
            throw new UnsupportedOperationException("outputs are not read back as Emit");
        };
    }

    @Override
    public void configure(java.util.Map<String, ?> configs, boolean isKey) {
        // the topic serializers are configured already
    }

    @Override
    public void close() {
        // the topic serializers hold nothing to release
    }
}

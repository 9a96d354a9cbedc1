package com.coeffection.sync.history;

import com.coeffection.sync.schema.DeadLetter;
import com.coeffection.sync.schema.MondayCommandResult;
import com.coeffection.sync.schema.SyncControl;
import com.coeffection.sync.schema.SyncHistoryEntry;
import com.coeffection.sync.serde.AvroSerde;
import com.coeffection.sync.serde.SchemaRegistryClient;

/** The Avro serdes history-sink reads and writes, sharing one schema registry client (Confluent wire format). */
public record HistorySerdes(SchemaRegistryClient registry,
                            AvroSerde<SyncHistoryEntry> entry,
                            AvroSerde<MondayCommandResult> result,
                            AvroSerde<DeadLetter> deadLetter,
                            AvroSerde<SyncControl> control) {

    public static HistorySerdes forRegistry(String registryUrl) {
        return forRegistry(new SchemaRegistryClient(registryUrl));
    }

    public static HistorySerdes forRegistry(SchemaRegistryClient registry) {
        return new HistorySerdes(registry,
                new AvroSerde<>(registry, SyncHistoryEntry.class),
                new AvroSerde<>(registry, MondayCommandResult.class),
                new AvroSerde<>(registry, DeadLetter.class),
                new AvroSerde<>(registry, SyncControl.class));
    }
}

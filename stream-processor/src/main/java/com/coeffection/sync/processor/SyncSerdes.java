package com.coeffection.sync.processor;

import com.coeffection.sync.serde.AvroSerde;
import com.coeffection.sync.serde.SchemaRegistryClient;
import com.coeffection.sync.schema.BoardMapping;
import com.coeffection.sync.schema.DeadLetter;
import com.coeffection.sync.schema.Link;
import com.coeffection.sync.schema.MondayCommand;
import com.coeffection.sync.schema.MondayCommandResult;
import com.coeffection.sync.schema.MondayItemEvent;
import com.coeffection.sync.schema.RecordChange;
import com.coeffection.sync.schema.RecordUpdate;
import com.coeffection.sync.schema.SyncControl;
import com.coeffection.sync.schema.SyncHistoryEntry;

/**
 * The Avro serdes of every topic the processor reads or writes, all sharing one schema registry client (Confluent wire
 * format). Inputs are consumed as bytes and decoded with these inside the topology, so bad bytes are dead-lettered.
 */
public record SyncSerdes(SchemaRegistryClient registry,
                         AvroSerde<RecordChange> recordChange,
                         AvroSerde<MondayItemEvent> itemEvent,
                         AvroSerde<BoardMapping> boardMapping,
                         AvroSerde<Link> link,
                         AvroSerde<MondayCommand> command,
                         AvroSerde<MondayCommandResult> commandResult,
                         AvroSerde<RecordUpdate> recordUpdate,
                         AvroSerde<SyncHistoryEntry> history,
                         AvroSerde<DeadLetter> deadLetter,
                         AvroSerde<SyncControl> control) {

    /** Serdes against the registry at this URL (Confluent Schema Registry API). */
    public static SyncSerdes forRegistry(String registryUrl) {
        return forRegistry(new SchemaRegistryClient(registryUrl));
    }

    public static SyncSerdes forRegistry(SchemaRegistryClient registry) {
        return new SyncSerdes(registry,
                new AvroSerde<>(registry, RecordChange.class),
                new AvroSerde<>(registry, MondayItemEvent.class),
                new AvroSerde<>(registry, BoardMapping.class),
                new AvroSerde<>(registry, Link.class),
                new AvroSerde<>(registry, MondayCommand.class),
                new AvroSerde<>(registry, MondayCommandResult.class),
                new AvroSerde<>(registry, RecordUpdate.class),
                new AvroSerde<>(registry, SyncHistoryEntry.class),
                new AvroSerde<>(registry, DeadLetter.class),
                new AvroSerde<>(registry, SyncControl.class));
    }
}

package com.coeffection.sync.topics;

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
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

import java.util.List;

/** The value type of every topic in the contract. */
public final class ContractSchemas {
    private ContractSchemas() {
    }

    public static final List<Class<? extends SpecificRecord>> TOPIC_VALUES = List.of(
            RecordChange.class, MondayItemEvent.class, BoardMapping.class, Link.class, MondayCommand.class,
            MondayCommandResult.class, RecordUpdate.class, SyncHistoryEntry.class, DeadLetter.class, SyncControl.class);

    public static Schema schemaOf(Class<? extends SpecificRecord> type) {
        return SpecificData.getForClass(type).getSchema(type);
    }
}

package com.coeffection.sync.processor.routing;

import com.coeffection.sync.schema.DeadLetter;
import com.coeffection.sync.schema.Link;
import com.coeffection.sync.schema.MondayCommand;
import com.coeffection.sync.schema.RecordUpdate;
import com.coeffection.sync.schema.SyncHistoryEntry;

/** Everything the topology writes: one closed set, split onto the output topics at the end of the topology. */
public sealed interface Emit {

    /** A write for monday, keyed {@code tenantId:boardId}. */
    record Command(MondayCommand command) implements Emit {
    }

    /** Field values for Coeffection to apply, keyed by record key. */
    record Update(RecordUpdate update) implements Emit {
    }

    /** One sync-history entry, keyed by entry id. */
    record History(SyncHistoryEntry entry) implements Emit {
    }

    /** Bad input kept with its reason (the reason is in the record headers as well), keyed by the original key. */
    record DeadLettered(DeadLetter letter) implements Emit {
    }

    /** A new record-item link (an item the sink created), keyed by record key. */
    record NewLink(Link link) implements Emit {
    }

    /** A message for the board matcher (match package), encoded, keyed {@code tenantId:boardId}. */
    record ToMatcher(byte[] message) implements Emit {
    }
}

package com.coeffection.sync.monday.sink.coalesce;

import com.coeffection.sync.schema.MondayCommand;
import com.coeffection.sync.topics.RecordKeys;

import java.time.Instant;
import java.util.List;

/**
 * A command read from the commands topic, with its column values already encoded for monday, waiting to be
 * delivered.
 *
 * @param command    the command as the processor wrote it
 * @param columns    its column writes with monday's JSON for each, in the command's order
 * @param source     where it was read (for the offset commit and the dead-letter topic)
 * @param receivedAt when the sink read it (the coalescing window starts here)
 * @param refused    column writes the sink's codec refused before sending (left out; reported with the result)
 */
public record PendingCommand(MondayCommand command, List<EncodedColumn> columns, CommandSource source, Instant receivedAt,
                             List<RefusedColumn> refused) {
    public PendingCommand {
        columns = List.copyOf(columns);
        refused = List.copyOf(refused);
    }

    public PendingCommand(MondayCommand command, List<EncodedColumn> columns, CommandSource source, Instant receivedAt) {
        this(command, columns, source, receivedAt, List.of());
    }

    /** {@code tenantId:entityType:recordId}, the key of the results topic and of the item's lane. */
    public String recordKey() {
        return RecordKeys.recordKey(command.getTenantId(), command.getEntityType(), command.getRecordId());
    }

    public String tenantId() {
        return command.getTenantId();
    }

    public long boardId() {
        return command.getBoardId();
    }

    /** When the newest edit of this command was made at the source; latency is measured from it. */
    public Instant sourceChangedAt() {
        return command.getSourceChangedAt();
    }
}

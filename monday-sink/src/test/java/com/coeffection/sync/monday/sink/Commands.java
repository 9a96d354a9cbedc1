package com.coeffection.sync.monday.sink;

import com.coeffection.sync.monday.columns.ColumnCodecs;
import com.coeffection.sync.monday.columns.ColumnType;
import com.coeffection.sync.monday.sink.coalesce.CommandSource;
import com.coeffection.sync.monday.sink.coalesce.EncodedColumn;
import com.coeffection.sync.monday.sink.coalesce.PendingCommand;
import com.coeffection.sync.schema.ColumnWrite;
import com.coeffection.sync.schema.FieldValue;
import com.coeffection.sync.schema.MondayAction;
import com.coeffection.sync.schema.MondayCommand;
import com.coeffection.sync.values.FieldValues;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/** Builds monday commands for tests. */
public final class Commands {
    private static final AtomicLong OFFSETS = new AtomicLong();

    private Commands() {
    }

    public static ColumnWrite text(String columnId, String value) {
        return new ColumnWrite(columnId, "text", columnId, value == null ? null : FieldValues.text(value));
    }

    public static ColumnWrite number(String columnId, String value) {
        return new ColumnWrite(columnId, "numbers", columnId, FieldValues.number(value));
    }

    public static ColumnWrite status(String columnId, String label) {
        return new ColumnWrite(columnId, "status", columnId, FieldValues.status(label));
    }

    public static MondayCommand command(String tenant, long board, String recordId, Long itemId, MondayAction action,
                                        String itemName, String groupId, List<ColumnWrite> columns, Instant changedAt) {
        return MondayCommand.newBuilder()
                .setCommandId(UUID.randomUUID().toString())
                .setTenantId(tenant).setEntityType("Contact").setRecordId(recordId)
                .setBoardId(board).setItemId(itemId).setAction(action)
                .setItemName(itemName).setGroupId(groupId)
                .setColumns(new ArrayList<>(columns))
                .setSourceChangedAt(changedAt)
                .setHistoryEntryId("h-" + UUID.randomUUID())
                .setAttempt(0)
                .build();
    }

    public static MondayCommand update(String recordId, long itemId, ColumnWrite... columns) {
        return command("t1", 100L, recordId, itemId, MondayAction.UPDATE_COLUMNS, null, null, List.of(columns), Instant.now());
    }

    public static MondayCommand create(String recordId, String name, ColumnWrite... columns) {
        return command("t1", 100L, recordId, null, MondayAction.CREATE_ITEM, name, null, List.of(columns), Instant.now());
    }

    /** A pending command as the sink holds it, read at {@code receivedAt} from partition 0. */
    public static PendingCommand pending(MondayCommand command, Instant receivedAt) {
        List<EncodedColumn> encoded = new ArrayList<>();
        for (ColumnWrite w : command.getColumns()) {
            ColumnType type = ColumnType.fromMonday(w.getColumnType()).orElseThrow();
            FieldValue value = w.getValue();
            encoded.add(new EncodedColumn(w, ColumnCodecs.standard().toMonday(type, w.getColumnId(), value)));
        }
        return new PendingCommand(command, encoded,
                new CommandSource("commands", 0, OFFSETS.incrementAndGet(), new byte[0], new byte[0]), receivedAt);
    }
}

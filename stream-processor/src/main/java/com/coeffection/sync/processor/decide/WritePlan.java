package com.coeffection.sync.processor.decide;

import com.coeffection.sync.schema.ColumnWrite;
import com.coeffection.sync.schema.FieldChange;
import com.coeffection.sync.schema.MondayAction;

import java.util.List;

/**
 * What each side must receive after one input: the monday columns (and group) to write, with the action that writes
 * them, and the fields to send to Coeffection; or why monday writes wait.
 */
public record WritePlan(List<ColumnWrite> columns, String groupId, String groupField, List<FieldChange> toCoeffection,
                      MondayAction mondayAction, String itemName, String waitingReason) {
    public boolean isEmpty() {
        return columns.isEmpty() && groupId == null && toCoeffection.isEmpty() && mondayAction == null;
    }

    public boolean writesMonday(String field) {
        return columns.stream().anyMatch(c -> c.getField().equals(field));
    }

    public boolean writesCoeffection(String field) {
        return toCoeffection.stream().anyMatch(c -> c.getField().equals(field));
    }
}

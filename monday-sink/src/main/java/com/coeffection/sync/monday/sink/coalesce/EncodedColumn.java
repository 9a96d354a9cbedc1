package com.coeffection.sync.monday.sink.coalesce;

import com.coeffection.sync.schema.ColumnWrite;
import com.coeffection.sync.schema.FieldValue;
import com.coeffection.sync.schema.PeopleValue;
import com.coeffection.sync.schema.PersonValue;

/**
 * One column write of a command with the JSON text monday takes for it in {@code column_values}
 * ({@code "null"} clears the column). A people value naming someone only by email has no JSON yet
 * ({@link #needsPeople()}): the sink asks monday for the user ids of those emails just before sending.
 */
public record EncodedColumn(ColumnWrite write, String json) {
    public String columnId() {
        return write.getColumnId();
    }

    /** Whether the value still names people by email only and must be resolved to monday user ids. */
    public boolean needsPeople() {
        return json == null;
    }

    /** A people column write whose people are resolved later. */
    public static EncodedColumn unresolvedPeople(ColumnWrite write) {
        return new EncodedColumn(write, null);
    }

    /** Whether a value names at least one person (not a team) by email only, without a monday user id. */
    public static boolean namesPeopleByEmail(FieldValue value) {
        if (value == null) {
            return false;
        }
        if (value.getValue() instanceof PersonValue p) {
            return byEmail(p);
        }
        if (value.getValue() instanceof PeopleValue people) {
            return people.getPeople().stream().anyMatch(EncodedColumn::byEmail);
        }
        return false;
    }

    private static boolean byEmail(PersonValue p) {
        return p.getMondayUserId() == null && p.getEmail() != null;
    }
}

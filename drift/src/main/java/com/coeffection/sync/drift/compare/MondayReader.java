package com.coeffection.sync.drift.compare;

import com.coeffection.sync.monday.columns.ColumnCodecs;
import com.coeffection.sync.monday.columns.ColumnType;
import com.coeffection.sync.monday.graphql.Model;
import com.coeffection.sync.schema.BoardMapping;
import com.coeffection.sync.schema.DateTimeValue;
import com.coeffection.sync.schema.DateValue;
import com.coeffection.sync.schema.FieldMapping;
import com.coeffection.sync.schema.FieldValue;
import com.coeffection.sync.schema.PeopleValue;
import com.coeffection.sync.schema.PersonValue;
import com.coeffection.sync.values.FieldValues;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads what a monday item shows for each compared field of its board mapping: the item name for the name field,
 * each mapped column decoded by the shared column codecs (monday's documented JSON to a typed value), the stage as
 * the status column's label. A value's time is the column's own {@code changed_at} when monday's value carries one
 * (long text, status, dropdown, people, link, email, phone, checkbox, date); text and number columns and the item
 * name carry none, so their time is the read time.
 */
public final class MondayReader {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BoardMapping mapping;
    private final ColumnCodecs codecs;
    private final Map<Long, String> emails;

    /** A reader that knows no monday user: every person column is reported unreadable. */
    public MondayReader(BoardMapping mapping, ColumnCodecs codecs) {
        this(mapping, codecs, Map.of());
    }

    /**
     * @param emails the email of each monday user id the board's people columns name (what monday's
     *               {@code users(ids:)} answered; see {@link #peopleIds})
     */
    public MondayReader(BoardMapping mapping, ColumnCodecs codecs, Map<Long, String> emails) {
        this.mapping = mapping;
        this.codecs = codecs;
        this.emails = Map.copyOf(emails);
    }

    /** The monday user ids that the compared people columns of these items name (teams left out). */
    public static Set<Long> peopleIds(BoardMapping mapping, ColumnCodecs codecs, Collection<Model.ItemSnapshot> items) {
        Set<Long> ids = new TreeSet<>();
        for (FieldMapping field : CompareScope.personFields(mapping)) {
            for (Model.ItemSnapshot item : items) {
                Model.ColumnValueSnapshot column = item.columnValues().get(field.getColumnId());
                if (column == null) {
                    continue;
                }
                try {
                    people(codecs.fromMonday(ColumnType.PEOPLE, column.id(), column.value(), column.text())).stream()
                            .filter(p -> !p.getTeam() && p.getMondayUserId() != null)
                            .forEach(p -> ids.add(p.getMondayUserId()));
                } catch (RuntimeException e) {
                    // not a people value: the read reports it as unreadable
                }
            }
        }
        return ids;
    }

    /** What {@code item} shows, read at {@code readAt}. */
    public SideReading read(Model.ItemSnapshot item, Instant readAt) {
        Map<String, Seen> fields = new LinkedHashMap<>();
        Map<String, String> unreadable = new LinkedHashMap<>();
        for (FieldMapping field : CompareScope.comparedFields(mapping)) {
            if (CompareScope.isNameColumn(field)) {
                fields.put(field.getField(), new Seen(item.name() == null ? null : FieldValues.text(item.name()), readAt, false));
                continue;
            }
            Optional<ColumnType> type = ColumnType.fromMonday(field.getColumnType());
            if (type.isEmpty()) {
                unreadable.put(field.getField(), "column " + field.getColumnId() + " has type " + field.getColumnType()
                        + " which the sync does not read");
                continue;
            }
            Optional<Seen> seen = read(item.columnValues().get(field.getColumnId()), type.get(), field.getFieldType(), readAt);
            if (seen.isEmpty()) {
                unreadable.put(field.getField(), "column " + field.getColumnId() + " holds a value that is not a "
                        + field.getColumnType() + " value as monday documents it");
                continue;
            }
            if (CompareScope.isPerson(field)) {
                List<Long> unknown = new ArrayList<>();
                Seen named = withEmails(seen.get(), unknown);
                if (!unknown.isEmpty()) {
                    unreadable.put(field.getField(), "column " + field.getColumnId() + " names monday user(s) " + unknown
                            + " whose email monday's users query did not give (a deactivated user, or a team)");
                    continue;
                }
                seen = Optional.of(named);
            }
            fields.put(field.getField(), seen.get());
        }
        if (CompareScope.comparesStage(mapping)) {
            read(item.columnValues().get(mapping.getStatusColumnId()), ColumnType.STATUS, "stage", readAt)
                    .ifPresentOrElse(seen -> fields.put(mapping.getStageField(), seen),
                            () -> unreadable.put(mapping.getStageField(), "status column " + mapping.getStatusColumnId()
                                    + " holds a value that is not a status value"));
        }
        return new SideReading(fields, unreadable);
    }

    private Optional<Seen> read(Model.ColumnValueSnapshot column, ColumnType type, String fieldType, Instant readAt) {
        if (column == null) {
            return Optional.of(new Seen(null, readAt, false));
        }
        FieldValue value;
        try {
            value = fitTo(fieldType, codecs.fromMonday(type, column.id(), column.value(), column.text()));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        Instant changedAt = changedAt(column.value());
        return Optional.of(changedAt == null ? new Seen(value, readAt, false) : new Seen(value, changedAt, true));
    }

    /** The people of a person value with the email monday gave for each id; ids it did not give go to {@code unknown}. */
    private Seen withEmails(Seen seen, List<Long> unknown) {
        List<PersonValue> people = people(seen.value());
        if (people.isEmpty()) {
            return seen;
        }
        List<PersonValue> named = new ArrayList<>();
        for (PersonValue p : people) {
            String email = p.getEmail() != null ? p.getEmail() : p.getMondayUserId() == null ? null : emails.get(p.getMondayUserId());
            if (email == null) {
                unknown.add(p.getMondayUserId());
            }
            named.add(new PersonValue(email, p.getName(), p.getMondayUserId(), p.getTeam()));
        }
        FieldValue value = named.size() == 1 ? new FieldValue(named.get(0)) : new FieldValue(new PeopleValue(named));
        return new Seen(value, seen.at(), seen.changeTime());
    }

    private static List<PersonValue> people(FieldValue value) {
        if (value == null) {
            return List.of();
        }
        if (value.getValue() instanceof PersonValue p) {
            return List.of(p);
        }
        if (value.getValue() instanceof PeopleValue people) {
            return people.getPeople();
        }
        return List.of();
    }

    /** A date column read for a date-time field (or the reverse) gives the field's own kind, in UTC. */
    private static FieldValue fitTo(String fieldType, FieldValue value) {
        if (value == null) {
            return null;
        }
        if ("date".equals(fieldType) && value.getValue() instanceof DateTimeValue dt) {
            return FieldValues.date(dt.getInstant().atZone(ZoneOffset.UTC).toLocalDate());
        }
        if ("datetime".equals(fieldType) && value.getValue() instanceof DateValue d) {
            return FieldValues.dateTime(d.getDate().atStartOfDay(ZoneOffset.UTC).toInstant());
        }
        return value;
    }

    /** monday's {@code changed_at} inside a column value, when there is one. */
    static Instant changedAt(String valueJson) {
        if (valueJson == null || valueJson.isBlank()) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(valueJson);
            JsonNode at = node == null ? null : node.get("changed_at");
            return at == null || !at.isTextual() ? null : Instant.parse(at.asText());
        } catch (IOException | DateTimeParseException e) {
            return null;
        }
    }
}

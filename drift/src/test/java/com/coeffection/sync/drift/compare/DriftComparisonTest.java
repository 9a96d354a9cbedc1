package com.coeffection.sync.drift.compare;

import com.coeffection.sync.monday.columns.ColumnCodecs;
import com.coeffection.sync.monday.graphql.Model;
import com.coeffection.sync.schema.BoardMapping;
import com.coeffection.sync.schema.ControlKind;
import com.coeffection.sync.schema.FieldChange;
import com.coeffection.sync.schema.FieldMapping;
import com.coeffection.sync.schema.PersonValue;
import com.coeffection.sync.schema.StageMapping;
import com.coeffection.sync.schema.SyncControl;
import com.coeffection.sync.schema.SyncDirection;
import com.coeffection.sync.values.FieldValues;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The comparison of a record with its item, and the observations it turns into: pure, no infrastructure. */
class DriftComparisonTest {
    static final Instant UPDATED = Instant.parse("2026-12-01T10:00:00Z");
    static final Instant READ = Instant.parse("2026-12-02T06:00:00Z");
    static final ObjectMapper JSON = new ObjectMapper();

    final BoardMapping mapping = mapping();
    final CoeffectionReader records = new CoeffectionReader(mapping);
    final MondayReader items = new MondayReader(mapping, ColumnCodecs.standard());
    final DriftComparer comparer = new DriftComparer(mapping);

    @Test
    @DisplayName("Given a record and its item that differ only in form (email case, status index, phone spacing, number scale, blanks), when compared, then they are in sync")
    void differencesOfFormAreNotDrift() {
        ObjectNode record = record("Ana Lima", "Ana.Lima@Example.com", "+1 415 555 0101", "CTO ", "12.50", "Qualified");
        Model.ItemSnapshot item = item("Ana Lima", email("ana.lima@example.com", "2026-11-30T09:00:00Z"),
                phone("+14155550101", "2026-11-30T09:00:00Z"), "\"CTO\"", "\"12.5\"", status("Working on it"));

        DriftComparer.Comparison comparison = comparer.compare(records.read(record), items.read(item, READ));

        assertThat(comparison.inSync()).isTrue();
        assertThat(comparison.unreadable()).isEmpty();
    }

    @Test
    @DisplayName("Given a title and an email that differ, when compared, then exactly those fields drift, each side with its own time (monday's changed_at, the record's updatedAt, else the read time)")
    void differingFieldsDriftWithEachSidesTime() {
        ObjectNode record = record("Ana Lima", "ana@old.example", "+1 415 555 0101", "CTO", "12.50", "Qualified");
        Model.ItemSnapshot item = item("Ana Lima", email("ana@new.example", "2026-12-01T11:00:00Z"),
                phone("+14155550101", "2026-11-30T09:00:00Z"), "\"VP Sales\"", "\"12.5\"", status("Qualified"));

        DriftComparer.Comparison comparison = comparer.compare(records.read(record), items.read(item, READ));

        assertThat(comparison.drifts()).extracting(FieldDrift::field).containsExactlyInAnyOrder("email", "title");
        FieldDrift email = drift(comparison, "email");
        assertThat(email.coeffection()).isEqualTo(new Seen(FieldValues.email("ana@old.example"), UPDATED, true));
        assertThat(email.monday()).isEqualTo(new Seen(mondayEmail("ana@new.example"),
                Instant.parse("2026-12-01T11:00:00Z"), true));
        FieldDrift title = drift(comparison, "title");
        assertThat(title.monday()).isEqualTo(new Seen(FieldValues.text("VP Sales"), READ, false));
    }

    @Test
    @DisplayName("Given a stage shown by one of its own labels on monday, it is in sync; given another stage's label, the stage drifts")
    void stageComparedByItsLabels() {
        ObjectNode record = record("Ana Lima", "ana@example.com", null, null, null, "Qualified");

        assertThat(comparer.compare(records.read(record),
                items.read(item("Ana Lima", null, null, null, null, status("Working on it")), READ)).drifts())
                .extracting(FieldDrift::field).doesNotContain("status");
        assertThat(comparer.compare(records.read(record),
                items.read(item("Ana Lima", null, null, null, null, status("Done")), READ)).drifts())
                .extracting(FieldDrift::field).contains("status");
    }

    @Test
    @DisplayName("Given an empty column and a record without the field, they agree; given a value on one side only, the field drifts to or from empty")
    void emptyAgainstValue() {
        ObjectNode record = record("Ana Lima", "ana@example.com", null, null, null, "Qualified");
        Model.ItemSnapshot item = item("Ana Lima", email("ana@example.com", "2026-11-30T09:00:00Z"), null,
                "\"Founder\"", null, status("Qualified"));

        DriftComparer.Comparison comparison = comparer.compare(records.read(record), items.read(item, READ));

        assertThat(comparison.drifts()).singleElement().satisfies(d -> {
            assertThat(d.field()).isEqualTo("title");
            assertThat(d.coeffection().value()).isNull();
            assertThat(d.monday().value()).isEqualTo(FieldValues.text("Founder"));
        });
    }

    @Test
    @DisplayName("Given a value that does not fit its mapped type, it is reported as unreadable and not compared, and the other fields still are")
    void unreadableValueIsReportedNotCompared() {
        ObjectNode record = record("Ana Lima", "ana@example.com", null, "CTO", null, "Qualified");
        record.putObject("amount").put("not", "a number");
        Model.ItemSnapshot item = item("Ana Lima", email("ana@example.com", "2026-11-30T09:00:00Z"), null,
                "\"CEO\"", "\"5\"", status("Qualified"));

        DriftComparer.Comparison comparison = comparer.compare(records.read(record), items.read(item, READ));

        assertThat(comparison.unreadable()).containsOnlyKeys("amount");
        assertThat(comparison.unreadable().get("amount")).startsWith("Coeffection:");
        assertThat(comparison.drifts()).extracting(FieldDrift::field).containsExactly("title");
    }

    @Test
    @DisplayName("Given drifted fields, the observations are one OBSERVED_MONDAY then one OBSERVED_COEFFECTION, ids from the run and record, each value at its side's time")
    void observationsCarryEachSidesValueAndTime() {
        ObjectNode record = record("Ana Lima", "ana@old.example", null, "CTO", null, "Qualified");
        Model.ItemSnapshot item = item("Ana Lima", email("ana@new.example", "2026-12-01T11:00:00Z"), null, "\"CTO\"",
                null, status("Qualified"));
        List<FieldDrift> drifts = comparer.compare(records.read(record), items.read(item, READ)).drifts();

        List<SyncControl> requests = Observations.of("Contact-7-1", "acme", "Contact", "c-1", 7L, 70L, drifts, READ);

        assertThat(requests).extracting(SyncControl::getKind)
                .containsExactly(ControlKind.OBSERVED_MONDAY, ControlKind.OBSERVED_COEFFECTION);
        assertThat(requests).extracting(SyncControl::getRequestId)
                .containsExactly("drift:Contact-7-1:c-1:monday", "drift:Contact-7-1:c-1:coeffection");
        assertThat(requests.get(0).getObserved()).containsExactly(new FieldChange("email",
                mondayEmail("ana@new.example"), Instant.parse("2026-12-01T11:00:00Z")));
        assertThat(requests.get(1).getObserved()).containsExactly(new FieldChange("email",
                FieldValues.email("ana@old.example"), UPDATED));
        assertThat(requests).allSatisfy(r -> {
            assertThat(r.getItemId()).isEqualTo(70L);
            assertThat(r.getObservedAt()).isEqualTo(READ);
            assertThat(r.getRequestedBy()).isEqualTo(Observations.DRIFT);
        });
        assertThat(Observations.of("r", "acme", "Contact", "c-1", 7L, 70L, List.of(), READ)).isEmpty();
    }

    @Test
    @DisplayName("Do-not-sync fields are never compared; people fields are, by email")
    void lockedFieldsAreLeftOutPeopleAreCompared() {
        assertThat(CompareScope.comparedFields(mapping)).extracting(FieldMapping::getField)
                .containsExactly("fullName", "email", "phone", "title", "amount", "owner");
        assertThat(CompareScope.personFields(mapping)).extracting(FieldMapping::getField).containsExactly("owner");
    }

    @Test
    @DisplayName("Given a monday person whose email (from monday's users query) is the record owner's in another case, they are in sync; given another person, the owner drifts at the column's changed_at")
    void peopleComparedByTheirEmail() {
        MondayReader named = new MondayReader(mapping, ColumnCodecs.standard(),
                Map.of(60_000_002L, "ana@customer.example", 60_000_003L, "ben@customer.example"));
        ObjectNode record = record("Ana Lima", "ana@example.com", null, "CTO", null, "Qualified");
        record.putObject("owner").put("email", "Ana@Customer.example").put("name", "Ana Admin");

        Model.ItemSnapshot same = withOwner(item("Ana Lima", email("ana@example.com", "2026-11-30T09:00:00Z"), null,
                "\"CTO\"", null, status("Qualified")), 60_000_002L);
        assertThat(comparer.compare(records.read(record), named.read(same, READ)).inSync()).isTrue();
        assertThat(MondayReader.peopleIds(mapping, ColumnCodecs.standard(), List.of(same))).containsExactly(60_000_002L);

        Model.ItemSnapshot other = withOwner(item("Ana Lima", email("ana@example.com", "2026-11-30T09:00:00Z"), null,
                "\"CTO\"", null, status("Qualified")), 60_000_003L);
        DriftComparer.Comparison comparison = comparer.compare(records.read(record), named.read(other, READ));
        assertThat(comparison.drifts()).singleElement().satisfies(d -> {
            assertThat(d.field()).isEqualTo("owner");
            assertThat(d.monday()).isEqualTo(new Seen(new com.coeffection.sync.schema.FieldValue(
                    new PersonValue("ben@customer.example", null, 60_000_003L, false)), OWNER_CHANGED, true));
            assertThat(d.coeffection().value()).isEqualTo(new com.coeffection.sync.schema.FieldValue(
                    new PersonValue("Ana@Customer.example", "Ana Admin", null, false)));
        });
    }

    @Test
    @DisplayName("Given a monday person monday's users query did not name, the owner is unreadable, not drift; given a person on one side only, it is no drift (an empty side never clears the other)")
    void unknownPeopleAndOneSidedPeopleAreNotDrift() {
        MondayReader named = new MondayReader(mapping, ColumnCodecs.standard(), Map.of(60_000_002L, "ana@customer.example"));
        ObjectNode record = record("Ana Lima", "ana@example.com", null, "CTO", null, "Qualified");
        record.putObject("owner").put("email", "ana@customer.example");
        Model.ItemSnapshot unknown = withOwner(item("Ana Lima", email("ana@example.com", "2026-11-30T09:00:00Z"), null,
                "\"CTO\"", null, status("Qualified")), 60_000_009L);

        DriftComparer.Comparison comparison = comparer.compare(records.read(record), named.read(unknown, READ));
        assertThat(comparison.inSync()).isTrue();
        assertThat(comparison.unreadable()).containsOnlyKeys("owner");
        assertThat(comparison.unreadable().get("owner")).startsWith("monday:").contains("60000009");

        Model.ItemSnapshot empty = item("Ana Lima", email("ana@example.com", "2026-11-30T09:00:00Z"), null,
                "\"CTO\"", null, status("Qualified"));
        assertThat(comparer.compare(records.read(record), named.read(empty, READ)).inSync()).isTrue();
        ObjectNode noOwner = record("Ana Lima", "ana@example.com", null, "CTO", null, "Qualified");
        Model.ItemSnapshot ana = withOwner(item("Ana Lima", email("ana@example.com", "2026-11-30T09:00:00Z"), null,
                "\"CTO\"", null, status("Qualified")), 60_000_002L);
        assertThat(comparer.compare(records.read(noOwner), named.read(ana, READ)).inSync()).isTrue();
    }

    // ------------------------------------------------------------------ fixtures

    static ObjectNode record(String name, String email, String phone, String title, String amount, String status) {
        ObjectNode r = JSON.createObjectNode().put("id", "c-1").put("fullName", name).put("updatedAt", UPDATED.toString());
        if (email != null) {
            r.put("email", email);
        }
        if (phone != null) {
            r.put("phone", phone);
        }
        if (title != null) {
            r.put("title", title);
        }
        if (amount != null) {
            r.put("amount", new java.math.BigDecimal(amount));
        }
        r.put("status", status);
        return r;
    }

    static Model.ItemSnapshot item(String name, String email, String phone, String title, String amount, String status) {
        Map<String, Model.ColumnValueSnapshot> values = new LinkedHashMap<>();
        put(values, "email", "email", email);
        put(values, "phone", "phone", phone);
        put(values, "job_title", "text", title);
        put(values, "amount", "numbers", amount);
        put(values, "contact_status", "status", status);
        return new Model.ItemSnapshot(70L, name, "topics", values);
    }

    static final Instant OWNER_CHANGED = Instant.parse("2026-12-01T12:00:00Z");

    /** The item with a people column naming one monday user, changed at {@link #OWNER_CHANGED}. */
    static Model.ItemSnapshot withOwner(Model.ItemSnapshot item, long userId) {
        Map<String, Model.ColumnValueSnapshot> values = new LinkedHashMap<>(item.columnValues());
        values.put("owner", new Model.ColumnValueSnapshot("owner", "people", "{\"personsAndTeams\":[{\"id\":" + userId
                + ",\"kind\":\"person\"}],\"changed_at\":\"" + OWNER_CHANGED + "\"}", null));
        return new Model.ItemSnapshot(item.id(), item.name(), item.groupId(), values);
    }

    private static void put(Map<String, Model.ColumnValueSnapshot> values, String id, String type, String json) {
        if (json != null) {
            String text = type.equals("status") ? json.replaceAll(".*\"label\":\"([^\"]*)\".*", "$1") : null;
            values.put(id, new Model.ColumnValueSnapshot(id, type, json, text));
        }
    }

    /** monday's email value as read: the address and its display text. */
    static com.coeffection.sync.schema.FieldValue mondayEmail(String address) {
        return new com.coeffection.sync.schema.FieldValue(new com.coeffection.sync.schema.EmailValue(address, address));
    }

    static String email(String address, String changedAt) {
        return "{\"email\":\"" + address + "\",\"text\":\"" + address + "\",\"changed_at\":\"" + changedAt + "\"}";
    }

    static String phone(String number, String changedAt) {
        return "{\"phone\":\"" + number + "\",\"countryShortName\":\"US\",\"changed_at\":\"" + changedAt + "\"}";
    }

    static String status(String label) {
        return "{\"index\":1,\"label\":\"" + label + "\",\"changed_at\":\"2026-11-30T09:00:00Z\"}";
    }

    static BoardMapping mapping() {
        List<FieldMapping> fields = List.of(field("fullName", "text", "name", "name", SyncDirection.TWO_WAY),
                field("email", "email", "email", "email", SyncDirection.TWO_WAY),
                field("phone", "phone", "phone", "phone", SyncDirection.TWO_WAY),
                field("title", "text", "job_title", "text", SyncDirection.TWO_WAY),
                field("amount", "number", "amount", "numbers", SyncDirection.COEFFECTION_TO_MONDAY),
                field("owner", "person", "owner", "people", SyncDirection.TWO_WAY),
                field("secret", "text", "secret", "text", SyncDirection.DO_NOT_SYNC));
        return BoardMapping.newBuilder().setTenantId("acme").setEntityType("Contact").setBoardId(7L)
                .setAutoCreate(false).setBoardName("Contacts").setWorkspaceId(null).setItemNameField("fullName")
                .setFields(fields).setStageField("status").setStatusColumnId("contact_status")
                .setStageDirection(SyncDirection.TWO_WAY)
                .setStages(List.of(new StageMapping("Qualified", null, List.of("Qualified", "Working on it"))))
                .setLabelDefaultStages(Map.of()).setMatchOnConnect(false).setArchiveOnDelete(false).setVersion(1L)
                .setUpdatedAt(UPDATED).build();
    }

    static FieldMapping field(String field, String type, String column, String columnType, SyncDirection direction) {
        return FieldMapping.newBuilder().setField(field).setFieldType(type).setColumnId(column).setColumnType(columnType)
                .setColumnTitle(null).setDirection(direction).build();
    }

    private static FieldDrift drift(DriftComparer.Comparison comparison, String field) {
        return comparison.drifts().stream().filter(d -> d.field().equals(field)).findFirst().orElseThrow();
    }
}

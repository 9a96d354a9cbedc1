package com.coeffection.sync.serde;

import com.coeffection.sync.schema.Actor;
import com.coeffection.sync.schema.ActorKind;
import com.coeffection.sync.schema.FieldChange;
import com.coeffection.sync.schema.PersonValue;
import com.coeffection.sync.schema.RecordChange;
import com.coeffection.sync.schema.RecordOperation;
import com.coeffection.sync.values.FieldValues;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** A record change that carries one field of every value kind the seeds name. */
final class Samples {
    static final Instant AT = Instant.parse("2024-04-15T14:02:00Z");

    private Samples() {
    }

    static RecordChange everyValueKind(String recordId) {
        return RecordChange.newBuilder()
                .setEventId("evt-" + recordId)
                .setTenantId("ten_01HX9ZK2TENANT")
                .setEntityType("Contact")
                .setRecordId(recordId)
                .setOperation(RecordOperation.UPDATE)
                .setActor(new Actor(ActorKind.USER, "usr_42", "Sarah Chen", "s.chen@globex.com"))
                .setOccurredAt(AT)
                .setFields(List.of(
                        field("firstName", FieldValues.text("Sarah")),
                        field("annualRevenue", FieldValues.number("12345678901234567890.125")),
                        field("birthday", FieldValues.date(LocalDate.of(1990, 2, 28))),
                        field("lastContactedAt", FieldValues.dateTime(Instant.parse("2024-04-15T09:30:15.123Z"))),
                        field("stage", FieldValues.status("Negotiation")),
                        field("owner", FieldValues.person("owner@globex.com", "Olga Owner", null)),
                        field("website", FieldValues.link("https://globex.com", "Globex")),
                        field("industries", FieldValues.options(List.of("Energy", "Retail"))),
                        field("email", FieldValues.email("s.chen@globex.com")),
                        field("phone", FieldValues.phone("+14155550100", "US")),
                        field("vip", FieldValues.bool(true)),
                        field("team", FieldValues.people(List.of(new PersonValue("a@globex.com", null, 7L, false)))),
                        new FieldChange("fax", null, AT)))
                .build();
    }

    private static FieldChange field(String name, com.coeffection.sync.schema.FieldValue value) {
        return new FieldChange(name, value, AT);
    }
}

package com.coeffection.sync.coeffection.standin;

import com.coeffection.sync.schema.BooleanValue;
import com.coeffection.sync.schema.DateTimeValue;
import com.coeffection.sync.schema.DateValue;
import com.coeffection.sync.schema.EmailValue;
import com.coeffection.sync.schema.FieldValue;
import com.coeffection.sync.schema.LinkValue;
import com.coeffection.sync.schema.NumberValue;
import com.coeffection.sync.schema.OptionsValue;
import com.coeffection.sync.schema.PeopleValue;
import com.coeffection.sync.schema.PersonValue;
import com.coeffection.sync.schema.PhoneValue;
import com.coeffection.sync.schema.StatusValue;
import com.coeffection.sync.schema.TextValue;
import com.coeffection.sync.values.FieldValues;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * How a Coeffection record holds a field value in its JSON: text, email and phone as strings, numbers as exact JSON
 * numbers, a date as {@code YYYY-MM-DD}, a date-time as an ISO-8601 instant, a stage or select as its label, a
 * multi-select as an array of labels, a checkbox as a boolean, a link as {@code {url, text}} (or just the URL), a
 * person as {@code {email, name}}; a cleared field is JSON null.
 */
public final class JsonValues {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private JsonValues() {
    }

    public static JsonNode toJson(FieldValue value) {
        if (value == null) {
            return JSON.nullNode();
        }
        Object v = value.getValue();
        if (v instanceof TextValue t) {
            return JSON.textNode(t.getText());
        } else if (v instanceof NumberValue n) {
            return JSON.numberNode(FieldValues.decimal(n));
        } else if (v instanceof DateValue d) {
            return JSON.textNode(d.getDate().toString());
        } else if (v instanceof DateTimeValue d) {
            return JSON.textNode(d.getInstant().toString());
        } else if (v instanceof StatusValue s) {
            return JSON.textNode(s.getLabel());
        } else if (v instanceof PersonValue p) {
            return person(p);
        } else if (v instanceof PeopleValue people) {
            ArrayNode array = JSON.arrayNode();
            people.getPeople().forEach(p -> array.add(person(p)));
            return array;
        } else if (v instanceof LinkValue l) {
            if (l.getText() == null || l.getText().isBlank()) {
                return JSON.textNode(l.getUrl());
            }
            ObjectNode link = JSON.objectNode();
            link.put("url", l.getUrl());
            link.put("text", l.getText());
            return link;
        } else if (v instanceof OptionsValue o) {
            ArrayNode array = JSON.arrayNode();
            o.getLabels().forEach(array::add);
            return array;
        } else if (v instanceof EmailValue e) {
            return JSON.textNode(e.getEmail());
        } else if (v instanceof PhoneValue p) {
            return JSON.textNode(p.getNumber());
        } else if (v instanceof BooleanValue b) {
            return JSON.booleanNode(b.getChecked());
        }
        throw new IllegalArgumentException("A field value of kind " + v.getClass().getSimpleName() + " has no JSON form");
    }

    private static JsonNode person(PersonValue p) {
        ObjectNode person = JSON.objectNode();
        if (p.getEmail() != null) {
            person.put("email", p.getEmail());
        }
        if (p.getName() != null) {
            person.put("name", p.getName());
        }
        if (p.getEmail() == null && p.getName() == null && p.getMondayUserId() != null) {
            person.put("mondayUserId", p.getMondayUserId());
        }
        return person;
    }
}

package com.coeffection.sync.processor.match;

import com.coeffection.sync.matching.ItemFacts;
import com.coeffection.sync.monday.graphql.Model;
import com.coeffection.sync.processor.mapping.MappedBoard;
import com.coeffection.sync.processor.mapping.MappingLoader;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading what matching compares from monday items, including column values that are not what monday documents. */
class ItemFactsReaderTest {
    static final MappedBoard BOARD = new MappedBoard(new MappingLoader(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC)).parse("""
            tenant: acme
            mappings:
              - entity: Contact
                board: { id: 7 }
                fields:
                  - { field: fullName, type: text,  column: { id: name,    type: name } }
                  - { field: email,    type: email, column: { id: email_1, type: email } }
                  - { field: phone,    type: phone, column: { id: phone_1, type: phone } }
            """, "t.yaml").mappings().get(0));
    final ItemFactsReader reader = new ItemFactsReader(BOARD);

    private static Model.ItemSnapshot item(String emailJson, String emailText, String phoneJson, String phoneText) {
        return new Model.ItemSnapshot(42, "Ada Lovelace", "topics", Map.of(
                "email_1", new Model.ColumnValueSnapshot("email_1", "email", emailJson, emailText),
                "phone_1", new Model.ColumnValueSnapshot("phone_1", "phone", phoneJson, phoneText)));
    }

    @Test
    @DisplayName("Given well-formed email and phone values, when the item is read, both are taken from monday's documents")
    void readsDocumentedValues() {
        ItemFactsReader.Read read = reader.read(item("{\"email\":\"ada@example.com\",\"text\":\"Ada\"}", "Ada",
                "{\"phone\":\"+442079460101\",\"countryShortName\":\"GB\"}", "+442079460101"));

        assertThat(read.facts()).isEqualTo(new ItemFacts(42, "Ada Lovelace", "topics", "ada@example.com", "+442079460101"));
        assertThat(read.malformed()).isEmpty();
    }

    @Test
    @DisplayName("Given a value that is not JSON and one of the wrong shape, when the item is read, the display text is used and both are reported")
    void malformedValuesAreReadFromTheirTextAndReported() {
        ItemFactsReader.Read read = reader.read(item("ada@example.com <not json", "ada@example.com",
                "{\"phone\":12345}", null));

        assertThat(read.facts().email()).isEqualTo("ada@example.com");
        assertThat(read.facts().phone()).isNull();
        assertThat(read.facts().name()).isEqualTo("Ada Lovelace");
        assertThat(read.malformed()).containsExactly("email_1", "phone_1");
    }

    @Test
    @DisplayName("Given cleared columns, when the item is read, nothing is malformed and the item is indexed by its name")
    void clearedColumnsAreBlank() {
        ItemFactsReader.Read read = reader.read(item(null, "", "{}", ""));

        assertThat(read.facts()).isEqualTo(new ItemFacts(42, "Ada Lovelace", "topics", null, null));
        assertThat(read.malformed()).isEmpty();
    }

    @Test
    @DisplayName("Given a known item, when its email column changes on monday, the new address replaces the old one")
    void changedEmailIsApplied() {
        ItemFacts known = new ItemFacts(42, "Ada Lovelace", "topics", "old@example.com", null);

        assertThat(reader.changed(known, "email_1", "{\"email\":\"new@example.com\",\"text\":\"new\"}").facts().email())
                .isEqualTo("new@example.com");
        assertThat(reader.changed(known, "text_9", "\"x\"").facts()).isEqualTo(known);
    }
}

package com.coeffection.sync.connections.mappings;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BoardSuggestionTest {
    private static MappingDocument.Field field(String name, String type) {
        return new MappingDocument.Field(name, type);
    }

    private static BoardSuggestion.Column column(String id, String title, String type) {
        return new BoardSuggestion.Column(id, title, type);
    }

    @Test
    void givenAFieldWhoseNamedColumnHasAnotherType_whenSuggested_thenItIsNotPairedWithIt() {
        var s = BoardSuggestion.suggest(List.of(field("amount", "number")), null,
                List.of(column("text1", "Amount", "text"), column("num1", "Deal amount", "numbers")));

        assertThat(s.pairs()).extracting(BoardSuggestion.Pair::columnId).containsExactly("num1");
        assertThat(s.unusedColumns()).containsExactly("text1");
    }

    @Test
    void givenTwoFieldsLikeOneColumn_whenSuggested_thenTheColumnIsUsedOnceAndTheEqualNameWins() {
        var s = BoardSuggestion.suggest(List.of(field("email", "email"), field("workEmail", "email")), null,
                List.of(column("e1", "Work email", "email")));

        assertThat(s.pairs()).extracting(p -> p.field() + "->" + p.columnId()).containsExactly("email->e1");
        assertThat(s.unmatchedFields()).containsExactly("workEmail");
    }

    @Test
    void givenAColumnOfTheRightTypeButAnUnlikeName_whenSuggested_thenTheFieldStaysUnmatched() {
        var s = BoardSuggestion.suggest(List.of(field("company", "text")), "stage",
                List.of(column("t1", "Notes", "text"), column("s1", "Priority", "status")));

        assertThat(s.pairs()).isEmpty();
        assertThat(s.unmatchedFields()).containsExactly("company");
        assertThat(s.statusColumn()).as("a status column not named like a stage").isNull();
    }

    @Test
    void givenADocument_whenAnEntityIsPutOnAnExistingBoard_thenOnlyThatEntityChanges() {
        MappingDocument doc = MappingDocument.parse("""
                tenant: demo
                mappings:
                  - entity: Contact
                    board: { create: true }
                    fields:
                      - { field: fullName, type: text, column: { id: name, type: name } }
                      - { field: notes, type: text, column: { id: notes, type: long_text }, direction: do-not-sync }
                  - entity: Lead
                    board: { create: true }
                """).forTenant("acme");

        String yaml = doc.withExistingBoard("Contact", 42, List.of(
                new BoardSuggestion.Pair("fullName", "text", "name", "Name", "name"),
                new BoardSuggestion.Pair("notes", "text", "n2", "Notes", "long_text")), null).toYaml();
        MappingDocument back = MappingDocument.parse(yaml);

        assertThat(yaml).contains("tenant: acme", "direction: do-not-sync");
        assertThat(back.entity("Contact").orElseThrow().board()).isEqualTo("42");
        assertThat(back.entity("Lead").orElseThrow().board()).isEqualTo("create");
        assertThat(MappingDocument.parse(doc.withCreatedBoard("Contact").toYaml()).entity("Contact").orElseThrow().board())
                .isEqualTo("create");
    }
}

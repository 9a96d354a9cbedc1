package com.coeffection.sync.processor.mapping;

import com.coeffection.sync.processor.mapping.MappingProblem.Severity;
import com.coeffection.sync.schema.BoardMapping;
import com.coeffection.sync.schema.SyncDirection;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Board mapping files are validated on load; every problem names the entity, the field and the column. */
class MappingLoaderTest {
    private final MappingLoader loader = new MappingLoader(Clock.fixed(Instant.parse("2026-11-20T08:00:00Z"), ZoneOffset.UTC));

    private static String entity(String fields) {
        return "tenant: acme\nmappings:\n  - entity: Contact\n    board: { id: 1 }\n    fields:\n" + fields;
    }

    @ParameterizedTest
    @ValueSource(strings = {"contact.yaml", "lead.yaml", "opportunity.yaml", "custom-entity.yaml"})
    @DisplayName("Every example in docs/examples is a valid mapping")
    void documentedExamplesAreValid(String file) {
        MappingLoader.Loaded loaded = loader.load(Path.of("..", "docs", "examples", file));

        assertThat(loaded.mappings()).isNotEmpty();
        assertThat(loaded.warnings()).allMatch(w -> w.severity() == Severity.WARNING);
    }

    @Test
    @DisplayName("A valid file becomes one BoardMapping per entity type, with directions and stages")
    void validFileBecomesBoardMappings() {
        MappingLoader.Loaded loaded = loader.parse(entity("""
                      - { field: fullName, type: text, column: { id: name, type: name } }
                      - { field: notes, type: text, column: { id: text_notes, type: text }, direction: do-not-sync }
                    stages:
                      field: stage
                      statusColumn: status
                      map:
                        - { stage: Open, labels: [New, Fresh] }
                        - { stage: Won, labels: [Done] }
                        - { stage: Closed, labels: [Done] }
                      collapsedDefaults: { Done: Closed }
                """), "test");

        BoardMapping mapping = loaded.mappings().get(0);
        assertThat(mapping.getTenantId()).isEqualTo("acme");
        assertThat(mapping.getBoardId()).isEqualTo(1L);
        assertThat(mapping.getItemNameField()).isEqualTo("fullName");
        assertThat(mapping.getFields()).extracting(f -> f.getDirection())
                .containsExactly(SyncDirection.TWO_WAY, SyncDirection.DO_NOT_SYNC);
        assertThat(mapping.getLabelDefaultStages()).containsEntry("Done", "Closed");
        assertThat(mapping.getStages().get(0).getStatusLabels()).containsExactly("New", "Fresh");
    }

    @Test
    @DisplayName("An unknown column type is an error naming entity, field and column")
    void unknownColumnTypeIsAnError() {
        assertThatThrownBy(() -> loader.parse(entity(
                "      - { field: region, type: text, column: { id: mirror_1, type: mirror } }\n"), "test"))
                .isInstanceOfSatisfying(MappingValidationException.class, e -> {
                    MappingProblem problem = e.problems().get(0);
                    assertThat(problem.entity()).isEqualTo("Contact");
                    assertThat(problem.field()).isEqualTo("region");
                    assertThat(problem.column()).isEqualTo("mirror_1");
                    assertThat(problem.message()).contains("unknown column type 'mirror'");
                    assertThat(e.getMessage()).contains("entity Contact, field region, column mirror_1");
                });
    }

    @Test
    @DisplayName("A field mapped to a column of another type is an error (only same-type mapping, as seed 001)")
    void fieldOnAColumnOfAnotherTypeIsAnError() {
        assertThatThrownBy(() -> loader.parse(entity(
                "      - { field: amount, type: number, column: { id: text_amt, type: text } }\n"), "test"))
                .isInstanceOfSatisfying(MappingValidationException.class, e -> {
                    assertThat(e.problems()).singleElement().satisfies(p -> {
                        assertThat(p.field()).isEqualTo("amount");
                        assertThat(p.column()).isEqualTo("text_amt");
                        assertThat(p.message()).contains("a number field cannot be mapped to a text column")
                                .contains("numbers");
                    });
                });
    }

    @Test
    @DisplayName("A date field on a date-time column loads with a warning naming field and column")
    void dateFieldOnDateTimeColumnIsWarned() {
        MappingLoader.Loaded loaded = loader.parse(entity(
                "      - { field: birthday, type: date, column: { id: date_b, type: date, includeTime: true } }\n"), "test");

        assertThat(loaded.mappings()).hasSize(1);
        assertThat(loaded.warnings()).singleElement().satisfies(w -> {
            assertThat(w.severity()).isEqualTo(Severity.WARNING);
            assertThat(w.field()).isEqualTo("birthday");
            assertThat(w.column()).isEqualTo("date_b");
            assertThat(w.message()).contains("date-time");
        });
    }

    @Test
    @DisplayName("A date-time field on a date column without time is warned too")
    void dateTimeFieldOnDateColumnIsWarned() {
        MappingLoader.Loaded loaded = loader.parse(entity(
                "      - { field: nextCall, type: datetime, column: { id: date_c, type: date } }\n"), "test");

        assertThat(loaded.warnings()).singleElement().satisfies(w -> assertThat(w.field()).isEqualTo("nextCall"));
    }

    @Test
    @DisplayName("All errors are reported at once: unknown field type, unknown direction, a column mapped twice")
    void allErrorsAreReportedAtOnce() {
        assertThatThrownBy(() -> loader.parse(entity("""
                      - { field: a, type: colour, column: { id: c1, type: text } }
                      - { field: b, type: text, column: { id: c2, type: text }, direction: sideways }
                      - { field: c, type: text, column: { id: c2, type: text } }
                """), "test"))
                .isInstanceOfSatisfying(MappingValidationException.class, e -> assertThat(e.problems())
                        .extracting(MappingProblem::field).containsExactly("a", "b", "c"));
    }

    @Test
    @DisplayName("A label shared by stages needs a collapsed default, and the default must be one of them")
    void collapsedLabelNeedsADefault() {
        String stages = """
                    stages:
                      field: stage
                      statusColumn: status
                      map:
                        - { stage: Won, labels: [Done] }
                        - { stage: Closed, labels: [Done] }
                """;
        assertThatThrownBy(() -> loader.parse(entity("      - { field: n, type: text, column: { id: name, type: name } }\n")
                + stages, "test"))
                .isInstanceOfSatisfying(MappingValidationException.class, e -> assertThat(e.problems())
                        .singleElement().satisfies(p -> assertThat(p.message()).contains("'Done' is shared by stages")));
        assertThatThrownBy(() -> loader.parse(entity("      - { field: n, type: text, column: { id: name, type: name } }\n")
                + stages + "      collapsedDefaults: { Done: Lost }\n", "test"))
                .isInstanceOfSatisfying(MappingValidationException.class, e -> assertThat(e.problems())
                        .singleElement().satisfies(p -> assertThat(p.message()).contains("not one of")));
    }

    @Test
    @DisplayName("Groups must be given to every stage or to none")
    void partialStageGroupsAreAnError() {
        assertThatThrownBy(() -> loader.parse(entity("      - { field: n, type: text, column: { id: name, type: name } }\n") + """
                    stages:
                      field: stage
                      statusColumn: status
                      map:
                        - { stage: Open, group: g1, labels: [New] }
                        - { stage: Won, labels: [Done] }
                """, "test"))
                .isInstanceOfSatisfying(MappingValidationException.class, e -> assertThat(e.problems())
                        .singleElement().satisfies(p -> assertThat(p.message()).contains("[Won] have no group")));
    }

    @Test
    @DisplayName("A board needs an id or create: true; a misspelt key is reported with its path")
    void boardAndUnknownKeysAreChecked() {
        assertThatThrownBy(() -> loader.parse("tenant: acme\nmappings:\n  - entity: Lead\n    board: {}\n", "test"))
                .isInstanceOfSatisfying(MappingValidationException.class, e -> assertThat(e.problems())
                        .filteredOn(p -> p.severity() == Severity.ERROR).singleElement().satisfies(p -> {
                            assertThat(p.entity()).isEqualTo("Lead");
                            assertThat(p.message()).contains("'board' needs");
                        }));
        assertThatThrownBy(() -> loader.parse("tenant: acme\nmappings:\n  - entity: Lead\n    bord: { id: 1 }\n", "test"))
                .isInstanceOfSatisfying(MappingValidationException.class, e -> assertThat(e.getMessage())
                        .contains("mappings[0]").contains("bord"));
    }
}

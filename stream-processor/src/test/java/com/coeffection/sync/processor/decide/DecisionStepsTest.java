package com.coeffection.sync.processor.decide;

import com.coeffection.sync.contract.ErrorType;
import com.coeffection.sync.monday.columns.ColumnCodecs;
import com.coeffection.sync.processor.ProcessorMetrics;
import com.coeffection.sync.processor.mapping.MappedBoard;
import com.coeffection.sync.processor.mapping.MappingLoader;
import com.coeffection.sync.processor.mapping.MondayValues;
import com.coeffection.sync.processor.merge.Origin;
import com.coeffection.sync.processor.output.Outputs;
import com.coeffection.sync.processor.routing.Emit;
import com.coeffection.sync.processor.state.RecordState;
import com.coeffection.sync.schema.Actor;
import com.coeffection.sync.schema.ActorKind;
import com.coeffection.sync.schema.BoardMapping;
import com.coeffection.sync.schema.CommandStatus;
import com.coeffection.sync.schema.FieldChange;
import com.coeffection.sync.schema.HistoryStatus;
import com.coeffection.sync.schema.MondayAction;
import com.coeffection.sync.schema.MondayCommand;
import com.coeffection.sync.schema.SyncDirection;
import com.coeffection.sync.schema.SyncHistoryEntry;
import com.coeffection.sync.values.FieldValues;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static com.coeffection.sync.values.FieldValues.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The processor's pure decision steps, without Kafka or a registry: field edits validated and merged
 * ({@link FieldEdits}, {@link Decisions}), what each side must receive ({@link WritePlanner}) and the output records
 * with their ids ({@link Outputs}).
 */
class DecisionStepsTest {
    static final Instant T = Instant.parse("2026-11-20T10:00:00Z");
    static final long NOW = T.plusSeconds(5).toEpochMilli();
    final MappedBoard contact = contactBoard();
    final FieldEdits edits = new FieldEdits(new MondayValues(ColumnCodecs.standard()));
    final Outputs outputs = new Outputs(ProcessorMetrics.inMemory());

    @Test
    @DisplayName("A linked record's Coeffection edit plans one column write for monday and nothing for Coeffection")
    void linkedEditPlansAColumnWrite() {
        RecordState state = new RecordState("acme", "Contact", "r1");
        state.link(100L, 5001L);
        Decisions decisions = new Decisions();

        edits.coeffectionEdits(contact, state, decisions, List.of(change("title", "CTO")), "c-1", Origin.OTHERS);
        WritePlan plan = WritePlanner.plan(state, contact, decisions.touched(), true, trigger("rc:c-1"), NOW);

        assertThat(plan.mondayAction()).isEqualTo(MondayAction.UPDATE_COLUMNS);
        assertThat(plan.columns()).singleElement().satisfies(c -> {
            assertThat(c.getColumnId()).isEqualTo("text_title");
            assertThat(c.getValue()).isEqualTo(text("CTO"));
        });
        assertThat(plan.toCoeffection()).isEmpty();
        assertThat(decisions.diffs(plan, ProcessorMetrics.inMemory())).singleElement()
                .satisfies(d -> assertThat(d.getStatus()).isEqualTo(HistoryStatus.PENDING));
    }

    @Test
    @DisplayName("A record with no item plans its creation with every mapped value; a second edit waits for it")
    void unlinkedRecordPlansItsCreation() {
        RecordState state = new RecordState("acme", "Contact", "r2");
        Decisions decisions = new Decisions();
        edits.coeffectionEdits(contact, state, decisions, List.of(change("fullName", "Dana Scully"),
                change("city", "Oslo")), "c-1", Origin.OTHERS);

        WritePlan plan = WritePlanner.plan(state, contact, decisions.touched(), true, trigger("rc:c-1"), NOW);
        List<Record<String, Emit>> out = outputs.decided(state, contact, trigger("rc:c-1"), decisions, plan);

        assertThat(plan.mondayAction()).isEqualTo(MondayAction.CREATE_ITEM);
        assertThat(plan.itemName()).isEqualTo("Dana Scully");
        assertThat(plan.columns()).extracting(c -> c.getField()).containsExactly("city");
        assertThat(out).extracting(r -> r.value().getClass().getSimpleName()).containsExactly("Command", "History");
        assertThat(((Emit.Command) out.get(0).value()).command().getCommandId()).isEqualTo("rc:c-1:c0");
        assertThat(out.get(0).key()).isEqualTo("acme:100");
        assertThat(state.pendingCreateCommandId()).isEqualTo("rc:c-1:c0");

        Decisions later = new Decisions();
        edits.coeffectionEdits(contact, state, later, List.of(change("title", "Agent")), "c-2", Origin.OTHERS);
        WritePlan waiting = WritePlanner.plan(state, contact, later.touched(), true, trigger("rc:c-2"), NOW);
        assertThat(waiting.isEmpty()).isTrue();
        assertThat(waiting.waitingReason()).contains("being created");
    }

    @Test
    @DisplayName("A value of the wrong type is rejected for its field alone; the other field is decided")
    void wrongTypeRejectsOneFieldOnly() {
        RecordState state = new RecordState("acme", "Contact", "r3");
        state.link(100L, 5001L);
        Decisions decisions = new Decisions();

        edits.coeffectionEdits(contact, state, decisions, List.of(
                new FieldChange("email", FieldValues.number(new java.math.BigDecimal("42")), T),
                change("title", "CTO")), "c-1", Origin.OTHERS);

        assertThat(decisions.hasRejections()).isTrue();
        assertThat(decisions.rejectionType()).isEqualTo(ErrorType.WRONG_VALUE_TYPE);
        assertThat(decisions.rejectionReason()).contains("email");
        assertThat(decisions.touched()).containsExactly("title");
    }

    @Test
    @DisplayName("A monday edit newer than Coeffection's value plans a record update with the update id of its entry")
    void mondayEditPlansARecordUpdate() {
        RecordState state = new RecordState("acme", "Contact", "r4");
        state.link(100L, 5001L);
        Decisions decisions = new Decisions();
        edits.columnEdit(contact, state, decisions, "text_city", "text", "{\"value\":\"Bergen\"}",
                WritePlanner.toMicros(T), "t-1", Origin.OTHERS, true);

        Trigger trigger = new Trigger("mi:t-1", Actor.newBuilder().setKind(ActorKind.USER).build(), "t-1",
                SyncDirection.MONDAY_TO_COEFFECTION, NOW);
        WritePlan plan = WritePlanner.plan(state, contact, decisions.touched(), false, trigger, NOW);
        List<Record<String, Emit>> out = outputs.decided(state, contact, trigger, decisions, plan);

        assertThat(plan.columns()).isEmpty();
        assertThat(out.get(0).value()).isInstanceOfSatisfying(Emit.Update.class, u -> {
            assertThat(u.update().getUpdateId()).isEqualTo("mi:t-1:u");
            assertThat(u.update().getFields()).extracting(f -> FieldValues.display(f.getValue())).containsExactly("Bergen");
        });
    }

    @Test
    @DisplayName("Every command carries the board's Coeffection ID column, and the entry lists every command it sent")
    void commandsCarryTheIdColumnAndTheEntryListsThem() {
        MappedBoard board = new MappedBoard(BoardMapping.newBuilder(contact.mapping())
                .setCoeffectionIdColumnId("text_cid").build());
        RecordState state = new RecordState("acme", "Contact", "r5");
        state.link(100L, 5001L);
        Decisions decisions = new Decisions();

        // a stage change is written to monday as a status label and a group move: two commands
        edits.coeffectionEdits(board, state, decisions, List.of(new FieldChange("lifecycle", text("Qualified"), T),
                change("title", "CTO")), "c-1", Origin.OTHERS);
        WritePlan plan = WritePlanner.plan(state, board, decisions.touched(), true, trigger("rc:c-1"), NOW);
        List<Record<String, Emit>> out = outputs.decided(state, board, trigger("rc:c-1"), decisions, plan);

        List<MondayCommand> commands = out.stream().filter(r -> r.value() instanceof Emit.Command)
                .map(r -> ((Emit.Command) r.value()).command()).toList();
        assertThat(commands).extracting(MondayCommand::getAction)
                .containsExactly(MondayAction.UPDATE_COLUMNS, MondayAction.MOVE_TO_GROUP);
        assertThat(commands).extracting(MondayCommand::getCoeffectionIdColumnId).containsOnly("text_cid");
        SyncHistoryEntry entry = history(out);
        assertThat(entry.getCommandId()).isEqualTo("rc:c-1:c0");
        assertThat(entry.getCommands()).extracting(c -> c.getCommandId() + "=" + c.getStatus())
                .containsExactly("rc:c-1:c0=PENDING", "rc:c-1:c1=PENDING");
    }

    @Test
    @DisplayName("A board without a Coeffection ID column leaves it to the sink's default; a creation is listed too")
    void creationWithoutIdColumnIsListed() {
        RecordState state = new RecordState("acme", "Contact", "r6");
        Decisions decisions = new Decisions();
        edits.coeffectionEdits(contact, state, decisions, List.of(change("fullName", "Fox Mulder")), "c-1", Origin.OTHERS);

        WritePlan plan = WritePlanner.plan(state, contact, decisions.touched(), true, trigger("rc:c-1"), NOW);
        List<Record<String, Emit>> out = outputs.decided(state, contact, trigger("rc:c-1"), decisions, plan);

        MondayCommand create = ((Emit.Command) out.get(0).value()).command();
        assertThat(create.getAction()).isEqualTo(MondayAction.CREATE_ITEM);
        assertThat(create.getCoeffectionIdColumnId()).isNull();
        assertThat(history(out).getCommands()).extracting(CommandStatus::getCommandId).containsExactly("rc:c-1:c0");
    }

    @Test
    @DisplayName("A record update for Coeffection is listed in its entry by its update id")
    void recordUpdateIsListedInItsEntry() {
        RecordState state = new RecordState("acme", "Contact", "r7");
        state.link(100L, 5001L);
        Decisions decisions = new Decisions();
        edits.columnEdit(contact, state, decisions, "text_city", "text", "{\"value\":\"Bergen\"}",
                WritePlanner.toMicros(T), "t-1", Origin.OTHERS, true);
        Trigger trigger = new Trigger("mi:t-1", Actor.newBuilder().setKind(ActorKind.USER).build(), "t-1",
                SyncDirection.MONDAY_TO_COEFFECTION, NOW);

        WritePlan plan = WritePlanner.plan(state, contact, decisions.touched(), false, trigger, NOW);
        SyncHistoryEntry entry = history(outputs.decided(state, contact, trigger, decisions, plan));

        assertThat(entry.getCommandId()).isNull();
        assertThat(entry.getCommands()).extracting(c -> c.getCommandId() + "=" + c.getStatus())
                .containsExactly("mi:t-1:u=PENDING");
    }

    private static SyncHistoryEntry history(List<Record<String, Emit>> out) {
        return out.stream().filter(r -> r.value() instanceof Emit.History).map(r -> ((Emit.History) r.value()).entry())
                .reduce((a, b) -> {
                    throw new AssertionError("more than one history entry");
                }).orElseThrow();
    }

    private static FieldChange change(String field, String value) {
        return new FieldChange(field, text(value), T);
    }

    private static Trigger trigger(String entryId) {
        return new Trigger(entryId, Actor.newBuilder().setKind(ActorKind.USER).build(), entryId.substring(3),
                SyncDirection.COEFFECTION_TO_MONDAY, NOW);
    }

    private static MappedBoard contactBoard() {
        try (InputStream in = DecisionStepsTest.class.getResourceAsStream("/mappings/acme.yaml")) {
            String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            BoardMapping mapping = new MappingLoader(Clock.fixed(T, ZoneOffset.UTC)).parse(yaml, "acme.yaml")
                    .mappings().stream().filter(m -> m.getEntityType().equals("Contact")).findFirst().orElseThrow();
            return new MappedBoard(mapping);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

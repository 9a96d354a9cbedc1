package com.coeffection.sync.processor;

import com.coeffection.sync.monday.columns.ColumnCodecs;
import com.coeffection.sync.monday.columns.ColumnType;
import com.coeffection.sync.processor.merge.Resolved;
import com.coeffection.sync.processor.state.RecordState;
import com.coeffection.sync.schema.ColumnWrite;
import com.coeffection.sync.schema.FieldChange;
import com.coeffection.sync.schema.FieldValue;
import com.coeffection.sync.schema.MondayAction;
import com.coeffection.sync.schema.MondayCommand;
import com.coeffection.sync.schema.MondayEventKind;
import com.coeffection.sync.schema.RecordOperation;
import com.coeffection.sync.schema.RecordUpdate;
import com.coeffection.sync.testkit.RealInfra;
import com.coeffection.sync.values.FieldValues;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import static com.coeffection.sync.values.FieldValues.status;
import static com.coeffection.sync.values.FieldValues.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * DESIGN.md rule 4: "The resolved state must not depend on the order in which events arrive."
 *
 * <p>A small world with two systems. Each holds a register per field (monday also the item's group). People edit both
 * sides "between sync cycles": every edit happens first, at its change time, on its side. Then the edit events reach
 * the production topology in some order; every monday command and record update the topology emits lands on its side
 * after all the edits, and comes back as an echo (monday webhook by the integration user, Coeffection change with the
 * update id as causation id) and, for monday, as the sink's delivery report, interleaved at random with the remaining
 * edit events.
 *
 * <p>For random edit sets, each arrival order must end with the same registers on both sides and the same resolved
 * state as the time-ordered delivery; and both sides must hold what the conflict rules say (two-way: the newest edit,
 * Coeffection winning ties; one-way: the source's newest edit; do-not-sync: each side its own).
 */
class ArrivalOrderProperties {
    private static final Instant EDITS_FROM = Instant.parse("2026-11-20T14:00:00Z");
    private static final Instant ARRIVALS_FROM = Instant.parse("2026-11-20T15:00:00Z");
    private static final String[] TEXTS = {"alpha", "beta", "gamma"};
    private static final String[] STAGES = {"New", "Qualified", "Contacted", "Negotiating", "Won"};
    private static final String[] LABELS = {"New", "Working on it", "Warm", "In progress", "Done"};
    private static final String[] GROUPS = {"g_new", "g_qual", "g_prog", "g_won"};
    private static final Map<String, String> COLUMNS = Map.of("title", "text_title", "city", "text_city",
            "amount", "numbers_amt", "source", "text_source", "notes", "text_notes", "lifecycle", "status");
    private static final ColumnCodecs CODECS = ColumnCodecs.standard();
    private static final AtomicInteger RUNS = new AtomicInteger();
    private static SyncDriver sync;

    /** One person's edit: which side, which field, which value (4 clears a field), when (seconds after 14:00). */
    record SimEdit(boolean monday, String field, int value, int second, boolean group) {
        Instant at() {
            return EDITS_FROM.plusSeconds(second);
        }

        FieldValue fieldValue() {
            if (value == 4 && !field.equals("lifecycle")) {
                return null;
            }
            return switch (field) {
                case "amount" -> FieldValues.number(Integer.toString(value + 1));
                case "lifecycle" -> monday ? (group ? text(GROUPS[value % GROUPS.length]) : status(LABELS[value]))
                        : status(STAGES[value]);
                default -> text(TEXTS[value % TEXTS.length]);
            };
        }
    }

    @Provide
    Arbitrary<List<SimEdit>> edits() {
        Arbitrary<SimEdit> edit = Combinators.combine(
                Arbitraries.of(true, false),
                Arbitraries.of("title", "city", "amount", "source", "notes", "lifecycle", "lifecycle"),
                Arbitraries.integers().between(0, 4),
                Arbitraries.integers().between(0, 5),
                Arbitraries.of(true, false)).as(SimEdit::new);
        // One side never has two edits at the same second (a side shows its later edit); the two sides may tie.
        return edit.list().ofMinSize(1).ofMaxSize(9).uniqueElements(e -> (e.monday() ? "m" : "c") + e.second());
    }

    @Property(tries = 1000)
    void everyArrivalOrderGivesTheSameFinalStateOnBothSides(@ForAll("edits") List<SimEdit> edits,
                                                             @ForAll long seed) {
        List<SimEdit> timeOrder = new ArrayList<>(edits);
        timeOrder.sort(Comparator.comparing(SimEdit::second).thenComparing(e -> e.monday()));
        World reference = run(timeOrder, null);

        for (int attempt = 0; attempt < 2; attempt++) {
            Random random = new Random(seed + attempt);
            List<SimEdit> arrival = new ArrayList<>(edits);
            java.util.Collections.shuffle(arrival, random);
            World shuffled = run(arrival, random);

            assertThat(shuffled.coeffection).as("Coeffection side for arrival order %s", arrival)
                    .isEqualTo(reference.coeffection);
            assertThat(shuffled.monday).as("monday side for arrival order %s", arrival).isEqualTo(reference.monday);
            assertThat(shuffled.resolved).as("resolved state for arrival order %s", arrival)
                    .isEqualTo(reference.resolved);
        }
        assertRulesHold(edits, reference);
    }

    /** Both sides hold what the conflict rules say. */
    private static void assertRulesHold(List<SimEdit> edits, World world) {
        for (String field : List.of("title", "city", "amount", "source", "notes")) {
            SimEdit newestC = newest(edits, field, false);
            SimEdit newestM = newest(edits, field, true);
            String c = world.coeffection.get(field);
            String m = world.monday.get(COLUMNS.get(field));
            switch (field) {
                case "title", "city" -> {
                    SimEdit winner = newestC == null ? newestM : newestM == null ? newestC
                            : newestM.second() > newestC.second() ? newestM : newestC;
                    String expected = winner == null ? null : show(winner.fieldValue());
                    assertThat(c).as("two-way %s on Coeffection", field).isEqualTo(expected);
                    assertThat(m).as("two-way %s on monday", field).isEqualTo(expected);
                }
                case "amount" -> {
                    String expected = newestC != null ? show(newestC.fieldValue())
                            : newestM == null ? null : show(newestM.fieldValue());
                    assertThat(m).as("Coeffection -> monday field on monday").isEqualTo(expected);
                    assertThat(c).isEqualTo(newestC == null ? null : show(newestC.fieldValue()));
                }
                case "source" -> {
                    String expected = newestM != null ? show(newestM.fieldValue())
                            : newestC == null ? null : show(newestC.fieldValue());
                    assertThat(c).as("monday -> Coeffection field on Coeffection").isEqualTo(expected);
                    assertThat(m).isEqualTo(newestM == null ? null : show(newestM.fieldValue()));
                }
                default -> {
                    assertThat(c).as("do-not-sync on Coeffection").isEqualTo(newestC == null ? null : show(newestC.fieldValue()));
                    assertThat(m).as("do-not-sync on monday").isEqualTo(newestM == null ? null : show(newestM.fieldValue()));
                }
            }
        }
        String stage = world.coeffection.get("lifecycle");
        String resolvedStage = world.resolved.get("lifecycle");
        if (resolvedStage != null) {
            assertThat(stage).as("the stage on Coeffection").isEqualTo(resolvedStage);
            String label = world.monday.get("status");
            assertThat(label).as("monday's status label shows the stage %s", stage)
                    .isIn(labelsOf(stage));
            assertThat(world.monday.get("group")).as("monday's group shows the stage %s", stage)
                    .isEqualTo(groupOf(stage));
        }
    }

    private static String groupOf(String stage) {
        return switch (stage) {
            case "New" -> "g_new";
            case "Qualified" -> "g_qual";
            case "Contacted", "Negotiating" -> "g_prog";
            default -> "g_won";
        };
    }

    private static List<String> labelsOf(String stage) {
        return switch (stage) {
            case "New" -> List.of("New");
            case "Qualified" -> List.of("Working on it", "Warm");
            case "Contacted", "Negotiating" -> List.of("In progress");
            default -> List.of("Done");
        };
    }

    private static SimEdit newest(List<SimEdit> edits, String field, boolean monday) {
        return edits.stream().filter(e -> e.field().equals(field) && e.monday() == monday)
                .max(Comparator.comparingInt(SimEdit::second)).orElse(null);
    }

    // ------------------------------------------------------------------ the simulated world

    /** Final registers of both sides and the processor's resolved values, each as display text. */
    record World(Map<String, String> coeffection, Map<String, String> monday, Map<String, String> resolved) {
    }

    private World run(List<SimEdit> arrival, Random random) {
        SyncDriver driver = driver();
        int run = RUNS.incrementAndGet();
        String recordId = "p" + run;
        long itemId = 1_000_000L + run;
        driver.linked(recordId, itemId);
        driver.clearOutputs();

        Map<String, String> coeffection = new HashMap<>();
        Map<String, String> monday = new HashMap<>();
        // every edit happens first, on its own side, in time order
        List<SimEdit> byTime = new ArrayList<>(arrival);
        byTime.sort(Comparator.comparingInt(SimEdit::second));
        for (SimEdit edit : byTime) {
            if (edit.monday()) {
                monday.put(edit.field().equals("lifecycle") ? (edit.group() ? "group" : "status")
                        : COLUMNS.get(edit.field()), show(edit.fieldValue()));
            } else {
                coeffection.put(edit.field(), show(edit.fieldValue()));
            }
        }

        Deque<Runnable> edits = new ArrayDeque<>();
        List<Runnable> echoes = new ArrayList<>();
        AtomicInteger clock = new AtomicInteger();
        AtomicInteger landing = new AtomicInteger();
        for (SimEdit edit : arrival) {
            edits.add(() -> deliver(driver, recordId, itemId, edit, arrivalTime(clock)));
        }
        while (!edits.isEmpty() || !echoes.isEmpty()) {
            Runnable next;
            if (!echoes.isEmpty() && (edits.isEmpty() || (random != null ? random.nextBoolean() : true))) {
                next = echoes.remove(random == null ? 0 : random.nextInt(echoes.size()));
            } else {
                next = edits.poll();
            }
            next.run();
            assertThat(driver.deadLetters()).as("no input of the simulation is bad input").isEmpty();
            driver.history();
            for (MondayCommand command : driver.commands()) {
                Instant landed = EDITS_FROM.plus(1, ChronoUnit.HOURS).plusSeconds(30 + landing.incrementAndGet());
                land(command, monday);
                echoes.add(() -> echoMonday(driver, command, landed, arrivalTime(clock)));
                // the sink's delivery report also comes back, at its own moment
                echoes.add(() -> driver.sinkResult(command, com.coeffection.sync.schema.CommandOutcome.DELIVERED,
                        command.getItemId(), false, landed));
            }
            for (RecordUpdate update : driver.updates()) {
                Instant landed = EDITS_FROM.plus(1, ChronoUnit.HOURS).plusSeconds(30 + landing.incrementAndGet());
                for (FieldChange change : update.getFields()) {
                    coeffection.put(change.getField(), show(change.getValue()));
                }
                echoes.add(() -> echoCoeffection(driver, update, landed, arrivalTime(clock)));
            }
        }
        Map<String, String> resolved = new LinkedHashMap<>();
        RecordState state = driver.state(recordId);
        if (state != null) {
            state.fields().forEach((field, fieldState) -> {
                Resolved r = fieldState.resolved();
                resolved.put(field, r == null ? null : show(r.value()));
            });
        }
        return new World(coeffection, monday, resolved);
    }

    private static Instant arrivalTime(AtomicInteger clock) {
        return ARRIVALS_FROM.plusMillis(clock.incrementAndGet());
    }

    private static void land(MondayCommand command, Map<String, String> monday) {
        if (command.getAction() == MondayAction.MOVE_TO_GROUP) {
            monday.put("group", command.getGroupId());
            return;
        }
        for (ColumnWrite column : command.getColumns()) {
            monday.put(column.getColumnId(), show(column.getValue()));
        }
    }

    private static void deliver(SyncDriver driver, String recordId, long itemId, SimEdit edit, Instant arrival) {
        if (!edit.monday()) {
            Map<String, FieldValue> fields = new LinkedHashMap<>();
            fields.put(edit.field(), edit.fieldValue());
            String eventId = "sim-" + recordId + "-c" + edit.second();
            List<FieldChange> changes = List.of(new FieldChange(edit.field(), edit.fieldValue(), edit.at()));
            driver.pipeChange(com.coeffection.sync.schema.RecordChange.newBuilder().setEventId(eventId)
                    .setTenantId(SyncDriver.TENANT).setEntityType("Contact").setRecordId(recordId)
                    .setOperation(RecordOperation.UPDATE).setActor(SyncDriver.userActor()).setOccurredAt(edit.at())
                    .setFields(changes).build(), arrival);
            return;
        }
        String trigger = "sim-" + recordId + "-m" + edit.second();
        if (edit.field().equals("lifecycle") && edit.group()) {
            driver.pipeItemEvent(driver.baseEvent(trigger, itemId, MondayEventKind.MOVE_TO_GROUP,
                    "move_pulse_into_group", edit.at(), SyncDriver.PERSON_ON_MONDAY)
                    .setGroupId(show(edit.fieldValue())).setChangedAt(edit.at()).build(), arrival);
            return;
        }
        String column = COLUMNS.get(edit.field());
        ColumnType type = edit.field().equals("lifecycle") ? ColumnType.STATUS
                : edit.field().equals("amount") ? ColumnType.NUMBERS : ColumnType.TEXT;
        driver.pipeItemEvent(driver.baseEvent(trigger, itemId, MondayEventKind.UPDATE_COLUMN_VALUE,
                "update_column_value", edit.at(), SyncDriver.PERSON_ON_MONDAY).setColumnId(column)
                .setColumnType(type.mondayName()).setValue(CODECS.toMonday(type, column, edit.fieldValue()))
                .setChangedAt(edit.at()).build(), arrival);
    }

    private static void echoMonday(SyncDriver driver, MondayCommand command, Instant landed, Instant arrival) {
        if (command.getAction() == MondayAction.MOVE_TO_GROUP) {
            driver.pipeItemEvent(driver.baseEvent("echo-" + command.getCommandId(), command.getItemId(),
                    MondayEventKind.MOVE_TO_GROUP, "move_pulse_into_group", landed, SyncDriver.INTEGRATION_USER)
                    .setGroupId(command.getGroupId()).setChangedAt(landed).build(), arrival);
            return;
        }
        int n = 0;
        for (ColumnWrite column : command.getColumns()) {
            ColumnType type = ColumnType.fromMonday(column.getColumnType()).orElseThrow();
            driver.pipeItemEvent(driver.baseEvent("echo-" + command.getCommandId() + "-" + n++, command.getItemId(),
                    MondayEventKind.UPDATE_COLUMN_VALUE, "update_column_value", landed, SyncDriver.INTEGRATION_USER)
                    .setColumnId(column.getColumnId()).setColumnType(column.getColumnType())
                    .setValue(CODECS.toMonday(type, column.getColumnId(), column.getValue()))
                    .setChangedAt(landed).build(), arrival);
        }
    }

    private static void echoCoeffection(SyncDriver driver, RecordUpdate update, Instant landed, Instant arrival) {
        List<FieldChange> changes = new ArrayList<>();
        for (FieldChange change : update.getFields()) {
            changes.add(new FieldChange(change.getField(), change.getValue(), landed));
        }
        driver.pipeChange(com.coeffection.sync.schema.RecordChange.newBuilder().setEventId("echo-" + update.getUpdateId())
                .setTenantId(update.getTenantId()).setEntityType(update.getEntityType()).setRecordId(update.getRecordId())
                .setOperation(RecordOperation.UPDATE)
                .setActor(com.coeffection.sync.schema.Actor.newBuilder()
                        .setKind(com.coeffection.sync.schema.ActorKind.INTEGRATION).build())
                .setCausationId(update.getUpdateId()).setOccurredAt(landed).setFields(changes).build(), arrival);
    }

    private static String show(FieldValue value) {
        return value == null ? null : Objects.toString(FieldValues.display(value));
    }

    private static synchronized SyncDriver driver() {
        if (sync == null) {
            sync = new SyncDriver(RealInfra.shared().schemaRegistryUrl()).withMappings("/mappings/acme.yaml");
        }
        return sync;
    }

    @AfterContainer
    static synchronized void closeDriver() {
        if (sync != null) {
            sync.close();
            sync = null;
        }
    }
}

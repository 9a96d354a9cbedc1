package com.coeffection.sync.launcher;

import com.coeffection.sync.coeffection.standin.CoeffectionStandIn;
import com.coeffection.sync.coeffection.standin.RecordStore;
import com.coeffection.sync.coeffection.standin.WebhookSender;
import com.coeffection.sync.launcher.coeffection.BackfillRunner;
import com.coeffection.sync.monday.graphql.MondayClient;
import com.coeffection.sync.monday.graphql.Operations;
import com.coeffection.sync.monday.standin.MondayStandIn;
import com.coeffection.sync.monday.standin.StandInViews;
import com.coeffection.sync.processor.mapping.MappingLoader;
import com.coeffection.sync.schema.BoardMapping;
import com.coeffection.sync.testkit.RealInfra;
import com.coeffection.sync.testkit.RealInfraExtension;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The embedded pipeline (real broker and registry, both stand-ins, the real processor, sink and backfill runner)
 * connected to a monday board that already holds items: records are linked to the items they match, and only the
 * records that match none get an item of their own, counted on the monday stand-in.
 */
@ExtendWith(RealInfraExtension.class)
class ExistingBoardPipelineTest {
    @TempDir
    Path dataDir;

    /** The board of one test: its id and its two groups. */
    record Board(long id, String leads, String customers) {
    }

    @Test
    void aRecordCreatedInCoeffectionLinksToTheItemAlreadyOnTheBoardInsteadOfCreatingOne(RealInfra infra) {
        Map<String, String> env = environment(infra, "link");
        LauncherConfig config = LauncherConfig.from(env);
        try (Pipeline pipeline = Pipeline.start(config, env, new SimpleMeterRegistry())) {
            MondayStandIn monday = pipeline.standIn().orElseThrow();
            CoeffectionStandIn coeffection = pipeline.coeffection().standIn().orElseThrow();
            Board board = board(pipeline);
            MondayStandIn.AsUser person = monday.asUser(monday.config().users().get(0).id());
            long existing = person.createItem(board.id(), "Grace Hopper", board.leads(),
                    Map.of("email", email("grace@navy.example"))).id();
            pipeline.publishMappings(mapping(board), config);

            coeffection.records().create("demo", "Contact", contact("Grace Hopper", " GRACE@Navy.example", null,
                    "Rear Admiral", "Lead"), RecordStore.Actor.API, false);

            // linked: the record's values are written to the item that was there, and no item is created
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    "Rear Admiral".equals(text(monday.item(existing).orElseThrow(), "job_title")));
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> monday.items(board.id()).size() == 1);
            assertThat(monday.items(board.id())).extracting(StandInViews.ItemView::id).containsExactly(existing);
        }
    }

    @Test
    void connectingABoardWithoutTheCoeffectionIdColumnAddsItAndTheWebhooksAndBothDirectionsSync(RealInfra infra) {
        Map<String, String> env = environment(infra, "plain");
        LauncherConfig config = LauncherConfig.from(env);
        try (Pipeline pipeline = Pipeline.start(config, env, new SimpleMeterRegistry())) {
            MondayStandIn monday = pipeline.standIn().orElseThrow();
            CoeffectionStandIn coeffection = pipeline.coeffection().standIn().orElseThrow();
            Board board = board(pipeline, false);
            MondayStandIn.AsUser person = monday.asUser(monday.config().users().get(0).id());
            long grace = person.createItem(board.id(), "Grace Hopper", board.leads(),
                    Map.of("email", email("grace@navy.example"))).id();

            pipeline.publishMappings(mapping(board), config);
            pipeline.publishMappings(mapping(board), config); // connecting again adds nothing

            try (MondayClient client = new MondayClient(pipeline.mondayClientConfig())) {
                assertThat(client.execute(new Operations.ReadBoard(board.id(), 1)).columns())
                        .filteredOn(c -> c.id().equals("coeffection_id")).singleElement()
                        .extracting(c -> c.title() + "/" + c.type()).isEqualTo("Coeffection ID/text");
            }
            assertThat(monday.webhooks()).filteredOn(h -> h.boardId() == board.id())
                    .extracting(StandInViews.WebhookView::event).containsExactlyInAnyOrderElementsOf(
                            com.coeffection.sync.launcher.provisioning.BoardProvisioner.WEBHOOK_EVENTS);
            assertThat(monday.items(board.id())).extracting(StandInViews.ItemView::id).containsExactly(grace);

            String graceId = coeffection.records().create("demo", "Contact", contact("Grace Hopper",
                    "grace@navy.example", null, "Rear Admiral", "Lead"), RecordStore.Actor.API, false).recordId();
            coeffection.records().create("demo", "Contact", contact("Niklaus Wirth", "niklaus@example.com", null,
                    "Professor", "Lead"), RecordStore.Actor.API, false);

            // the record that matches nothing gets its item (found by the new column first); the other links
            await().atMost(Duration.ofSeconds(60)).until(() -> monday.items(board.id()).size() == 2
                    && "Rear Admiral".equals(text(monday.item(grace).orElseThrow(), "job_title")));
            StandInViews.ItemView created = monday.items(board.id()).stream().filter(i -> i.id() != grace)
                    .findFirst().orElseThrow();
            assertThat(created.name()).isEqualTo("Niklaus Wirth");
            assertThat(text(created, "coeffection_id")).isNotNull();

            // and a person's edit on the board comes back to Coeffection through the webhooks
            person.changeColumnValues(board.id(), grace, Map.of("job_title", "\"Admiral\""));
            await().atMost(Duration.ofSeconds(60)).until(() -> "Admiral".equals(coeffection.records()
                    .get("demo", "Contact", graceId).orElseThrow().path("title").asText()));
        }
    }

    @Test
    void connectingABoardThatHoldsItemsForRecordsThenBackfillingCreatesItemsOnlyForTheUnmatched(RealInfra infra)
            throws Exception {
        Map<String, String> env = environment(infra, "backfill");
        LauncherConfig config = LauncherConfig.from(env);
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        try (Pipeline pipeline = Pipeline.start(config, env, new SimpleMeterRegistry())) {
            MondayStandIn monday = pipeline.standIn().orElseThrow();
            CoeffectionStandIn coeffection = pipeline.coeffection().standIn().orElseThrow();
            Board board = board(pipeline);
            MondayStandIn.AsUser person = monday.asUser(monday.config().users().get(0).id());

            // the records in Coeffection, made before the board is connected (so no webhook announces them)
            List<WebhookSender.Subscription> subscribed = coeffection.webhooks().subscriptions("demo");
            subscribed.forEach(s -> coeffection.webhooks().unsubscribe("demo", s.id()));
            Map<String, String> recordIds = new LinkedHashMap<>();
            String[][] records = {
                    // name, email, phone, stage
                    {"Ada Lovelace", "Ada.Lovelace@Example.com ", null, "Lead"},
                    {"Alan Turing", "alan@example.com", "(415) 555-0101", "Customer"},
                    {"Katherine Johnson", "katherine@example.com", null, "Lead"},
                    {"Edsger Dijkstra", null, "+44 20 7946 0102", "Lead"},
                    {"Barbara Liskov", null, "+49 30 12345103", "Customer"},
                    {"Donald Knuth", null, "415.555.0104", "Customer"},
                    {"José Núñez", null, null, "Lead"},
                    {"Margaret Hamilton", null, null, "Customer"},
                    {"Frances Allen", null, null, "Lead"},
                    {"Niklaus Wirth", "niklaus@example.com", null, "Lead"},       // no item: created
                    {"Radia Perlman", null, "+33 1 42 68 51 05", "Customer"},  // no item: created
                    {"Tony Hoare", null, null, "Customer"},                   // no item: created
            };
            for (String[] r : records) {
                recordIds.put(r[0], coeffection.records().create("demo", "Contact", contact(r[0], r[1], r[2],
                        "Engineer", r[3]), RecordStore.Actor.API, false).recordId());
            }

            subscribed.forEach(s -> coeffection.webhooks().subscribe("demo", s.url(), s.secret()));

            // the board already holds items for nine of them, by email, by phone (E.164) and by name in the group
            Map<String, Long> matched = new LinkedHashMap<>();
            matched.put("Ada Lovelace", person.createItem(board.id(), "A. Lovelace", board.leads(),
                    Map.of("email", email("ada.lovelace@example.com"))).id());
            matched.put("Alan Turing", person.createItem(board.id(), "Turing", board.leads(),
                    Map.of("email", email("ALAN@example.com"))).id());
            matched.put("Katherine Johnson", person.createItem(board.id(), "K. Johnson", board.customers(),
                    Map.of("email", email("katherine@example.com"))).id());
            matched.put("Edsger Dijkstra", person.createItem(board.id(), "E. W. Dijkstra", board.customers(),
                    Map.of("phone", phone("+442079460102", "GB"))).id());
            matched.put("Barbara Liskov", person.createItem(board.id(), "B. Liskov", board.leads(),
                    Map.of("phone", phone("+493012345103", "DE"))).id());
            matched.put("Donald Knuth", person.createItem(board.id(), "D. E. Knuth", board.customers(),
                    Map.of("phone", phone("+14155550104", "US"))).id());
            matched.put("José Núñez", person.createItem(board.id(), "jose nunez", board.leads(), Map.of()).id());
            matched.put("Margaret Hamilton", person.createItem(board.id(), "MARGARET HAMILTON", board.customers(), Map.of()).id());
            matched.put("Frances Allen", person.createItem(board.id(), "Frances  Allen", board.leads(), Map.of()).id());
            long unrelated = person.createItem(board.id(), "Unrelated Item", board.customers(), Map.of()).id();
            int before = monday.items(board.id()).size();

            List<BoardMapping> published = pipeline.publishMappings(mapping(board), config);
            BackfillRunner backfill = pipeline.backfill(published, new PrintStream(console, true, StandardCharsets.UTF_8));
            assertThat(backfill.await(Duration.ofSeconds(60))).isTrue();
            assertThat(console.toString(StandardCharsets.UTF_8)).contains("12/12 (100%)");

            // every matched item gets its record's values (the record's title); the three others get an item each
            await().atMost(Duration.ofSeconds(90)).until(() -> matched.values().stream()
                    .allMatch(id -> "Engineer".equals(text(monday.item(id).orElseThrow(), "job_title")))
                    && monday.items(board.id()).size() == before + 3);
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6)).until(() ->
                    monday.items(board.id()).size() == before + 3);

            List<StandInViews.ItemView> items = monday.items(board.id());
            Set<Long> existing = new java.util.HashSet<>(matched.values());
            existing.add(unrelated);
            assertThat(items.stream().map(StandInViews.ItemView::id).collect(Collectors.toSet())).containsAll(existing);
            List<StandInViews.ItemView> created = items.stream().filter(i -> !existing.contains(i.id())).toList();
            assertThat(created).extracting(StandInViews.ItemView::name)
                    .containsExactlyInAnyOrder("Niklaus Wirth", "Radia Perlman", "Tony Hoare");
            // a matched item keeps its place and takes the record's values (the record's name wins, as on a link)
            for (Map.Entry<String, Long> m : matched.entrySet()) {
                StandInViews.ItemView item = monday.item(m.getValue()).orElseThrow();
                assertThat(item.name()).as(m.getKey()).isEqualTo(m.getKey());
            }
            assertThat(text(monday.item(unrelated).orElseThrow(), "job_title")).isNull();
            assertThat(items).extracting(StandInViews.ItemView::name).doesNotHaveDuplicates();
            assertThat(recordIds).hasSize(12);
        }
    }

    static Board board(Pipeline pipeline) {
        return board(pipeline, true);
    }

    static Board board(Pipeline pipeline, boolean withIdColumn) {
        try (MondayClient client = new MondayClient(pipeline.mondayClientConfig())) {
            long id = client.execute(new Operations.CreateBoard("Contacts (existing)", "public", null, null, null)).id();
            client.execute(new Operations.CreateColumn(id, "Email", "email", "email", null, null));
            client.execute(new Operations.CreateColumn(id, "Phone", "phone", "phone", null, null));
            client.execute(new Operations.CreateColumn(id, "Job title", "text", "job_title", null, null));
            if (withIdColumn) { // the text column the sink finds a record's item by before creating one
                client.execute(new Operations.CreateColumn(id, "Coeffection ID", "text", "coeffection_id", null, null));
            }
            String leads = client.execute(new Operations.CreateGroup(id, "Leads", null)).id();
            String customers = client.execute(new Operations.CreateGroup(id, "Customers", null)).id();
            return new Board(id, leads, customers);
        }
    }

    static List<BoardMapping> mapping(Board board) {
        return new MappingLoader(Clock.systemUTC()).parse("""
                tenant: demo
                mappings:
                  - entity: Contact
                    board: { id: %d }
                    phoneRegion: US
                    fields:
                      - { field: fullName, type: text,  column: { id: name,      type: name } }
                      - { field: email,    type: email, column: { id: email,     type: email } }
                      - { field: phone,    type: phone, column: { id: phone,     type: phone } }
                      - { field: title,    type: text,  column: { id: job_title, type: text } }
                    stages:
                      field: status
                      map:
                        - { stage: Lead,     group: %s }
                        - { stage: Customer, group: %s }
                """.formatted(board.id(), board.leads(), board.customers()), "existing-board.yaml").mappings();
    }

    private static ObjectNode contact(String name, String email, String phone, String title, String stage) {
        ObjectNode r = JsonNodeFactory.instance.objectNode();
        r.put("fullName", name);
        if (email != null) {
            r.put("email", email);
        }
        if (phone != null) {
            r.put("phone", phone);
        }
        r.put("title", title);
        r.put("status", stage);
        return r;
    }

    static String text(StandInViews.ItemView item, String column) {
        StandInViews.ValueView value = item.values().get(column);
        return value == null || value.text() == null || value.text().isEmpty() ? null : value.text();
    }

    static String email(String address) {
        return "{\"email\":\"" + address + "\",\"text\":\"" + address + "\"}";
    }

    private static String phone(String e164, String country) {
        return "{\"phone\":\"" + e164 + "\",\"countryShortName\":\"" + country + "\"}";
    }

    private Map<String, String> environment(RealInfra infra, String name) {
        Map<String, String> env = TestTopics.pipelineEnvironment(infra, dataDir, name + System.nanoTime());
        env.put("COEFFECTION_STANDIN_DEMO", "0,0,0");
        return env;
    }
}

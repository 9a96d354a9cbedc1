package com.coeffection.sync.connections;

import com.coeffection.sync.connections.ConnectionsHarness.Answer;
import com.coeffection.sync.connections.ConnectionsHarness.Browser;
import com.coeffection.sync.schema.BoardMapping;
import com.coeffection.sync.serde.AvroDeserializer;
import com.coeffection.sync.serde.SchemaRegistryClient;
import com.coeffection.sync.testkit.RealInfra;
import com.coeffection.sync.testkit.RealInfraExtension;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/** The integration page's board buttons through the API: create a board automatically, pick an existing board. */
@ExtendWith(RealInfraExtension.class)
class BoardButtonsApiTest {
    private static final long ANA = 60_000_002L;
    private static final String STARTER = ConnectionsHarness.resource("/starter-mappings.yaml");


    private RealInfra infra;
    private ConnectionsHarness harness;

    @BeforeEach
    void start(RealInfra infra, @TempDir Path dir) {
        this.infra = infra;
        harness = new ConnectionsHarness(infra, dir, STARTER);
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    private Browser connectedAcme() {
        Browser admin = harness.browser();
        assertThat(admin.signIn("acme", ConnectionsHarness.ACME_TOKEN).status()).isEqualTo(200);
        assertThat(admin.get(admin.approveOnMonday("acme", ANA)).status()).isEqualTo(303);
        return admin;
    }

    @Test
    void givenATenantWithNoMapping_whenTheAdminCreatesTheContactBoardAutomatically_thenTheMappingAsksForABoardAndIsPublished() {
        Browser admin = connectedAcme();

        JsonNode entities = admin.get(harness.api("/tenants/acme/mappings/entities")).json();
        assertThat(entities).extracting(e -> e.get("entity").asText()).containsExactly("Contact", "Lead");
        assertThat(admin.get(harness.api("/tenants/acme/mappings")).json().get("starter").asText()).contains("tenant: acme");

        Answer created = admin.api("POST", "/tenants/acme/mappings/entities/Contact/create-board", ConnectionsHarness.json(Map.of()));

        assertThat(created.status()).as(created.body()).isEqualTo(200);
        assertThat(created.json().get("keys")).extracting(JsonNode::asText).contains("acme:Contact");
        BoardMapping contact = published("acme:Contact");
        assertThat(contact.getAutoCreate()).isTrue();
        assertThat(contact.getBoardId()).isNull();
        assertThat(admin.get(harness.api("/tenants/acme/mappings")).json().get("yaml").asText()).contains("tenant: acme");
        JsonNode change = admin.get(harness.api("/tenants/acme/audit")).json().get(0);
        assertThat(change.get("action").asText()).isEqualTo("MAPPINGS_PUBLISHED");
        assertThat(change.get("who").asText()).isEqualTo("admin:acme");
    }

    @Test
    void givenTheAdminPickedTheSalesWorkspace_whenTheContactBoardIsCreatedAutomatically_thenTheMappingCreatesItThere() {
        Browser admin = connectedAcme();
        JsonNode sales = find(admin.get(harness.api("/tenants/acme/monday/workspaces")).json(), "name", "Sales");
        assertThat(admin.api("PUT", "/tenants/acme/monday/workspace", ConnectionsHarness.json(Map.of("workspaceId",
                sales.get("id").asLong()))).status()).isEqualTo(200);

        Answer created = admin.api("POST", "/tenants/acme/mappings/entities/Contact/create-board", ConnectionsHarness.json(Map.of()));

        assertThat(created.status()).as(created.body()).isEqualTo(200);
        BoardMapping contact = published("acme:Contact");
        assertThat(contact.getAutoCreate()).isTrue();
        assertThat(contact.getWorkspaceId()).isEqualTo(sales.get("id").asLong());
        assertThat(admin.get(harness.api("/tenants/acme/mappings")).json().get("yaml").asText())
                .contains("workspace: " + sales.get("id").asLong());
    }

    @Test
    void givenABoardInTheWorkspace_whenTheAdminPicksIt_thenFieldsArePairedWithColumnsByNameAndTypeAndThePublishedMappingMatches() {
        Browser admin = connectedAcme();
        long board = customersBoard();

        JsonNode boards = admin.get(harness.api("/tenants/acme/monday/boards")).json();
        JsonNode listed = find(boards, "id", Long.toString(board));
        assertThat(listed.get("name").asText()).isEqualTo("Customers");
        assertThat(listed.get("columns")).extracting(c -> c.get("title").asText()).contains("E-mail", "Job title");

        Answer answer = admin.api("POST", "/tenants/acme/mappings/entities/Contact/suggestion",
                ConnectionsHarness.json(Map.of("boardId", board)));

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode suggestion = answer.json();
        Map<String, String> pairs = new java.util.LinkedHashMap<>();
        suggestion.get("pairs").forEach(p -> pairs.put(p.get("field").asText(), p.get("columnId").asText()));
        // by name and type: "title" is not paired with the item name, "Notes" (a long text) is not a title
        assertThat(pairs).containsExactly(entry("fullName", "name"), entry("email", "c_mail"),
                entry("phone", "c_phone"), entry("title", "c_title"));
        assertThat(suggestion.get("unmatchedFields")).extracting(JsonNode::asText).containsExactly("owner");
        assertThat(suggestion.get("statusColumn").asText()).isEqualTo("c_status");
        assertThat(suggestion.get("unusedColumns")).extracting(JsonNode::asText).containsExactly("c_notes");
        String yaml = suggestion.get("yaml").asText();
        assertThat(readAll()).as("a suggestion is not published").isEmpty();

        // the admin confirms (here: unchanged) and publishes: the mapping names the board, so matching starts
        JsonNode valid = admin.api("POST", "/tenants/acme/mappings/validate", ConnectionsHarness.yaml(yaml)).json();
        assertThat(valid.get("valid").asBoolean()).as(valid.toString()).isTrue();
        assertThat(admin.api("PUT", "/tenants/acme/mappings", ConnectionsHarness.yaml(yaml)).status()).isEqualTo(200);
        BoardMapping contact = published("acme:Contact");
        assertThat(contact.getBoardId()).isEqualTo(board);
        assertThat(contact.getAutoCreate()).isFalse();
        assertThat(contact.getMatchOnConnect()).isTrue();
        assertThat(contact.getFields()).extracting(f -> f.getField() + "->" + f.getColumnId())
                .containsExactly("fullName->name", "email->c_mail", "phone->c_phone", "title->c_title");
    }

    @Test
    void givenABoardOutsideTheWorkspaceOrAnotherTenant_whenPicked_thenRefused() {
        Browser admin = connectedAcme();
        Browser globex = harness.browser();
        assertThat(globex.signIn("globex", ConnectionsHarness.GLOBEX_TOKEN).status()).isEqualTo(200);

        Answer unknown = admin.api("POST", "/tenants/acme/mappings/entities/Contact/suggestion",
                ConnectionsHarness.json(Map.of("boardId", 987_654_321L)));
        Answer other = globex.api("POST", "/tenants/acme/mappings/entities/Contact/create-board", ConnectionsHarness.json(Map.of()));

        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().get("message").asText()).contains("not in the tenant's workspace");
        assertThat(other.status()).isEqualTo(403);
        assertThat(readAll()).isEmpty();
    }

    /** A board a person made on monday: Name, E-mail, Phone number, Job title, Contact status, Notes. */
    private long customersBoard() {
        var ana = harness.monday.asUser(ANA);
        String made = ana.graphql("mutation { create_board(board_name: \"Customers\", board_kind: public) { id } }", Map.of());
        long board = ConnectionsHarness.JSON.valueToTree(parse(made)).path("data").path("create_board").path("id").asLong();
        String[][] columns = {{"c_notes", "Notes", "long_text"}, {"c_mail", "E-mail", "email"},
                {"c_phone", "Phone number", "phone"}, {"c_title", "Job title", "text"}, {"c_status", "Contact status", "status"}};
        for (String[] c : columns) {
            ana.graphql("mutation { create_column(board_id: " + board + ", id: \"" + c[0] + "\", title: \"" + c[1]
                    + "\", column_type: " + c[2] + ") { id } }", Map.of());
        }
        return board;
    }

    private static JsonNode parse(String json) {
        try {
            return ConnectionsHarness.JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(json, e);
        }
    }

    private static JsonNode find(JsonNode list, String key, String value) {
        for (JsonNode n : list) {
            if (value.equals(n.path(key).asText())) {
                return n;
            }
        }
        throw new AssertionError("no " + key + "=" + value + " in " + list);
    }

    private List<ConsumerRecord<String, byte[]>> readAll() {
        return infra.readAll(harness.topics.boardMappings(), 1, Duration.ofSeconds(2));
    }

    private BoardMapping published(String key) {
        var deserializer = new AvroDeserializer<>(new SchemaRegistryClient(infra.schemaRegistryUrl()), BoardMapping.class);
        List<BoardMapping> found = new ArrayList<>();
        for (var record : infra.readAll(harness.topics.boardMappings(), 1, Duration.ofSeconds(20))) {
            if (record.key().equals(key)) {
                found.add(deserializer.deserialize(record.topic(), record.value()));
            }
        }
        assertThat(found).as("mappings published as " + key).isNotEmpty();
        return found.get(found.size() - 1);
    }
}

package com.coeffection.sync.connections.mappings;

import com.coeffection.sync.connections.ConnectionsHarnessAccess;
import com.coeffection.sync.testkit.RealInfra;
import com.coeffection.sync.testkit.RealInfraExtension;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(RealInfraExtension.class)
class MappingApiTest {
    private static final String CONTACTS = """
            tenant: %s
            mappings:
              - entity: Contact
                board: { id: 1234567890 }
                fields:
                  - field: fullName
                    type: text
                    column: { id: name, type: name }
                  - field: amount
                    type: %s
                    column: { id: text_amt, type: text }
            """;

    private RealInfra infra;
    private ConnectionsHarnessAccess harness;

    @BeforeEach
    void start(RealInfra infra, @TempDir Path dir) {
        this.infra = infra;
        harness = new ConnectionsHarnessAccess(infra, dir);
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void givenAMappingWithAFieldOnAColumnOfAnotherType_whenValidated_thenTheProblemNamesEntityFieldAndColumn() {
        JsonNode answer = harness.acme().send("POST", "/tenants/acme/mappings/validate", CONTACTS.formatted("acme", "number"));

        assertThat(answer.get("valid").asBoolean()).isFalse();
        JsonNode problem = answer.get("problems").get(0);
        assertThat(problem.get("severity").asText()).isEqualTo("ERROR");
        assertThat(problem.get("entity").asText()).isEqualTo("Contact");
        assertThat(problem.get("field").asText()).isEqualTo("amount");
        assertThat(problem.get("column").asText()).isEqualTo("text_amt");
        assertThat(problem.get("message").asText()).contains("a number field cannot be mapped to a text column");
    }

    @Test
    void givenAMisspeltKey_whenValidated_thenTheProblemGivesItsPath() {
        JsonNode answer = harness.acme().send("POST", "/tenants/acme/mappings/validate",
                "tenant: acme\nmappings:\n  - entity: Contact\n    bord: { id: 1 }\n");

        assertThat(answer.get("valid").asBoolean()).isFalse();
        assertThat(answer.get("problems").get(0).get("message").asText()).contains("mappings[0].bord");
    }

    @Test
    void givenAnInvalidMapping_whenPublished_thenItIsRefusedWith422AndNothingIsPublished() {
        var answer = harness.acme().raw("PUT", "/tenants/acme/mappings", CONTACTS.formatted("acme", "number"));

        assertThat(answer.status()).isEqualTo(422);
        assertThat(answer.json().get("error").asText()).isEqualTo("INVALID_MAPPING");
        assertThat(answer.json().get("problems").get(0).get("field").asText()).isEqualTo("amount");
        assertThat(infra.readAll(harness.topics().boardMappings(), 1, Duration.ofSeconds(2))).isEmpty();
    }

    @Test
    void givenAValidMapping_whenPublished_thenItIsOnTheMappingsTopicShownBackAndRecordedWithWhoAndWhat() {
        String yaml = CONTACTS.formatted("acme", "text");

        JsonNode published = harness.acme().send("PUT", "/tenants/acme/mappings", yaml);

        assertThat(published.get("keys").get(0).asText()).isEqualTo("acme:Contact");
        assertThat(infra.readAll(harness.topics().boardMappings(), 1, Duration.ofSeconds(20)))
                .extracting(r -> r.key()).containsExactly("acme:Contact");
        assertThat(harness.acme().send("GET", "/tenants/acme/mappings", null).get("yaml").asText()).isEqualTo(yaml);
        JsonNode change = harness.acme().send("GET", "/tenants/acme/audit", null).get(0);
        assertThat(change.get("who").asText()).isEqualTo("admin:acme");
        assertThat(change.get("action").asText()).isEqualTo("MAPPINGS_PUBLISHED");
        assertThat(change.get("what").get("document").asText()).isEqualTo(yaml);
        assertThat(change.get("at").asText()).isNotBlank();
    }

    @Test
    void givenAnAdminOfAnotherTenant_whenTheyChangeTheTenantsMapping_thenTheyAreForbiddenAndNothingIsPublished() {
        var onPath = harness.globex().raw("PUT", "/tenants/acme/mappings", CONTACTS.formatted("acme", "text"));
        var inDocument = harness.globex().raw("PUT", "/tenants/globex/mappings", CONTACTS.formatted("acme", "text"));

        assertThat(onPath.status()).isEqualTo(403);
        assertThat(onPath.json().get("error").asText()).isEqualTo("FORBIDDEN");
        assertThat(inDocument.status()).isEqualTo(403);
        assertThat(inDocument.json().get("message").asText()).contains("for tenant acme, not globex");
        assertThat(infra.readAll(harness.topics().boardMappings(), 1, Duration.ofSeconds(2))).isEmpty();
        assertThat(harness.acme().send("GET", "/tenants/acme/audit", null)).isEmpty();
    }
}

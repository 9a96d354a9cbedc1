package com.coeffection.sync.launcher.provisioning;

import com.coeffection.sync.monday.graphql.MondayClientConfig;

import com.coeffection.sync.ingress.IngressConfig;
import com.coeffection.sync.ingress.IngressServer;
import com.coeffection.sync.monday.graphql.MondayClient;
import com.coeffection.sync.monday.standin.MondayStandIn;
import com.coeffection.sync.monday.standin.StandInConfig;
import com.coeffection.sync.monday.standin.StandInViews;
import com.coeffection.sync.schema.BoardMapping;
import com.coeffection.sync.schema.FieldMapping;
import com.coeffection.sync.schema.MondayItemEvent;
import com.coeffection.sync.schema.StageMapping;
import com.coeffection.sync.schema.SyncDirection;
import com.coeffection.sync.serde.AvroDeserializer;
import com.coeffection.sync.serde.RecordDecoder;
import com.coeffection.sync.serde.SchemaRegistryClient;
import com.coeffection.sync.testkit.RealInfra;
import com.coeffection.sync.testkit.RealInfraExtension;
import com.coeffection.sync.topics.SyncTopics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Seed 000, "Auto-board creation", against the monday stand-in, with the webhooks answered by the real ingress. */
@ExtendWith(RealInfraExtension.class)
class BoardProvisionerTest {

    @Test
    void anExistingBoardThatMondayDoesNotHaveStopsThePublishWithAMessageNamingIt() {
        try (MondayStandIn monday = MondayStandIn.start(StandInConfig.defaults());
             MondayClient client = new MondayClient(MondayClientConfig.of(monday.apiUrl(), monday.token())
                     .withAssumedBudget(monday.config().budgetPerWindow()))) {
            BoardMapping gone = BoardMapping.newBuilder(opportunityMapping()).setAutoCreate(false).setBoardId(987_654L).build();

            assertThat(ExistingBoards.names(gone)).isTrue();
            org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                            new ExistingBoards(client, new BoardProvisioner(client)).connect(gone, "http://127.0.0.1:9/hooks"))
                    .isInstanceOf(BoardProvisioner.ProvisioningException.class)
                    .hasMessageContaining("board 987654 of the Opportunity mapping of tenant ten_acme is not on monday");
            assertThat(monday.webhooks()).isEmpty();
        }
    }

    @Test
    void createsTheBoardColumnsStageGroupsAndWebhooksThatFlowBackIntoKafka(RealInfra infra) {
        String prefix = "prov-" + System.nanoTime();
        SyncTopics topics = SyncTopics.from(Map.of("TOPIC_ITEM_EVENTS", prefix + ".item-events", "TOPIC_DLQ", prefix + ".dlq"));
        infra.createTopic(topics.itemEvents(), 1, false);
        infra.createTopic(topics.deadLetters(), 1, false);
        try (MondayStandIn monday = MondayStandIn.start(StandInConfig.defaults());
             IngressServer ingress = new IngressServer(IngressConfig.defaults(infra.bootstrapServers(), infra.schemaRegistryUrl())
                     .withPort(0).withTopics(topics), new SimpleMeterRegistry()).start();
             MondayClient client = new MondayClient(MondayClientConfig.of(monday.apiUrl(), monday.token()).withAssumedBudget(monday.config().budgetPerWindow()))) {
            String webhookUrl = "http://127.0.0.1:" + ingress.port() + "/webhooks/monday/ten_acme";

            BoardMapping provisioned = new BoardProvisioner(client).provision(opportunityMapping(), webhookUrl);

            assertThat(provisioned.getBoardId()).isNotNull();
            StandInViews.BoardView board = monday.board(provisioned.getBoardId()).orElseThrow();
            assertThat(board.name()).isEqualTo("Coeffection — Opportunities");
            // in the mapping's workspace (the stand-in's second one, "Sales")
            assertThat(monday.asUser(60_000_002L).graphql("{ boards(ids: [" + provisioned.getBoardId() + "]) { workspace_id } }",
                    Map.of())).contains("\"workspace_id\":\"2\"");
            assertThat(board.columns()).extracting(StandInViews.ColumnView::id)
                    .contains("coeffection_id", "amount", "close_date", "stage_status");
            assertThat(board.columns()).filteredOn(c -> c.id().equals("amount")).extracting(StandInViews.ColumnView::type).containsExactly("numbers");
            assertThat(board.columns()).filteredOn(c -> c.id().equals("stage_status")).extracting(StandInViews.ColumnView::type).containsExactly("status");
            assertThat(board.columns()).filteredOn(c -> c.id().equals("close_date")).extracting(StandInViews.ColumnView::title).containsExactly("Close Date");
            assertThat(board.groups()).extracting(StandInViews.GroupView::title).contains("Prospecting", "Negotiation", "Closed Won");
            assertThat(provisioned.getStages()).allSatisfy(s -> assertThat(s.getGroupId()).isNotNull());
            assertThat(monday.webhooks()).filteredOn(w -> w.boardId() == provisioned.getBoardId())
                    .extracting(StandInViews.WebhookView::event).containsExactlyInAnyOrderElementsOf(BoardProvisioner.WEBHOOK_EVENTS);

            monday.asUser(60_000_002L).createItem(provisioned.getBoardId(), "Globex renewal",
                    provisioned.getStages().get(0).getGroupId(), Map.of());

            var events = infra.readAll(topics.itemEvents(), 1, Duration.ofSeconds(30));
            assertThat(events).isNotEmpty();
            MondayItemEvent event = new RecordDecoder<>(new AvroDeserializer<>(new SchemaRegistryClient(infra.schemaRegistryUrl()),
                    MondayItemEvent.class)).decode(events.get(0));
            assertThat(event.getTenantId()).isEqualTo("ten_acme");
            assertThat(event.getBoardId()).isEqualTo(provisioned.getBoardId());
            assertThat(event.getUserId()).isEqualTo(60_000_002L);
            assertThat(event.getItemName()).isEqualTo("Globex renewal");
        }
    }

    @Test
    void columnTitlesAreReadableFieldNames() {
        assertThat(BoardProvisioner.columnTitle("closeDate")).isEqualTo("Close Date");
        assertThat(BoardProvisioner.columnTitle("email")).isEqualTo("Email");
        assertThat(BoardProvisioner.columnTitle("annual_revenue")).isEqualTo("Annual Revenue");
    }

    @Test
    void boardNamesArePluralsOfTheEntityType() {
        assertThat(BoardProvisioner.defaultBoardName("Opportunity")).isEqualTo("Coeffection — Opportunities");
        assertThat(BoardProvisioner.defaultBoardName("Contact")).isEqualTo("Coeffection — Contacts");
        assertThat(BoardProvisioner.defaultBoardName("Address")).isEqualTo("Coeffection — Addresses");
        assertThat(BoardProvisioner.defaultBoardName("Survey")).isEqualTo("Coeffection — Surveys");
    }

    private static BoardMapping opportunityMapping() {
        return BoardMapping.newBuilder()
                .setTenantId("ten_acme").setEntityType("Opportunity").setAutoCreate(true).setWorkspaceId(2L)
                .setItemNameField("name")
                .setFields(List.of(
                        field("name", "text", "name", "name"),
                        field("amount", "currency", "amount", "numbers"),
                        field("closeDate", "date", "close_date", "date")))
                .setStageField("stage").setStatusColumnId("stage_status")
                .setStages(List.of(
                        new StageMapping("Prospecting", null, List.of("Working on it")),
                        new StageMapping("Negotiation", null, List.of("Working on it")),
                        new StageMapping("Closed Won", null, List.of("Done"))))
                .setLabelDefaultStages(Map.of("Working on it", "Prospecting"))
                .setUpdatedAt(Instant.parse("2024-04-15T14:00:00Z"))
                .build();
    }

    private static FieldMapping field(String field, String fieldType, String columnId, String columnType) {
        return new FieldMapping(field, fieldType, columnId, columnType, null, SyncDirection.TWO_WAY);
    }
}

package com.coeffection.sync.launcher.provisioning;

import com.coeffection.sync.monday.graphql.MondayClient;
import com.coeffection.sync.monday.graphql.MondayClientConfig;
import com.coeffection.sync.monday.standin.MondayStandIn;
import com.coeffection.sync.monday.standin.StandInConfig;
import com.coeffection.sync.monday.standin.StandInViews;
import com.coeffection.sync.schema.BoardMapping;
import com.coeffection.sync.schema.FieldMapping;
import com.coeffection.sync.schema.StageMapping;
import com.coeffection.sync.schema.SyncDirection;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A board is created once whatever fails: a crash after any step of provisioning, before the mapping is published,
 * and monday's transient errors while the board is checked, never lead to a second board.
 */
class BoardOnceTest {
    private String hooks;
    private HttpServer endpoint;
    private MondayStandIn monday;
    private MondayClient client;

    @BeforeEach
    void start() throws Exception {
        // answers monday's challenge, as the ingress does, so that webhooks can be created
        endpoint = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        endpoint.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        endpoint.start();
        hooks = "http://127.0.0.1:" + endpoint.getAddress().getPort() + "/webhooks/monday/ten_acme";
        monday = MondayStandIn.start(StandInConfig.defaults());
        // one attempt per call: the provisioner's own retries are what is tested
        client = new MondayClient(MondayClientConfig.of(monday.apiUrl(), monday.token())
                .withAssumedBudget(monday.config().budgetPerWindow()).withMaxAttempts(1));
    }

    @AfterEach
    void stop() {
        client.close();
        monday.close();
        endpoint.stop(0);
    }

    @ParameterizedTest
    @EnumSource(BoardProvisioner.Step.class)
    void aCrashAfterAnyStepLeavesOneBoardThatTheNextStartFindsByItsMarkAndCompletes(BoardProvisioner.Step crashAt) {
        BoardProvisioner crashing = new BoardProvisioner(client, step -> {
            if (step == crashAt) {
                throw new IllegalStateException("killed after " + step);
            }
        }, Duration.ofMillis(10));
        assertThatThrownBy(() -> crashing.ensure(contactMapping(), null, hooks)).hasMessageContaining("killed after");

        // the mapping was never published: the next start knows nothing of the board but its mark
        BoardMapping ready = new BoardProvisioner(client).ensure(contactMapping(), null, hooks);

        assertThat(monday.boards()).hasSize(1);
        StandInViews.BoardView board = monday.board(ready.getBoardId()).orElseThrow();
        assertThat(board.columns()).extracting(StandInViews.ColumnView::id).doesNotHaveDuplicates()
                .contains(BoardProvisioner.COEFFECTION_ID_COLUMN, "email", "contact_status");
        assertThat(board.groups()).extracting(StandInViews.GroupView::title).contains("Lead", "Customer").doesNotHaveDuplicates();
        assertThat(monday.webhooks()).filteredOn(w -> w.boardId() == ready.getBoardId())
                .extracting(StandInViews.WebhookView::event).containsExactlyInAnyOrderElementsOf(BoardProvisioner.WEBHOOK_EVENTS);
        assertThat(ready.getStages()).allSatisfy(s -> assertThat(s.getGroupId()).isNotNull());
        assertThat(ready.getCoeffectionIdColumnId()).isEqualTo(BoardProvisioner.COEFFECTION_ID_COLUMN);
    }

    @Test
    void aTransientErrorWhileCheckingThePublishedBoardIsRetriedAndTheBoardKept() {
        BoardMapping published = new BoardProvisioner(client).ensure(contactMapping(), null, hooks);
        monday.faults().serverErrors(3, 503);

        BoardMapping again = new BoardProvisioner(client, BoardProvisioner.StepListener.NONE, Duration.ofMillis(10))
                .ensure(contactMapping(), published, hooks);

        assertThat(again.getBoardId()).isEqualTo(published.getBoardId());
        assertThat(again.getStages()).isEqualTo(published.getStages());
        assertThat(monday.boards()).hasSize(1);
    }

    @Test
    void monday500sThatDoNotStopMeanNoBoardIsCreatedAndNoneIsTakenForGone() {
        BoardMapping published = new BoardProvisioner(client).ensure(contactMapping(), null, hooks);
        monday.faults().serverErrors(50, 500);

        assertThatThrownBy(() -> new BoardProvisioner(client, BoardProvisioner.StepListener.NONE, Duration.ofMillis(1))
                .ensure(contactMapping(), published, hooks))
                .isInstanceOf(BoardProvisioner.ProvisioningException.class).hasMessageContaining("no board was created twice");
        monday.faults().reset();
        assertThat(monday.boards()).hasSize(1);
    }

    @Test
    void aBoardOfAnotherTenantOrEntityIsNeverTaken() {
        BoardMapping contacts = new BoardProvisioner(client).ensure(contactMapping(), null, hooks);
        BoardMapping otherTenant = BoardMapping.newBuilder(contactMapping()).setTenantId("ten_globex").build();

        BoardMapping theirs = new BoardProvisioner(client).ensure(otherTenant, null, hooks);

        assertThat(theirs.getBoardId()).isNotEqualTo(contacts.getBoardId());
        assertThat(monday.boards()).hasSize(2);
    }

    private static BoardMapping contactMapping() {
        return BoardMapping.newBuilder()
                .setTenantId("ten_acme").setEntityType("Contact").setAutoCreate(true).setItemNameField("fullName")
                .setFields(List.of(
                        new FieldMapping("fullName", "text", "name", "name", null, SyncDirection.TWO_WAY),
                        new FieldMapping("email", "email", "email", "email", null, SyncDirection.TWO_WAY)))
                .setStageField("status").setStatusColumnId("contact_status")
                .setStages(List.of(new StageMapping("Lead", null, List.of("New")), new StageMapping("Customer", null, List.of("Done"))))
                .setLabelDefaultStages(Map.of())
                .setUpdatedAt(Instant.parse("2024-04-15T14:00:00Z"))
                .build();
    }
}

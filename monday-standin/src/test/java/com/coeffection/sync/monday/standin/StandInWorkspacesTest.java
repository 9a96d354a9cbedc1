package com.coeffection.sync.monday.standin;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The stand-in account's two workspaces, and boards created in and listed by workspace as monday does. */
class StandInWorkspacesTest {
    @Test
    @DisplayName("Given the account's workspaces, when a board is created in Sales and another with no workspace, then each is listed under its own workspace, and the main one's board has no workspace_id")
    void boardsBelongToTheirWorkspace() throws Exception {
        try (MondayStandIn monday = MondayStandIn.start(StandInConfig.defaults().withPort(0));
             StandInApi api = new StandInApi(monday)) {
            JsonNode workspaces = api.data("workspaces", "{ workspaces { id name is_default_workspace } }", Map.of());
            assertThat(workspaces).extracting(w -> w.get("name").asText()).containsExactly("Main workspace", "Sales");

            long sales = api.data("create_board", "mutation { create_board(board_name: \"Leads\", board_kind: public,"
                    + " workspace_id: 2) { id workspace_id } }", Map.of()).path("id").asLong();
            long main = api.createBoard("Contacts");

            assertThat(api.data("boards", "{ boards(workspace_ids: [2]) { id workspace_id } }", Map.of()))
                    .extracting(b -> b.get("id").asLong() + "@" + b.get("workspace_id").asText()).containsExactly(sales + "@2");
            assertThat(api.data("boards", "{ boards(workspace_ids: [1]) { id workspace_id } }", Map.of()))
                    .extracting(b -> b.get("id").asLong() + "@" + b.get("workspace_id").isNull()).containsExactly(main + "@true");
        }
    }

    @Test
    @DisplayName("Given a workspace the account does not have, when a board is created in it, then monday's error names it and no board is made")
    void anUnknownWorkspaceIsRefused() throws Exception {
        try (MondayStandIn monday = MondayStandIn.start(StandInConfig.defaults().withPort(0));
             StandInApi api = new StandInApi(monday)) {
            JsonNode answer = api.call("mutation { create_board(board_name: \"X\", board_kind: public, workspace_id: 99)"
                    + " { id } }", Map.of());

            assertThat(answer.toString()).contains("Workspace 99 does not exist");
            assertThat(api.data("boards", "{ boards { id } }", Map.of())).isEmpty();
        }
    }
}

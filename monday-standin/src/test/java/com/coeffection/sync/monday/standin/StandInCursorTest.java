package com.coeffection.sync.monday.standin;

import com.coeffection.sync.testkit.MovableClock;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Page cursors as monday documents them: valid for 60 minutes after the request that returned them, reusable meanwhile. */
class StandInCursorTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aCursorCanBeUsedAgainWithinAnHourAndIsRefusedAfter() throws Exception {
        MovableClock clock = new MovableClock(Instant.parse("2026-12-01T09:00:00Z"));
        try (MondayStandIn monday = MondayStandIn.start(StandInConfig.defaults(), clock);
             StandInApi client = new StandInApi(monday)) {
            long board = client.createBoard("Paged");
            long first = client.createItem(board, "One", Map.of());
            long second = client.createItem(board, "Two", Map.of());
            client.createItem(board, "Three", Map.of());
            MondayStandIn.AsUser reader = monday.asUser(monday.integrationUserId());
            JsonNode page = JSON.readTree(reader.graphql("{ boards(ids: [" + board + "]) { items_page(limit: 1) { cursor items { id } } } }",
                    Map.of())).path("data").path("boards").get(0).path("items_page");
            assertThat(page.path("items").get(0).path("id").asLong()).isEqualTo(first);
            String cursor = page.path("cursor").asText();

            String next = "query ($c: String!) { next_items_page(cursor: $c, limit: 1) { cursor items { id } } }";
            clock.advance(Duration.ofMinutes(59));
            for (int i = 0; i < 2; i++) { // a reader that crashed after its read asks again with the same cursor
                JsonNode again = JSON.readTree(reader.graphql(next, Map.of("c", cursor)));
                assertThat(again.path("data").path("next_items_page").path("items").get(0).path("id").asLong())
                        .isEqualTo(second);
            }

            clock.advance(Duration.ofMinutes(2));
            JsonNode expired = JSON.readTree(reader.graphql(next, Map.of("c", cursor)));
            assertThat(expired.toString()).contains("CursorExpiredError");
        }
    }
}

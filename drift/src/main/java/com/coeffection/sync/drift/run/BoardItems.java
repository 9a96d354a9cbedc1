package com.coeffection.sync.drift.run;

import com.coeffection.sync.monday.graphql.Model;
import com.coeffection.sync.monday.graphql.MondayClient;
import com.coeffection.sync.monday.graphql.Operations;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads all items of a board with monday's cursor ({@code boards(ids:) { items_page }}, then
 * {@code next_items_page(cursor:)}), through the monday client (which waits for the complexity budget and retries
 * monday's transient failures), within the run's {@link BudgetShare}. Counts calls and the complexity points spent
 * (the budget's remaining points before and after each call; a window reset in between counts as nothing).
 */
final class BoardItems {
    /** The items by id, when the first page was read, and what reading cost. */
    record Read(Map<Long, Model.ItemSnapshot> items, Instant readAt, long calls, long complexity) {
    }

    private final MondayClient client;
    private final BudgetShare share;
    private final Clock clock;
    private final int pageSize;

    BoardItems(MondayClient client, BudgetShare share, Clock clock, int pageSize) {
        this.client = client;
        this.share = share;
        this.clock = clock;
        this.pageSize = pageSize;
    }

    Read read(long boardId) throws InterruptedException {
        Map<Long, Model.ItemSnapshot> items = new LinkedHashMap<>();
        long calls = 0;
        long complexity = 0;
        long lastCost = 0;
        share.awaitTurn(client.budget(), lastCost);
        Instant readAt = clock.instant();
        long before = client.budget().snapshot().remaining();
        Model.ItemsPage page = client.execute(new Operations.ReadBoard(boardId, pageSize)).items();
        calls++;
        lastCost = Math.max(0, before - client.budget().snapshot().remaining());
        complexity += lastCost;
        page.items().forEach(i -> items.put(i.id(), i));
        while (page.hasMore()) {
            share.awaitTurn(client.budget(), lastCost);
            before = client.budget().snapshot().remaining();
            page = client.execute(new Operations.NextItemsPage(page.cursor(), pageSize));
            calls++;
            lastCost = Math.max(0, before - client.budget().snapshot().remaining());
            complexity += lastCost;
            page.items().forEach(i -> items.put(i.id(), i));
        }
        return new Read(items, readAt, calls, complexity);
    }
}

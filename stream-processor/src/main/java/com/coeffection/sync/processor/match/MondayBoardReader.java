package com.coeffection.sync.processor.match;

import com.coeffection.sync.monday.graphql.Model;
import com.coeffection.sync.monday.graphql.MondayClient;
import com.coeffection.sync.monday.graphql.Operations;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads board items with the monday client, which waits for the complexity budget before each call (so indexing a
 * board never exceeds it) and retries monday's transient failures.
 */
public final class MondayBoardReader implements BoardReader {
    private final MondayClient client;
    private final AtomicLong calls = new AtomicLong();

    public MondayBoardReader(MondayClient client) {
        this.client = client;
    }

    @Override
    public Model.ItemsPage first(long boardId, int limit) {
        calls.incrementAndGet();
        return client.execute(new Operations.ReadBoard(boardId, limit)).items();
    }

    @Override
    public Model.ItemsPage next(String cursor, int limit) {
        calls.incrementAndGet();
        return client.execute(new Operations.NextItemsPage(cursor, limit));
    }

    /** monday calls made so far. */
    public long calls() {
        return calls.get();
    }
}

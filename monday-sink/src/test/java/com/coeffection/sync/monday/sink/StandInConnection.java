package com.coeffection.sync.monday.sink;

import com.coeffection.sync.monday.graphql.MondayClient;
import com.coeffection.sync.monday.graphql.MondayClientConfig;
import com.coeffection.sync.monday.graphql.Operations;
import com.coeffection.sync.monday.sink.MondayConnections.Connection;
import com.coeffection.sync.monday.standin.MondayStandIn;
import com.coeffection.sync.monday.standin.StandInConfig;
import com.coeffection.sync.monday.tokens.TokenProvider;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * One delivery unit's surroundings without a broker: a monday stand-in with a board, the sink's configuration and
 * metrics, and the tenant's connection as the sink opens it.
 */
final class StandInConnection implements AutoCloseable {
    static final String TENANT = "t1";

    final MondayStandIn monday = MondayStandIn.start(StandInConfig.defaults());
    final MondayClient admin = new MondayClient(MondayClientConfig.of(monday.apiUrl(), monday.token()));
    final MondaySinkConfig config = MondaySinkConfig.of("localhost:9092", "http://localhost:8081", monday.apiUrl(),
            TokenProvider.fixed(monday.token()));
    final SinkMetrics metrics = new SinkMetrics(new SimpleMeterRegistry(), () -> 0);
    final MondayConnections connections = new MondayConnections(monday.apiUrl(), config.tokens(), Duration.ofSeconds(5),
            Clock.systemUTC());
    final Connection connection = connections.forTenant(TENANT);
    final RequestsInFlight inFlight = new RequestsInFlight(config.inFlight());

    /** A board with a text column, a people column ({@code owner}) and the record id in column {@code idColumn}. */
    long board(String idColumn) {
        long board = admin.execute(new Operations.CreateBoard("Contacts", "public", null, null, null)).id();
        admin.execute(new Operations.CreateColumn(board, "Text", "text", "text", null, null));
        admin.execute(new Operations.CreateColumn(board, "Owner", "people", "owner", null, null));
        admin.execute(new Operations.CreateColumn(board, "Coeffection ID", "text", idColumn, null, null));
        return board;
    }

    /** An item made by a person in monday, carrying a record id in {@code idColumn}. */
    long item(long board, String idColumn, String recordId) {
        return monday.asUser(monday.config().users().get(0).id()).createItem(board, "By hand", null,
                Map.of(idColumn, "\"" + recordId + "\"")).id();
    }

    /** Waits for the requests out and applies their answers, as the poll loop does. */
    void answers() {
        inFlight.awaitAll(Duration.ofSeconds(10));
    }

    @Override
    public void close() {
        inFlight.close();
        connections.close();
        admin.close();
        monday.close();
    }
}

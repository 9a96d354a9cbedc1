package com.coeffection.sync.connections.status;

import com.coeffection.sync.connections.tokens.ConnectionState;
import com.coeffection.sync.connections.tokens.ConnectionStore;
import com.coeffection.sync.connections.tokens.StoredConnection;
import com.coeffection.sync.connections.tokens.TokenCipher;
import com.coeffection.sync.schema.Actor;
import com.coeffection.sync.schema.ActorKind;
import com.coeffection.sync.schema.CommandOutcome;
import com.coeffection.sync.schema.HistoryStatus;
import com.coeffection.sync.schema.MondayCommandResult;
import com.coeffection.sync.schema.SyncDirection;
import com.coeffection.sync.schema.SyncHistoryEntry;
import com.coeffection.sync.testkit.MovableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SinkOutcomesTest {
    private static final Instant CONNECTED_AT = Instant.parse("2026-12-02T08:00:00Z");
    private final MovableClock clock = new MovableClock(CONNECTED_AT);

    private static MondayCommandResult outcome(CommandOutcome outcome, String code, Instant at) {
        return outcome(outcome, code, at, null);
    }

    private static MondayCommandResult outcome(CommandOutcome outcome, String code, Instant at, String entry) {
        return MondayCommandResult.newBuilder().setCommandId("c1").setTenantId("acme").setEntityType("Contact")
                .setRecordId("cnt_1").setBoardId(42L).setItemId(null).setOutcome(outcome).setItemCreated(false)
                .setDeliveredColumns(List.of()).setErrorCode(code).setErrorMessage(code == null ? null : "monday said no")
                .setRequestId(null).setAttempts(1).setHistoryEntryId(entry).setRefusedColumns(List.of()).setErrorType(null)
                .setDeadLetterId(null).setCompletedAt(at).build();
    }

    private ConnectionStore connected(Path dir) {
        ConnectionStore store = new ConnectionStore(dir, TokenCipher.fromBase64(TokenCipher.newKey()), clock);
        store.connect("acme", "token-1", new StoredConnection.MondayAccount(1, null, 2, "Ana", "ana@x"), "boards:read");
        return store;
    }

    @Test
    void givenAConnectedTenant_whenTheSinkReportsARefusedTokenAfterTheConnection_thenTheConnectionNeedsAReconnect(@TempDir Path dir) {
        ConnectionStore store = connected(dir);
        SinkOutcomes outcomes = new SinkOutcomes(store, new SyncActivity());

        outcomes.apply(outcome(CommandOutcome.RECONNECT_NEEDED, "UNAUTHENTICATED", CONNECTED_AT.plusSeconds(5)));

        assertThat(store.get("acme").orElseThrow().state()).isEqualTo(ConnectionState.RECONNECT_NEEDED);
        assertThat(store.get("acme").orElseThrow().reason()).contains("UNAUTHENTICATED");
    }

    @Test
    void givenAConnectedTenant_whenARefusalFromBeforeTheConnectionArrives_thenTheConnectionStaysConnected(@TempDir Path dir) {
        ConnectionStore store = connected(dir);

        new SinkOutcomes(store, new SyncActivity())
                .apply(outcome(CommandOutcome.RECONNECT_NEEDED, "UNAUTHENTICATED", CONNECTED_AT.minusSeconds(5)));

        assertThat(store.get("acme").orElseThrow().state()).isEqualTo(ConnectionState.CONNECTED);
    }

    @Test
    void givenADisconnectedTenant_whenTheSinkReportsItHasNoToken_thenItStaysDisconnected(@TempDir Path dir) {
        ConnectionStore store = connected(dir);
        store.disconnect("acme", "admin:acme");

        new SinkOutcomes(store, new SyncActivity())
                .apply(outcome(CommandOutcome.RECONNECT_NEEDED, SinkOutcomes.NO_TOKEN, CONNECTED_AT.plusSeconds(5)));

        assertThat(store.get("acme").orElseThrow().state()).isEqualTo(ConnectionState.DISCONNECTED);
    }

    @Test
    void givenDeliveriesAndFailures_whenReported_thenTheLastSuccessAndTheRecentErrorsNewestFirstAreKept(@TempDir Path dir) {
        SyncActivity activity = new SyncActivity();
        SinkOutcomes outcomes = new SinkOutcomes(connected(dir), activity);

        outcomes.apply(outcome(CommandOutcome.DELIVERED, null, CONNECTED_AT.plusSeconds(10)));
        outcomes.apply(outcome(CommandOutcome.DELIVERED, null, CONNECTED_AT.plusSeconds(3)));
        for (int i = 0; i < SyncActivity.RECENT_ERRORS + 2; i++) {
            clock.advance(Duration.ofSeconds(1));
            outcomes.apply(outcome(CommandOutcome.DEAD_LETTERED, "ColumnValueException" + i, CONNECTED_AT.plusSeconds(20 + i),
                    "entry-" + i));
        }

        assertThat(activity.lastSuccess("acme")).isEqualTo(CONNECTED_AT.plusSeconds(10));
        assertThat(activity.recentErrors("acme")).hasSize(SyncActivity.RECENT_ERRORS);
        assertThat(activity.recentErrors("acme").get(0).errorCode()).isEqualTo("ColumnValueException" + (SyncActivity.RECENT_ERRORS + 1));
        assertThat(activity.recentErrors("acme").get(0).record()).isEqualTo("Contact:cnt_1");
    }

    @Test
    void givenAFailureTheSinkReportsAndTheHistoryHolds_whenBothArrive_thenItIsOneRecentErrorNamingItsHistoryEntry(@TempDir Path dir) {
        SyncActivity activity = new SyncActivity();
        new SinkOutcomes(connected(dir), activity).apply(outcome(CommandOutcome.DEAD_LETTERED, "ColumnValueException",
                CONNECTED_AT.plusSeconds(5), "entry-7"));

        new HistoryErrors(activity).apply(entry("entry-7", HistoryStatus.FAILED, CONNECTED_AT.plusSeconds(6)));

        assertThat(activity.recentErrors("acme")).singleElement().satisfies(e -> {
            assertThat(e.historyEntryId()).isEqualTo("entry-7");
            assertThat(e.errorCode()).isEqualTo("ColumnValueException");
            assertThat(e.message()).isEqualTo("monday refused the phone");
        });
    }

    @Test
    void givenAFailedEntry_whenItIsRetriedWithSuccess_thenItLeavesTheRecentErrors(@TempDir Path dir) {
        SyncActivity activity = new SyncActivity();
        HistoryErrors history = new HistoryErrors(activity);
        history.apply(entry("entry-1", HistoryStatus.FAILED, CONNECTED_AT.plusSeconds(5)));
        history.apply(entry("entry-2", HistoryStatus.REJECTED, CONNECTED_AT.plusSeconds(6)));
        history.apply(entry("entry-3", HistoryStatus.FAILED, CONNECTED_AT.plusSeconds(7)));

        history.apply(entry("entry-1", HistoryStatus.SUCCEEDED, CONNECTED_AT.plusSeconds(60)));
        new SinkOutcomes(connected(dir), activity).apply(outcome(CommandOutcome.DELIVERED, null,
                CONNECTED_AT.plusSeconds(61), "entry-3"));
        // a late copy of an older version does not bring an error back
        history.apply(entry("entry-1", HistoryStatus.FAILED, CONNECTED_AT.plusSeconds(5)));

        assertThat(activity.recentErrors("acme")).extracting(SyncActivity.RecentError::historyEntryId)
                .containsExactly("entry-2");
        assertThat(activity.recentErrors("acme").get(0).errorCode()).isEqualTo("ColumnValueException");
    }

    private static SyncHistoryEntry entry(String id, HistoryStatus status, Instant at) {
        return SyncHistoryEntry.newBuilder().setEntryId(id).setTenantId("acme").setEntityType("Contact")
                .setRecordId("cnt_1").setBoardId(42L).setItemId(7L).setDirection(SyncDirection.COEFFECTION_TO_MONDAY)
                .setStatus(status).setTriggeredBy(Actor.newBuilder().setKind(ActorKind.USER).build())
                .setErrorCode(status == HistoryStatus.SUCCEEDED ? null : "ColumnValueException")
                .setErrorMessage(status == HistoryStatus.SUCCEEDED ? null : "monday refused the phone")
                .setOccurredAt(CONNECTED_AT).setUpdatedAt(at).build();
    }
}

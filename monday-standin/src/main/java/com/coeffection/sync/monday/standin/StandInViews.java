package com.coeffection.sync.monday.standin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Read-only snapshots of the stand-in's state, for tests and the {@code /standin/state} endpoint. */
public final class StandInViews {
    private StandInViews() {
    }

    public record BoardView(long id, String name, String kind, List<ColumnView> columns, List<GroupView> groups) {
    }

    public record ColumnView(String id, String title, String type, Map<String, Object> settings) {
    }

    public record GroupView(String id, String title, String color) {
    }

    /** One column value: monday's read JSON ({@code column_values.value}) and its display text. */
    public record ValueView(String value, String text) {
    }

    /** An item; {@code state} is active, archived or deleted; {@code lastChangedBy} is the user of the last change. */
    public record ItemView(long id, long boardId, String name, String groupId, String state, Map<String, ValueView> values,
                           long createdBy, long lastChangedBy) {
    }

    public record WebhookView(long id, long boardId, String url, String event, String config) {
    }

    /**
     * One webhook delivery and what became of it.
     *
     * @param attempts    how many times it was POSTed
     * @param lastStatus  HTTP status of the last attempt (0 when none answered)
     * @param delivered   whether an attempt got 200
     * @param body        the JSON body of the first attempt
     * @param authorization the Authorization header sent (a JWT), or null without a signing secret
     */
    public record DeliveryView(long webhookId, String type, String triggerUuid, int attempts, int lastStatus,
                               boolean delivered, String body, String authorization) {
    }

    /**
     * Budget usage of one complexity window.
     *
     * @param startedAtMillis when the window's first charge was made
     * @param used            points charged in it
     * @param budget          points it allowed
     */
    public record WindowUsage(long startedAtMillis, long used, long budget) {
        public double fraction() {
            return budget == 0 ? 0 : (double) used / budget;
        }
    }

    /**
     * Counters of what the stand-in saw.
     *
     * @param requests                    API requests received (any outcome)
     * @param validationFailures          requests refused because monday's schema rejects them
     * @param budgetErrors                requests refused with COMPLEXITY_BUDGET_EXHAUSTED
     * @param concurrencyErrors           requests refused with maxConcurrencyExceeded
     * @param sameBoardConcurrentMutations mutation requests that started while another mutated the same board
     * @param apiVersions                 API-Version header values seen, with counts
     * @param windows                     complexity used per budget window, oldest first
     */
    public record Stats(long requests, long validationFailures, long budgetErrors, long concurrencyErrors,
                        long sameBoardConcurrentMutations, Map<String, Long> apiVersions, List<WindowUsage> windows) {
    }

    /** The view of a board of the state. */
    static BoardView of(StandInState.Board b) {
        return new BoardView(b.id, b.name, b.kind,
                b.columns.values().stream().map(c -> new ColumnView(c.id, c.title, c.type, c.settings())).toList(),
                b.groups.values().stream().map(g -> new GroupView(g.id(), g.title(), g.color())).toList());
    }

    /** The view of an item of the state. */
    static ItemView of(StandInState.Item i) {
        Map<String, ValueView> values = new LinkedHashMap<>();
        i.values.forEach((k, v) -> values.put(k, new ValueView(v.readValue().toString(), v.text())));
        return new ItemView(i.id, i.boardId, i.name, i.groupId, i.state, Map.copyOf(values), i.createdBy, i.lastChangedBy);
    }
}

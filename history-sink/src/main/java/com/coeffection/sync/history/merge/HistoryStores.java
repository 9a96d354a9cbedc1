package com.coeffection.sync.history.merge;

/** The names of history-sink's state stores (also queried by the API through interactive queries). */
public final class HistoryStores {
    /** entry id -> merged entry. */
    public static final String ENTRIES = "history-entries";
    /** {@link com.coeffection.sync.history.store.HistoryKeys#byRecord} -> entry id. */
    public static final String BY_RECORD = "history-by-record";
    /** {@link com.coeffection.sync.history.store.HistoryKeys#byTenant} -> entry id. */
    public static final String BY_TENANT = "history-by-tenant";
    /** {@link com.coeffection.sync.history.store.HistoryKeys#byAge} -> entry id (retention). */
    public static final String BY_AGE = "history-by-age";
    /** {@code entryId \u0001 commandId} -> outcome that arrived before its entry. */
    public static final String EARLY_OUTCOMES = "history-early-outcomes";
    /** {@link com.coeffection.sync.history.deadletters.DeadLetterKeys#byTenant} -> dead letter (wire bytes). */
    public static final String DEAD_LETTERS = "history-dead-letters";
    /** {@code deadLetterId \u0001 requestId} -> replay time (epoch millis, text). */
    public static final String REPLAYS = "history-dead-letter-replays";

    /** The name of the internal topic that keys history inputs by record. */
    public static final String BY_RECORD_TOPIC = "history-inputs-by-record";

    private HistoryStores() {
    }
}

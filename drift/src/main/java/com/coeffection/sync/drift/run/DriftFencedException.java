package com.coeffection.sync.drift.run;

/** Another drift runner of the same board started after this one: this one stops, and its open page is discarded. */
public final class DriftFencedException extends RuntimeException {
    public DriftFencedException(String board, Throwable cause) {
        super("Another drift run of " + board + " took over (Kafka fenced this runner's transactional id);"
                + " this run stopped and its unfinished page was discarded", cause);
    }
}

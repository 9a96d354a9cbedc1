package com.coeffection.sync.drift.run;

/**
 * Where a run sends what it found, one page at a time: every message of a page is committed together or not at all.
 * Sealed: a real (transactional, fenced) publisher or a dry run that only counts.
 */
public sealed interface Publisher extends AutoCloseable permits FencedPublisher, DryRunPublisher {
    void send(String topic, String key, byte[] value);

    /** Makes the page's messages visible; throws {@link DriftFencedException} when another runner took the board. */
    void commitPage();

    /** Messages committed so far (a dry run: counted, never sent). */
    int published();

    @Override
    void close();
}

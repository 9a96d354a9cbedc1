package com.coeffection.sync.drift.run;

/** A dry run: counts what would have been published and sends nothing. */
public final class DryRunPublisher implements Publisher {
    private int page;
    private int published;

    @Override
    public void send(String topic, String key, byte[] value) {
        page++;
    }

    @Override
    public void commitPage() {
        published += page;
        page = 0;
    }

    @Override
    public int published() {
        return published;
    }

    @Override
    public void close() {
    }
}

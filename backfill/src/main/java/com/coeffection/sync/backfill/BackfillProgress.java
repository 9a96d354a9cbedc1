package com.coeffection.sync.backfill;

import java.time.Duration;

/**
 * How far one backfill has got.
 *
 * @param done          records sent so far (including those of earlier runs it resumed)
 * @param total         records the API reports for the entity
 * @param recordsPerSecond rate of this run so far
 */
public record BackfillProgress(String tenantId, String entityType, int done, int total, double recordsPerSecond,
                               boolean finished) {

    /** The time the rest will take at the current rate; null when unknown. */
    public Duration timeLeft() {
        if (recordsPerSecond <= 0 || done >= total) {
            return done >= total ? Duration.ZERO : null;
        }
        return Duration.ofMillis((long) ((total - done) / recordsPerSecond * 1000));
    }

    /** {@code "Contact: 5,000/10,000 (50%), 812 records/s, 6 s left"}. */
    public String describe() {
        int percent = total == 0 ? 100 : (int) (100L * done / total);
        Duration left = timeLeft();
        return String.format("%s: %,d/%,d (%d%%), %,.0f records/s, %s", entityType, done, total, percent,
                recordsPerSecond, finished ? "done" : left == null ? "time left unknown" : left.toSeconds() + " s left");
    }

    /** A text progress bar of {@code width} characters, e.g. {@code [#####.....]}. */
    public String bar(int width) {
        int filled = total == 0 ? width : (int) ((long) width * Math.min(done, total) / total);
        return "[" + "#".repeat(filled) + ".".repeat(width - filled) + "]";
    }
}

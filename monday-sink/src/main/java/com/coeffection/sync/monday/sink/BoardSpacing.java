package com.coeffection.sync.monday.sink;

import com.coeffection.sync.monday.sink.coalesce.ItemLane;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * Adaptive batching. A change of a board that has had no request for a while goes at once (a lone edit is not
 * delayed). While a board is busy (its last request went out less than its spacing ago) its new changes wait for
 * the spacing to end and then go together in one request: at most one request per board and spacing under load, so
 * a burst costs a few calls, and a change waits at most one spacing plus one request. When the changes waiting fill
 * another request as big as the last one (a backlog), it goes as soon as monday answered; a smaller rest waits for
 * the spacing, so under a sustained burst every request is full.
 *
 * <p>The spacing follows the load. After a small request (fewer than {@code small} changes, {@code MONDAY_SINK_FILL_TO})
 * it is the window ({@code MONDAY_SINK_WINDOW_MS}) scaled by how full that request was ({@code sent / full}, {@code
 * full} being the most changes a request takes): a board with a trickle of edits sends each as soon as monday
 * answered the one before. After a bigger request it is the whole window: a board whose edits come faster than
 * monday answers (a burst, hundreds a second) sends full requests a window apart, as few calls as before. While the
 * connection's complexity budget is below half its capacity the whole window always applies (fewer, fuller requests
 * when points are scarce).
 */
final class BoardSpacing {
    /** {@code -Dsync.sink.smallRestWaits=false}: any rest goes at once (the earlier behaviour, for measuring). */
    private static final boolean SMALL_REST_WAITS = !"false".equals(System.getProperty("sync.sink.smallRestWaits"));
    /** {@code -Dsync.sink.scaledSpacing=false}: every busy board waits the whole window (for measuring). */
    private static final boolean SCALED = !"false".equals(System.getProperty("sync.sink.scaledSpacing"));
    private final Duration window;
    private final int full;
    private final int small;
    /** A board's last request: when it went out and how many changes it carried. */
    private record LastRequest(Instant at, int size) {
    }

    private final Map<String, LastRequest> lastSent = new HashMap<>();
    private final java.util.Set<String> backlog = new java.util.HashSet<>();
    private Instant nextEnd;

    BoardSpacing(Duration window, int full, int small) {
        this.window = window;
        this.full = Math.max(1, full);
        this.small = small;
    }

    /** How long after a request of {@code sent} changes the board's next request may go. */
    Duration spacing(int sent, boolean budgetScarce) {
        if (!SCALED || budgetScarce || sent >= Math.min(small, full)) {
            return window;
        }
        return Duration.ofNanos(window.toNanos() * Math.max(1, sent) / full);
    }

    /**
     * Whether this board's changes must wait because its last request went out less than a window ago (unless a
     * full request's worth was left behind: that backlog goes on at once).
     */
    boolean mustWait(ItemLane lane, Instant now, boolean budgetScarce) {
        LastRequest last = lastSent.get(key(lane));
        if (last == null || window.isZero() || backlog.contains(key(lane))) {
            return false;
        }
        Instant end = last.at().plus(spacing(last.size(), budgetScarce));
        if (!end.isAfter(now)) {
            return false;
        }
        if (nextEnd == null || end.isBefore(nextEnd) || !nextEnd.isAfter(now)) {
            nextEnd = end;
        }
        return true;
    }

    /**
     * A request of this board with {@code sent} changes went out at {@code at}; {@code left} due changes did not fit
     * in it. When they fill another request as big, they go on once it is answered, without waiting for the window.
     */
    void sent(ItemLane lane, Instant at, int sent, int left) {
        boolean leftBehind = left > 0 && (left >= sent || !SMALL_REST_WAITS);
        lastSent.put(key(lane), new LastRequest(at, sent));
        if (leftBehind) {
            backlog.add(key(lane));
        } else {
            backlog.remove(key(lane));
        }
        if (lastSent.size() > 10_000) {
            // forget boards that have been quiet for longer than a window (they send at once anyway)
            for (Iterator<Map.Entry<String, LastRequest>> it = lastSent.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<String, LastRequest> e = it.next();
                if (!e.getValue().at().plus(window).isAfter(at) && !backlog.contains(e.getKey())) {
                    it.remove();
                }
            }
        }
    }

    /** When the earliest held-back board may send again, if one is held back. */
    Optional<Instant> nextEnd() {
        return Optional.ofNullable(nextEnd);
    }

    private static String key(ItemLane lane) {
        return lane.tenantId() + "@" + lane.boardId();
    }
}

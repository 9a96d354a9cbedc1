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
 * delayed). While a board is busy (its last request went out less than {@code window} ago) its new changes wait for
 * the window to end and then go together in one request: at most one request per board and window under load, so
 * a burst costs a few calls, and a change waits at most one window plus one request.
 */
final class BoardSpacing {
    private final Duration window;
    private final Map<String, Instant> lastSent = new HashMap<>();
    private Instant nextEnd;

    BoardSpacing(Duration window) {
        this.window = window;
    }

    /** Whether this board's changes must wait because its last request went out less than a window ago. */
    boolean mustWait(ItemLane lane, Instant now) {
        Instant last = lastSent.get(key(lane));
        if (last == null || window.isZero()) {
            return false;
        }
        Instant end = last.plus(window);
        if (!end.isAfter(now)) {
            return false;
        }
        if (nextEnd == null || end.isBefore(nextEnd) || !nextEnd.isAfter(now)) {
            nextEnd = end;
        }
        return true;
    }

    /** A request of this board went out at {@code at}. */
    void sent(ItemLane lane, Instant at) {
        lastSent.put(key(lane), at);
        if (lastSent.size() > 10_000) {
            // forget boards that have been quiet for longer than a window (they send at once anyway)
            for (Iterator<Instant> it = lastSent.values().iterator(); it.hasNext(); ) {
                if (!it.next().plus(window).isAfter(at)) {
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

package com.coeffection.sync.monday.standin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Fault knobs: make the stand-in fail the way monday sometimes does. Thread-safe; {@link #reset()} clears all. */
public final class StandInFaults {
    private final Clock clock;
    private final AtomicInteger serverErrorsLeft = new AtomicInteger();
    private volatile int serverErrorStatus = 500;
    private volatile Instant serverErrorsUntil = Instant.MIN;
    private volatile Duration delay = Duration.ZERO;
    private volatile boolean tokenRevoked;
    private final Set<Long> lockedBoards = ConcurrentHashMap.newKeySet();
    private final java.util.Map<Long, Duration> hangingBoards = new ConcurrentHashMap<>();

    StandInFaults(Clock clock) {
        this.clock = clock;
    }

    /** The next {@code requests} API requests get HTTP {@code status} (500, 502, 503 or 504). */
    public StandInFaults serverErrors(int requests, int status) {
        serverErrorStatus = status;
        serverErrorsLeft.set(requests);
        return this;
    }

    /** API requests get HTTP 503 for {@code duration} from now. */
    public StandInFaults serverErrorsFor(Duration duration) {
        serverErrorStatus = 503;
        serverErrorsUntil = clock.instant().plus(duration);
        return this;
    }

    /** Every API answer is held back by {@code delay} (slow answers; also keeps mutations in flight longer). */
    public StandInFaults slowAnswers(Duration delay) {
        this.delay = delay;
        return this;
    }

    /** The integration's token stops working (401), as when the admin who connected leaves the workspace. */
    public StandInFaults revokeToken() {
        tokenRevoked = true;
        return this;
    }

    public StandInFaults restoreToken() {
        tokenRevoked = false;
        return this;
    }

    /** Mutations of the board are refused with HTTP 423 (locked). */
    public StandInFaults lockBoard(long boardId) {
        lockedBoards.add(boardId);
        return this;
    }

    public StandInFaults unlockBoard(long boardId) {
        lockedBoards.remove(boardId);
        return this;
    }

    /**
     * Requests that touch the board (mutations, and queries naming it) get no answer for {@code hold}, then HTTP 504
     * without having been carried out: an account whose servers hang. A client with a shorter call timeout sees a
     * timeout.
     */
    public StandInFaults hangBoard(long boardId, Duration hold) {
        hangingBoards.put(boardId, hold);
        return this;
    }

    public StandInFaults stopHanging(long boardId) {
        hangingBoards.remove(boardId);
        return this;
    }

    public StandInFaults reset() {
        serverErrorsLeft.set(0);
        serverErrorsUntil = Instant.MIN;
        delay = Duration.ZERO;
        tokenRevoked = false;
        lockedBoards.clear();
        hangingBoards.clear();
        return this;
    }

    /** The 5xx status to answer this request with, or 0. */
    int takeServerError() {
        if (clock.instant().isBefore(serverErrorsUntil)) {
            return serverErrorStatus;
        }
        while (true) {
            int left = serverErrorsLeft.get();
            if (left <= 0) {
                return 0;
            }
            if (serverErrorsLeft.compareAndSet(left, left - 1)) {
                return serverErrorStatus;
            }
        }
    }

    Duration delay() {
        return delay;
    }

    boolean tokenRevoked() {
        return tokenRevoked;
    }

    /** How long a request touching these boards hangs before its 504, or zero. */
    Duration hang(Set<Long> boards) {
        Duration longest = Duration.ZERO;
        for (Long board : boards) {
            Duration hold = hangingBoards.get(board);
            if (hold != null && hold.compareTo(longest) > 0) {
                longest = hold;
            }
        }
        return longest;
    }

    boolean locked(long boardId) {
        return lockedBoards.contains(boardId);
    }
}

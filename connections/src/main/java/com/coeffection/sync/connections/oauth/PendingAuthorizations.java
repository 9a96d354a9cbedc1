package com.coeffection.sync.connections.oauth;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The authorizations under way: each admin's click on "Connect" gets a {@code state} (random, 256 bits) that is
 * bound to the tenant and to the admin's session, expires, and is accepted once. The callback is only accepted
 * with a state found here, for the same session: anything else is refused, so a callback nobody of this session
 * started (a forged or replayed one) connects nothing.
 */
public final class PendingAuthorizations {
    /** How long an admin has to approve on monday. */
    public static final Duration LIFETIME = Duration.ofMinutes(10);
    private static final int MAX_PENDING = 10_000;

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Pending> byState = new LinkedHashMap<>();

    /** One authorization under way: its state, the PKCE verifier, the tenant and the session it belongs to. */
    public record Pending(String state, String codeVerifier, String tenant, String sessionId, String admin,
                          Instant expires) {
        @Override
        public String toString() {
            return "Pending[tenant=" + tenant + ", admin=" + admin + ", expires=" + expires + "]";
        }
    }

    /** Why a callback's state was refused. */
    public static final class StateRejected extends RuntimeException {
        public StateRejected(String message) {
            super(message);
        }
    }

    public PendingAuthorizations(Clock clock) {
        this.clock = clock;
    }

    /** A new state for {@code tenant}, bound to {@code sessionId}. */
    public synchronized Pending begin(String tenant, String sessionId, String admin) {
        Instant now = clock.instant();
        purge(now);
        if (byState.size() >= MAX_PENDING) {
            Iterator<String> oldest = byState.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        Pending pending = new Pending(random(32), random(48), tenant, sessionId, admin, now.plus(LIFETIME));
        byState.put(pending.state(), pending);
        return pending;
    }

    /**
     * Takes the authorization a callback's state names; it is gone afterwards whatever the outcome.
     *
     * @throws StateRejected when the state is missing, unknown or already used, expired, or of another session
     */
    public synchronized Pending take(String state, String sessionId) {
        if (state == null || state.isBlank()) {
            throw new StateRejected("the callback carries no state");
        }
        Pending pending = byState.remove(state);
        if (pending == null) {
            throw new StateRejected("the state is unknown or was already used: start connecting again");
        }
        if (clock.instant().isAfter(pending.expires())) {
            throw new StateRejected("the authorization took longer than " + LIFETIME.toMinutes()
                    + " minutes and expired: start connecting again");
        }
        if (sessionId == null || !sessionId.equals(pending.sessionId())) {
            throw new StateRejected("the callback does not belong to this admin session: start connecting again"
                    + " from the integration page, in the same browser");
        }
        return pending;
    }

    private void purge(Instant now) {
        byState.values().removeIf(p -> now.isAfter(p.expires()));
    }

    private String random(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}

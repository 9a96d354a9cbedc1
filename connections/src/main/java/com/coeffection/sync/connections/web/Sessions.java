package com.coeffection.sync.connections.web;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Signed-in admins of the integration page: a random session id in an HttpOnly cookie stands for the admin who
 * signed in with their token. The OAuth state is bound to this session, so the callback is accepted only in the
 * browser that started connecting.
 */
public final class Sessions {
    /** The cookie's name. */
    public static final String COOKIE = "connections_session";
    /** How long a session lasts. */
    public static final Duration LIFETIME = Duration.ofHours(8);

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    private record Session(Admin admin, Instant expires) {
    }

    public Sessions(Clock clock) {
        this.clock = clock;
    }

    /** A new session for the admin; returns its id. */
    public String open(Admin admin) {
        Instant now = clock.instant();
        sessions.values().removeIf(s -> now.isAfter(s.expires()));
        byte[] b = new byte[32];
        random.nextBytes(b);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        sessions.put(id, new Session(admin, now.plus(LIFETIME)));
        return id;
    }

    public Optional<Admin> admin(String sessionId) {
        Session s = sessionId == null ? null : sessions.get(sessionId);
        if (s == null || clock.instant().isAfter(s.expires())) {
            return Optional.empty();
        }
        return Optional.of(s.admin());
    }

    public void close(String sessionId) {
        if (sessionId != null) {
            sessions.remove(sessionId);
        }
    }
}

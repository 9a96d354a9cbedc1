package com.coeffection.sync.monday.standin.oauth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the stand-in's authorization server remembers: the codes it handed out (short-lived, single use, bound to
 * the client, the redirect URI and the PKCE challenge) and the access tokens it issued (each acting as the user
 * who approved it, until it expires or is revoked), with their refresh tokens. As OAuth 2.1 asks, a refresh token
 * works once: refreshing gives a new access token and a new refresh token, and a refresh token presented a second
 * time revokes the grant. Thread-safe: every method is synchronized.
 */
public final class OAuthGrants {
    /** How long a code may be exchanged (monday: a short-lived code). */
    static final Duration CODE_LIFETIME = Duration.ofMinutes(10);

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Code> codes = new LinkedHashMap<>();
    private final Map<String, Grant> tokens = new LinkedHashMap<>();
    /** Live refresh tokens -> the access token they renew. */
    private final Map<String, String> refreshTokens = new LinkedHashMap<>();
    /** Refresh tokens already used -> the grant's id (a second use is a replay). */
    private final Map<String, String> usedRefreshTokens = new LinkedHashMap<>();
    private Duration tokenLifetime = Duration.ofHours(1);

    /** A code handed out after consent. */
    record Code(String code, String clientId, String redirectUri, String challenge, Set<String> scopes, long userId,
                Instant expires, boolean used, String issuedToken) {
    }

    /**
     * One approved connection: its access token, who approved it, the scopes, and whether it still works.
     *
     * @param id           a short public id (the token itself is never shown on the stand-in's pages)
     * @param refreshToken the token that renews it (once)
     * @param expires      when the access token stops working
     */
    public record Grant(String id, String token, String clientId, long userId, Set<String> scopes, Instant issued,
                        Instant revoked, String refreshToken, Instant expires) {
        /** Not revoked (it may still have expired: a refresh renews it). */
        public boolean live() {
            return revoked == null;
        }

        public boolean expired(Instant now) {
            return !now.isBefore(expires);
        }

        @Override
        public String toString() {
            return "Grant[id=" + id + ", userId=" + userId + ", live=" + live() + ", expires=" + expires + "]";
        }
    }

    /** Why a token request is refused: the OAuth error code and a description. */
    public static final class GrantRefused extends RuntimeException {
        private final String error;

        GrantRefused(String error, String description) {
            super(description);
            this.error = error;
        }

        public String error() {
            return error;
        }
    }

    public OAuthGrants(Clock clock) {
        this.clock = clock;
    }

    /** How long an access token works (monday: its tokens expire and are renewed with the refresh token). */
    public synchronized void tokenLifetime(Duration lifetime) {
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("a token lifetime must be positive: " + lifetime);
        }
        this.tokenLifetime = lifetime;
    }

    public synchronized Duration tokenLifetime() {
        return tokenLifetime;
    }

    /** A new code for an approved request. */
    synchronized String newCode(String clientId, String redirectUri, String challenge, Set<String> scopes, long userId) {
        String code = randomId(24);
        codes.put(code, new Code(code, clientId, redirectUri, challenge, Set.copyOf(scopes), userId,
                clock.instant().plus(CODE_LIFETIME), false, null));
        return code;
    }

    /**
     * Exchanges a code for an access token. A code works once: a second exchange is refused with
     * {@code invalid_grant} and the token the first one issued is revoked, as OAuth asks of a replayed code.
     */
    synchronized Grant exchange(String code, String clientId, String redirectUri, String verifier) {
        Code known = code == null ? null : codes.get(code);
        if (known == null) {
            throw new GrantRefused("invalid_grant", "the authorization code is unknown");
        }
        if (known.used()) {
            Grant first = tokens.get(known.issuedToken());
            if (first != null && first.live()) {
                tokens.put(first.token(), withRevoked(first));
            }
            throw new GrantRefused("invalid_grant", "the authorization code was already used; the token it gave is revoked");
        }
        if (clock.instant().isAfter(known.expires())) {
            throw new GrantRefused("invalid_grant", "the authorization code has expired");
        }
        if (!known.clientId().equals(clientId)) {
            throw new GrantRefused("invalid_grant", "the authorization code was issued to another client");
        }
        if (!known.redirectUri().equals(redirectUri)) {
            throw new GrantRefused("invalid_grant", "redirect_uri differs from the one of the authorization request");
        }
        if (known.challenge() != null && (verifier == null || !known.challenge().equals(s256(verifier)))) {
            throw new GrantRefused("invalid_grant", "the PKCE code_verifier does not match the code_challenge");
        }
        Grant grant = new Grant(randomId(6), "standin-oauth-" + randomId(24), clientId, known.userId(), known.scopes(),
                clock.instant(), null, "standin-refresh-" + randomId(24), clock.instant().plus(tokenLifetime));
        tokens.put(grant.token(), grant);
        refreshTokens.put(grant.refreshToken(), grant.token());
        codes.put(code, new Code(known.code(), known.clientId(), known.redirectUri(), known.challenge(), known.scopes(),
                known.userId(), known.expires(), true, grant.token()));
        return grant;
    }

    /**
     * Renews a grant: a new access token and a new refresh token; the old access token stops working. Refused with
     * {@code invalid_grant} for an unknown refresh token, a revoked grant, another client, or a refresh token used
     * before (which also revokes the grant: a replay means the token leaked).
     */
    synchronized Grant refresh(String refreshToken, String clientId) {
        if (refreshToken != null && usedRefreshTokens.containsKey(refreshToken)) {
            revokeById(usedRefreshTokens.get(refreshToken));
            throw new GrantRefused("invalid_grant", "the refresh token was already used; the grant is revoked");
        }
        String access = refreshToken == null ? null : refreshTokens.get(refreshToken);
        Grant grant = access == null ? null : tokens.get(access);
        if (grant == null) {
            throw new GrantRefused("invalid_grant", "the refresh token is unknown");
        }
        if (!grant.live()) {
            throw new GrantRefused("invalid_grant", "the grant was revoked (the user who approved it left the account,"
                    + " or the app was removed): authorize again");
        }
        if (!grant.clientId().equals(clientId)) {
            throw new GrantRefused("invalid_grant", "the refresh token was issued to another client");
        }
        Grant renewed = new Grant(grant.id(), "standin-oauth-" + randomId(24), clientId, grant.userId(), grant.scopes(),
                clock.instant(), null, "standin-refresh-" + randomId(24), clock.instant().plus(tokenLifetime));
        tokens.remove(grant.token());
        refreshTokens.remove(refreshToken);
        usedRefreshTokens.put(refreshToken, grant.id());
        tokens.put(renewed.token(), renewed);
        refreshTokens.put(renewed.refreshToken(), renewed.token());
        return renewed;
    }

    /** Revokes a grant by its access or refresh token (unknown tokens are ignored, as OAuth token revocation asks). */
    synchronized void revokeToken(String token) {
        if (token != null && refreshTokens.containsKey(token)) {
            token = refreshTokens.get(token);
        }
        Grant grant = token == null ? null : tokens.get(token);
        if (grant != null && grant.live()) {
            tokens.put(token, withRevoked(grant));
        }
    }

    /** Revokes the grant with this public id (the stand-in's "the admin left the account" button). */
    public synchronized boolean revokeById(String id) {
        for (Grant grant : tokens.values()) {
            if (grant.id().equals(id) && grant.live()) {
                tokens.put(grant.token(), withRevoked(grant));
                return true;
            }
        }
        return false;
    }

    /** Revokes every live grant of a user (they left the account or were deactivated). */
    public synchronized int revokeUser(long userId) {
        int n = 0;
        for (Grant grant : List.copyOf(tokens.values())) {
            if (grant.userId() == userId && grant.live()) {
                tokens.put(grant.token(), withRevoked(grant));
                n++;
            }
        }
        return n;
    }

    public Instant now() {
        return clock.instant();
    }

    /** The grant a token stands for, if the stand-in issued it. */
    synchronized Optional<Grant> byToken(String token) {
        return Optional.ofNullable(token == null ? null : tokens.get(token));
    }

    /** Every grant, oldest first. */
    public synchronized List<Grant> grants() {
        return new ArrayList<>(tokens.values());
    }

    private Grant withRevoked(Grant g) {
        return new Grant(g.id(), g.token(), g.clientId(), g.userId(), g.scopes(), g.issued(), clock.instant(),
                g.refreshToken(), g.expires());
    }

    private String randomId(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** PKCE S256: base64url(SHA-256(verifier)), unpadded. */
    static String s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

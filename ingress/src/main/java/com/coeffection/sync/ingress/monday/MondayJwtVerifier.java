package com.coeffection.sync.ingress.monday;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.AlgorithmMismatchException;
import com.auth0.jwt.exceptions.JWTDecodeException;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.exceptions.MissingClaimException;
import com.auth0.jwt.exceptions.SignatureVerificationException;
import com.auth0.jwt.exceptions.TokenExpiredException;

/**
 * Checks the JWT monday puts in the {@code Authorization} header of a webhook created by a Developer Center app:
 * HS256, signed with the app's signing secret, with an expiry that has not passed (five seconds of clock skew
 * allowed). The token itself never appears in a message or a log.
 */
public final class MondayJwtVerifier {
    private static final long CLOCK_SKEW_SECONDS = 5;

    /** The outcome of a check. */
    public sealed interface Verdict permits Valid, Refused {
    }

    /** The token is genuine and current. */
    public record Valid(String accountId) implements Verdict {
    }

    /** The token is missing, malformed, forged or expired; {@code reason} says which, without the token. */
    public record Refused(Reason reason, String message) implements Verdict {
    }

    /** Why a token was refused. */
    public enum Reason { MISSING, MALFORMED, FORGED, EXPIRED, INCOMPLETE }

    private final JWTVerifier verifier;

    public MondayJwtVerifier(String signingSecret) {
        this.verifier = JWT.require(Algorithm.HMAC256(signingSecret))
                .withClaimPresence("exp")
                .acceptLeeway(CLOCK_SKEW_SECONDS)
                .build();
    }

    /** Checks the {@code Authorization} header value (a bare token, or {@code Bearer <token>}). */
    public Verdict verify(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            return new Refused(Reason.MISSING, "No Authorization header: this ingress requires monday's signed JWT "
                    + "(MONDAY_SIGNING_SECRET is set)");
        }
        String token = authorization.trim();
        if (token.regionMatches(true, 0, "Bearer ", 0, 7)) {
            token = token.substring(7).trim();
        }
        try {
            var decoded = verifier.verify(token);
            var account = decoded.getClaim("accountId");
            return new Valid(account.isMissing() || account.isNull() ? null : account.toString());
        } catch (TokenExpiredException e) {
            return new Refused(Reason.EXPIRED, "The JWT in Authorization has expired");
        } catch (SignatureVerificationException | AlgorithmMismatchException e) {
            return new Refused(Reason.FORGED, "The JWT in Authorization is not signed with this app's signing secret (HS256)");
        } catch (JWTDecodeException e) {
            return new Refused(Reason.MALFORMED, "The Authorization header does not hold a JWT");
        } catch (MissingClaimException e) {
            return new Refused(Reason.INCOMPLETE, "The JWT in Authorization has no expiry (exp) claim");
        } catch (JWTVerificationException e) {
            return new Refused(Reason.FORGED, "The JWT in Authorization was refused: " + e.getClass().getSimpleName());
        }
    }
}

package com.coeffection.sync.ingress.coeffection;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The signature of a Coeffection webhook, as this ingress defines it:
 * <pre>
 * X-Coeffection-Timestamp: &lt;Unix time in seconds when it was sent&gt;
 * X-Coeffection-Signature: sha256=&lt;lower-case hex of HMAC-SHA256(secret, timestamp + "." + raw body)&gt;
 * </pre>
 * The timestamp is inside the signed content so an old delivery cannot be replayed later: it must be within the
 * tolerance of the ingress's clock. The comparison takes the same time whatever the bytes
 * ({@link MessageDigest#isEqual}). Neither the secret nor a signature is ever put in a message.
 */
public final class CoeffectionSignature {
    public static final String SIGNATURE_HEADER = "X-Coeffection-Signature";
    public static final String TIMESTAMP_HEADER = "X-Coeffection-Timestamp";
    private static final String SCHEME = "sha256=";
    private static final String ALGORITHM = "HmacSHA256";

    /** The outcome of a check. */
    public sealed interface Verdict permits Valid, Refused {
    }

    /** Genuine, and recent enough. */
    public record Valid() implements Verdict {
    }

    /** Missing, stale or forged; the message says which, without the signature. */
    public record Refused(String message) implements Verdict {
    }

    private final SecretKeySpec key;
    private final Duration tolerance;

    public CoeffectionSignature(String secret, Duration tolerance) {
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("The Coeffection webhook secret is empty");
        }
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
        this.tolerance = tolerance;
    }

    /** The header value for a body sent at {@code timestampSeconds}: {@code sha256=<hex>}. */
    public String sign(long timestampSeconds, byte[] body) {
        return SCHEME + HexFormat.of().formatHex(mac(Long.toString(timestampSeconds), body));
    }

    /** Checks the two headers against the raw body at time {@code now}. */
    public Verdict verify(String signatureHeader, String timestampHeader, byte[] body, Instant now) {
        if (signatureHeader == null || signatureHeader.isBlank()) {
            return new Refused("No " + SIGNATURE_HEADER + " header: Coeffection webhooks must be signed with the shared secret");
        }
        if (timestampHeader == null || timestampHeader.isBlank()) {
            return new Refused("No " + TIMESTAMP_HEADER + " header: the signed timestamp is required");
        }
        long sentAt;
        try {
            sentAt = Long.parseLong(timestampHeader.trim());
        } catch (NumberFormatException e) {
            return new Refused(TIMESTAMP_HEADER + " is not a Unix time in seconds");
        }
        long skew = Math.abs(now.getEpochSecond() - sentAt);
        if (skew > tolerance.toSeconds()) {
            return new Refused(TIMESTAMP_HEADER + " is " + skew + " s away from the ingress clock (at most "
                    + tolerance.toSeconds() + " s allowed): a stale or replayed delivery, or a clock out of sync");
        }
        String value = signatureHeader.trim();
        if (!value.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return new Refused(SIGNATURE_HEADER + " must start with '" + SCHEME + "'");
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(value.substring(SCHEME.length()).toLowerCase());
        } catch (IllegalArgumentException e) {
            return new Refused(SIGNATURE_HEADER + " does not hold a hex digest");
        }
        byte[] expected = mac(timestampHeader.trim(), body);
        if (!MessageDigest.isEqual(expected, given)) {
            return new Refused(SIGNATURE_HEADER + " does not match the body: wrong secret, or the body was altered");
        }
        return new Valid();
    }

    private byte[] mac(String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            mac.update(timestamp.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) '.');
            mac.update(body);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available in this JVM", e);
        }
    }
}

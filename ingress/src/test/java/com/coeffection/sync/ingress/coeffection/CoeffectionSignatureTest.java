package com.coeffection.sync.ingress.coeffection;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class CoeffectionSignatureTest {
    private static final Instant NOW = Instant.parse("2026-11-22T07:00:00Z");
    private final CoeffectionSignature signature = new CoeffectionSignature("s3cret", Duration.ofMinutes(5));
    private final byte[] body = "{\"event\":\"contact.created\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void aSignatureOverTimestampAndBodyVerifies() {
        String header = signature.sign(NOW.getEpochSecond(), body);

        assertThat(header).matches("sha256=[0-9a-f]{64}");
        assertThat(signature.verify(header, Long.toString(NOW.getEpochSecond()), body, NOW))
                .isInstanceOf(CoeffectionSignature.Valid.class);
        assertThat(signature.verify(header.toUpperCase().replace("SHA256=", "sha256="), Long.toString(NOW.getEpochSecond()), body, NOW))
                .isInstanceOf(CoeffectionSignature.Valid.class);
    }

    @Test
    void theSignatureIsTheDocumentedHmacOfTimestampDotBody() throws Exception {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec("s3cret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] expected = mac.doFinal((NOW.getEpochSecond() + "." + new String(body, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));

        assertThat(signature.sign(NOW.getEpochSecond(), body)).isEqualTo("sha256=" + java.util.HexFormat.of().formatHex(expected));
    }

    @Test
    void anotherTimestampWithTheSameSignatureIsRefused() {
        String header = signature.sign(NOW.getEpochSecond(), body);

        assertThat(signature.verify(header, Long.toString(NOW.getEpochSecond() + 1), body, NOW))
                .isInstanceOf(CoeffectionSignature.Refused.class);
    }

    @Test
    void aTimestampOutsideTheToleranceIsRefusedEvenWhenCorrectlySigned() {
        long old = NOW.minusSeconds(301).getEpochSecond();
        long future = NOW.plusSeconds(301).getEpochSecond();

        assertThat(signature.verify(signature.sign(old, body), Long.toString(old), body, NOW))
                .isInstanceOf(CoeffectionSignature.Refused.class);
        assertThat(signature.verify(signature.sign(future, body), Long.toString(future), body, NOW))
                .isInstanceOf(CoeffectionSignature.Refused.class);
    }

    @Test
    void malformedHeadersAreRefusedWithAReason() {
        String ts = Long.toString(NOW.getEpochSecond());

        assertThat(signature.verify("md5=abc", ts, body, NOW)).isEqualTo(
                new CoeffectionSignature.Refused("X-Coeffection-Signature must start with 'sha256='"));
        assertThat(signature.verify("sha256=zz", ts, body, NOW)).isInstanceOf(CoeffectionSignature.Refused.class);
        assertThat(signature.verify(signature.sign(NOW.getEpochSecond(), body), "yesterday", body, NOW))
                .isInstanceOf(CoeffectionSignature.Refused.class);
        assertThat(signature.verify(null, ts, body, NOW)).isInstanceOf(CoeffectionSignature.Refused.class);
        assertThat(signature.verify(signature.sign(NOW.getEpochSecond(), body), null, body, NOW))
                .isInstanceOf(CoeffectionSignature.Refused.class);
    }
}

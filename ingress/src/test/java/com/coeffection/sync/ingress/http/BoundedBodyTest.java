package com.coeffection.sync.ingress.http;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BoundedBodyTest {

    @Test
    void aBodyWithinTheLimitIsReadWhole() throws Exception {
        byte[] body = new byte[2048];

        assertThat(BoundedBody.read(new ByteArrayInputStream(body), -1, 2048)).hasSize(2048);
    }

    @Test
    void aDeclaredLengthOverTheLimitIsRefusedBeforeReading() {
        assertThatThrownBy(() -> BoundedBody.read(new ByteArrayInputStream(new byte[0]), 4096, 2048))
                .isInstanceOf(BoundedBody.TooLargeException.class);
    }

    @Test
    void aChunkedBodyGrowingOverTheLimitIsRefused() {
        assertThatThrownBy(() -> BoundedBody.read(new ByteArrayInputStream(new byte[2049]), -1, 2048))
                .isInstanceOf(BoundedBody.TooLargeException.class).hasMessageContaining("2048");
    }
}

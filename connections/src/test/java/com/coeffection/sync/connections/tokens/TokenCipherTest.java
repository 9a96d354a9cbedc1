package com.coeffection.sync.connections.tokens;

import org.junit.jupiter.api.Test;

import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenCipherTest {
    private final TokenCipher cipher = TokenCipher.fromBase64(TokenCipher.newKey());

    @Test
    void givenAToken_whenEncryptedAndDecryptedForTheSameTenant_thenItComesBackAndTheStoredFormDoesNotShowIt() {
        String stored = cipher.encrypt("secret-monday-token", "acme");

        assertThat(stored).doesNotContain("secret-monday-token");
        assertThat(new String(Base64.getDecoder().decode(stored))).doesNotContain("secret-monday-token");
        assertThat(cipher.decrypt(stored, "acme")).isEqualTo("secret-monday-token");
    }

    @Test
    void givenTheSameTokenTwice_whenEncrypted_thenTheStoredFormsDiffer() {
        assertThat(cipher.encrypt("t", "acme")).isNotEqualTo(cipher.encrypt("t", "acme"));
    }

    @Test
    void givenATokenStoredForOneTenant_whenReadForAnother_thenItDoesNotDecrypt() {
        String stored = cipher.encrypt("secret", "acme");

        assertThatThrownBy(() -> cipher.decrypt(stored, "globex"))
                .isInstanceOf(TokenCipher.UndecryptableTokenException.class).hasMessageContaining("globex")
                .hasMessageNotContaining("secret");
    }

    @Test
    void givenAnotherKey_whenDecrypting_thenItFailsWithAMessageSayingToReconnect() {
        String stored = cipher.encrypt("secret", "acme");

        assertThatThrownBy(() -> TokenCipher.fromBase64(TokenCipher.newKey()).decrypt(stored, "acme"))
                .hasMessageContaining("reconnect");
    }

    @Test
    void givenAKeyOfTheWrongLength_whenConfigured_thenItIsRefused() {
        assertThatThrownBy(() -> new TokenCipher(new byte[16])).hasMessageContaining("32 bytes");
    }
}

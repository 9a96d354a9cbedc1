package com.coeffection.sync.connections.tokens;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Encrypts tokens at rest with AES-GCM (a 256-bit key from configuration, a fresh 96-bit nonce per encryption, the
 * tenant id as associated data so a token copied to another tenant's record does not decrypt).
 */
public final class TokenCipher {
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    /** A token that cannot be decrypted: another key, or the stored value was altered. */
    public static final class UndecryptableTokenException extends RuntimeException {
        UndecryptableTokenException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** @param key 32 bytes (AES-256) */
    public TokenCipher(byte[] key) {
        if (key == null || key.length != 32) {
            throw new IllegalArgumentException("the token key must be 32 bytes (base64 of 32 random bytes)");
        }
        this.key = new SecretKeySpec(key.clone(), "AES");
    }

    /** Reads a key given as base64 (CONNECTIONS_TOKEN_KEY). */
    public static TokenCipher fromBase64(String key) {
        try {
            return new TokenCipher(Base64.getDecoder().decode(key.trim()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("CONNECTIONS_TOKEN_KEY must be base64 of 32 random bytes", e);
        }
    }

    /** A new random key, base64. */
    public static String newKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    /** base64(nonce || ciphertext || tag) */
    public String encrypt(String token, String tenant) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(tenant.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(token.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    public String decrypt(String stored, String tenant) {
        try {
            byte[] all = Base64.getDecoder().decode(stored);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
            cipher.updateAAD(tenant.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new UndecryptableTokenException("the stored monday token of tenant " + tenant
                    + " cannot be decrypted (another CONNECTIONS_TOKEN_KEY, or the file was altered): reconnect", e);
        }
    }

    @Override
    public String toString() {
        return "TokenCipher[AES-256-GCM]";
    }
}

package io.tollgate.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

import org.junit.jupiter.api.Test;

class SecretCipherTest {

    private static byte[] key() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    private final SecretCipher cipher = new SecretCipher(key());

    @Test
    void a_sealed_secret_opens_with_the_same_key_and_context_only() {
        byte[] sealed = cipher.encrypt("client-secret-value", "tenant-a");

        assertThat(cipher.decrypt(sealed, "tenant-a")).isEqualTo("client-secret-value");
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("client-secret-value");
        assertThatThrownBy(() -> cipher.decrypt(sealed, "tenant-b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SecretCipher(key()).decrypt(sealed, "tenant-a"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("secrets-key");
    }

    @Test
    void every_sealing_uses_a_fresh_nonce() {
        assertThat(cipher.encrypt("same", "ctx")).isNotEqualTo(cipher.encrypt("same", "ctx"));
    }

    @Test
    void a_tampered_ciphertext_is_refused() {
        byte[] sealed = cipher.encrypt("value", "ctx");
        sealed[sealed.length - 1] ^= 1;

        assertThatThrownBy(() -> cipher.decrypt(sealed, "ctx")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> cipher.decrypt(new byte[] {1, 2, 3}, "ctx"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void only_a_256_bit_key_is_accepted() {
        assertThatThrownBy(() -> new SecretCipher(new byte[16])).isInstanceOf(IllegalArgumentException.class);
    }
}

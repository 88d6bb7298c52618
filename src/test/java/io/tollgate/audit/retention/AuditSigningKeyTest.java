package io.tollgate.audit.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;

import io.tollgate.audit.AuditCheckpoint;
import io.tollgate.audit.internal.retention.AuditSigningKey;
import org.junit.jupiter.api.Test;

/** The configured signing key: PKCS#8 as OpenSSL writes it (no public key inside), base64 or PEM. */
class AuditSigningKeyTest {

    // RFC 8032, section 7.1, TEST 1.
    static final String SEED = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
    static final String PUBLIC = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
    static final String PKCS8_PREFIX = "302e020100300506032b657004220420";
    static final String SPKI_PREFIX = "302a300506032b6570032100";

    @Test
    void derives_the_public_key_of_a_configured_private_key() {
        String pkcs8 = Base64.getEncoder().encodeToString(HexFormat.of().parseHex(PKCS8_PREFIX + SEED));

        AuditSigningKey key = AuditSigningKey.fromPkcs8(pkcs8);

        assertThat(HexFormat.of().formatHex(Base64.getDecoder().decode(key.publicKey())))
                .isEqualTo(SPKI_PREFIX + PUBLIC);
        assertThat(key.keyId()).isEqualTo(AuditCheckpoint.keyId(HexFormat.of().parseHex(SPKI_PREFIX + PUBLIC)));
        AuditCheckpoint checkpoint = key.sign(UUID.randomUUID(), 42, "ab".repeat(32), Instant.now());
        assertThat(checkpoint.verifies()).isTrue();
    }

    @Test
    void accepts_pem_and_refuses_what_is_not_an_ed25519_private_key() {
        AuditSigningKey generated = AuditSigningKey.generate();
        String pem = "-----BEGIN PRIVATE KEY-----\n" + generated.encodedPrivateKey() + "\n-----END PRIVATE KEY-----\n";

        assertThat(AuditSigningKey.fromPkcs8(pem).publicKey()).isEqualTo(generated.publicKey());
        assertThatThrownBy(() -> AuditSigningKey.fromPkcs8("not a key!"))
                .hasMessageContaining("tollgate.audit.signing-key");
        assertThatThrownBy(() -> AuditSigningKey.fromPkcs8(generated.publicKey()))
                .hasMessageContaining("tollgate.audit.signing-key");
    }
}

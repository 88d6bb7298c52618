package io.tollgate.audit.internal.retention;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.UUID;

import io.tollgate.audit.AuditCheckpoint;

/** The Ed25519 key that signs checkpoints; its public half is published with every checkpoint. */
public final class AuditSigningKey {

    private final KeyPair pair;
    private final String publicKey;
    private final String keyId;

    private AuditSigningKey(KeyPair pair) {
        this.pair = pair;
        byte[] encoded = pair.getPublic().getEncoded();
        this.publicKey = Base64.getEncoder().encodeToString(encoded);
        this.keyId = AuditCheckpoint.keyId(encoded);
    }

    public static AuditSigningKey generate() {
        try {
            return new AuditSigningKey(KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is unavailable", e);
        }
    }

    /**
     * Reads a PKCS#8 private key (base64 DER, or PEM). Ed25519 PKCS#8 as OpenSSL writes it carries no public key,
     * and the JDK has no API to derive one, so the key pair is regenerated from the private seed: the generator
     * takes exactly 32 random bytes as the private key. A sign-and-verify round trip proves the result.
     */
    public static AuditSigningKey fromPkcs8(String text) {
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(text.replaceAll("-----[A-Z ]+-----", "").trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("tollgate.audit.signing-key is not base64 (PKCS#8 DER or PEM)");
        }
        try {
            PrivateKey key = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
            byte[] seed = ((EdECPrivateKey) key).getBytes()
                    .orElseThrow(() -> new IllegalStateException("tollgate.audit.signing-key has no private bytes"));
            KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
            generator.initialize(NamedParameterSpec.ED25519, new SeedRandom(seed));
            KeyPair derived = generator.generateKeyPair();
            byte[] derivedSeed = ((EdECPrivateKey) derived.getPrivate()).getBytes().orElseThrow();
            AuditSigningKey signingKey = new AuditSigningKey(new KeyPair(derived.getPublic(), key));
            if (!Arrays.equals(seed, derivedSeed) || !signingKey.roundTrips()) {
                throw new IllegalStateException("Could not derive the public key of tollgate.audit.signing-key");
            }
            return signingKey;
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalStateException("tollgate.audit.signing-key is not an Ed25519 PKCS#8 private key", e);
        }
    }

    public String encodedPrivateKey() {
        return Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded());
    }

    public String publicKey() {
        return publicKey;
    }

    public String keyId() {
        return keyId;
    }

    public AuditCheckpoint sign(UUID tenant, long seq, String hash, Instant at) {
        AuditCheckpoint unsigned = new AuditCheckpoint(tenant, seq, hash, at, keyId, "", publicKey);
        byte[] signature = sign(unsigned.payload().getBytes(StandardCharsets.UTF_8));
        return new AuditCheckpoint(tenant, seq, hash, unsigned.signedAt(), keyId,
                Base64.getEncoder().encodeToString(signature), publicKey);
    }

    private byte[] sign(byte[] message) {
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(pair.getPrivate());
            signer.update(message);
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    private boolean roundTrips() {
        return sign(UUID.randomUUID(), 1, "0".repeat(64), Instant.now()).verifies();
    }

    /** Hands out the given seed as the "random" private key. */
    private static final class SeedRandom extends SecureRandom {

        private final byte[] seed;

        SeedRandom(byte[] seed) {
            this.seed = seed.clone();
        }

        @Override
        public void nextBytes(byte[] bytes) {
            if (bytes.length != seed.length) {
                throw new IllegalStateException("unexpected Ed25519 seed length " + bytes.length);
            }
            System.arraycopy(seed, 0, bytes, 0, seed.length);
        }
    }
}

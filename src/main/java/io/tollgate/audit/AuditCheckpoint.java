package io.tollgate.audit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A signed statement "in tenant T's audit chain, event {@code seq} has hash {@code hash}", made at {@code signedAt}
 * with an Ed25519 key. Whoever holds a checkpoint outside the database can later prove that the chain (or an
 * archive of it) still contains that event unchanged.
 *
 * <p>The signature covers the UTF-8 bytes of {@link #payload()}: compact JSON with keys in code-point order
 * ({@code hash, key_id, seq, signed_at, tenant_id, type}). {@code publicKey} is the signer's X.509
 * SubjectPublicKeyInfo in base64, {@code keyId} the first 16 hex digits of its SHA-256.
 */
public record AuditCheckpoint(UUID tenantId, long seq, String hash, Instant signedAt, String keyId,
                              String signature, String publicKey) {

    public static final String TYPE = "tollgate.audit.checkpoint/v1";

    public AuditCheckpoint {
        signedAt = AuditChain.truncate(signedAt);
    }

    /** The exact text the signature covers. */
    public String payload() {
        return payload(tenantId, seq, hash, signedAt, keyId);
    }

    public static String payload(UUID tenantId, long seq, String hash, Instant signedAt, String keyId) {
        Map<String, Object> fields = new TreeMap<>();
        fields.put("type", TYPE);
        fields.put("tenant_id", tenantId.toString());
        fields.put("seq", seq);
        fields.put("hash", hash);
        fields.put("signed_at", AuditChain.timestamp(signedAt));
        fields.put("key_id", keyId);
        return AuditChain.json(fields);
    }

    /** True when the signature is valid for the payload under the embedded public key and the key id matches it. */
    public boolean verifies() {
        try {
            byte[] key = Base64.getDecoder().decode(publicKey);
            if (!keyId(key).equals(keyId)) {
                return false;
            }
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(publicKey(key));
            verifier.update(payload().getBytes(StandardCharsets.UTF_8));
            return verifier.verify(Base64.getDecoder().decode(signature));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** The key id of an encoded (X.509) public key: the first 16 hex digits of its SHA-256. */
    public static String keyId(byte[] encodedPublicKey) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(encodedPublicKey))
                    .substring(0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    public static PublicKey publicKey(byte[] encodedPublicKey) throws GeneralSecurityException {
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(encodedPublicKey));
    }
}

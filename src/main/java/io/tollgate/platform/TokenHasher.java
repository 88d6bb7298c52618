package io.tollgate.platform;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Turns bearer secrets (invitation links, sign-up codes, later API keys) into what the database keeps: an
 * HMAC-SHA256 under a server-side pepper, so a stolen database alone cannot replay or brute-force them.
 */
public final class TokenHasher {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec pepper;

    public TokenHasher(byte[] pepper) {
        if (pepper.length < 32) {
            throw new IllegalArgumentException("the token pepper must have at least 32 bytes");
        }
        this.pepper = new SecretKeySpec(pepper.clone(), "HmacSHA256");
    }

    /** A fresh, URL-safe secret with 256 bits of entropy. */
    public static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public String hash(String token) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(pepper);
            return HexFormat.of().formatHex(mac.doFinal(token.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** Constant-time comparison of a presented token with a stored hash. */
    public boolean matches(String token, String storedHash) {
        return MessageDigest.isEqual(hash(token).getBytes(StandardCharsets.US_ASCII),
                storedHash.getBytes(StandardCharsets.US_ASCII));
    }
}

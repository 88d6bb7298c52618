package io.tollgate.platform;

import java.security.SecureRandom;
import java.util.UUID;
import java.util.function.Supplier;

/** UUIDv7 ids (RFC 9562): time-ordered, so b-tree inserts stay local, and globally unique. */
public final class Ids {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    /** A UUID from a path or form value; anything else is "not found", as an unknown id would be. */
    public static UUID parseOrNotFound(String value, String what) {
        return parseOrNotFound(value, () -> NotFoundException.of(what));
    }

    public static UUID parseOrNotFound(String value, Supplier<NotFoundException> notFound) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw notFound.get();
        }
    }

    public static UUID newUuid() {
        long millis = System.currentTimeMillis();
        long randA = RANDOM.nextInt(1 << 12);
        long msb = (millis << 16) | (0x7L << 12) | randA;
        long lsb = (RANDOM.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(msb, lsb);
    }
}

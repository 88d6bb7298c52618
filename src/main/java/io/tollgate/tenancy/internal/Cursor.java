package io.tollgate.tenancy.internal;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.UUID;

import io.tollgate.platform.InvalidInputException;
import org.jspecify.annotations.Nullable;

/** An opaque keyset cursor over time-ordered (UUIDv7) ids. */
public record Cursor(@Nullable UUID position) {

    private static final UUID LOWEST = new UUID(0, 0);
    private static final UUID HIGHEST = new UUID(-1L, -1L);

    public static Cursor parse(@Nullable String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return new Cursor(null);
        }
        try {
            ByteBuffer bytes = ByteBuffer.wrap(Base64.getUrlDecoder().decode(cursor));
            if (bytes.remaining() != 16) {
                throw new IllegalArgumentException();
            }
            return new Cursor(new UUID(bytes.getLong(), bytes.getLong()));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("cursor", "This cursor is not valid; use next_cursor from a list response.");
        }
    }

    public static String after(UUID id) {
        ByteBuffer bytes = ByteBuffer.allocate(16).putLong(id.getMostSignificantBits())
                .putLong(id.getLeastSignificantBits());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
    }

    UUID afterAscending() {
        return position == null ? LOWEST : position;
    }

    UUID beforeDescending() {
        return position == null ? HIGHEST : position;
    }
}

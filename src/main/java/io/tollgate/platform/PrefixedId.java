package io.tollgate.platform;

import java.util.UUID;

/** The API's opaque ids: a type prefix and the UUID's 32 hex digits ({@code mem_0192…}). */
public final class PrefixedId {

    private PrefixedId() {
    }

    public static String format(String prefix, UUID id) {
        return prefix + "_" + id.toString().replace("-", "");
    }

    /** Parses an id of the expected type; anything else is "not found", as an unknown id would be. */
    public static UUID parse(String prefix, String value, String what) {
        String expected = prefix + "_";
        if (!value.startsWith(expected) || value.length() != expected.length() + 32) {
            throw NotFoundException.of(what);
        }
        String hex = value.substring(expected.length());
        try {
            return new UUID(Long.parseUnsignedLong(hex.substring(0, 16), 16),
                    Long.parseUnsignedLong(hex.substring(16), 16));
        } catch (NumberFormatException e) {
            throw NotFoundException.of(what);
        }
    }
}

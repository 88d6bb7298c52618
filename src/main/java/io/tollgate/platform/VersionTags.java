package io.tollgate.platform;

/**
 * Strong ETags for versioned configuration objects, {@code "v<version>"}, and the version an {@code If-Match}
 * names (DESIGN §6: optimistic concurrency, 412 on a stale write).
 */
public final class VersionTags {

    private VersionTags() {
    }

    public static String of(long version) {
        return "\"v" + version + "\"";
    }

    /** The version in an If-Match value; an ETag we never issued cannot match, so it is 412 at once. */
    public static long parse(String ifMatch, String what) {
        String value = ifMatch.trim();
        if (value.startsWith("W/")) {
            value = value.substring(2);
        }
        if (value.length() > 3 && value.startsWith("\"v") && value.endsWith("\"")) {
            try {
                return Long.parseLong(value.substring(2, value.length() - 1));
            } catch (NumberFormatException ignored) {
                // not one of ours
            }
        }
        throw new PreconditionFailedException("If-Match does not match the current version of the " + what + ".");
    }
}

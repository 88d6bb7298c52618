package io.tollgate.platform;

/**
 * The characters Tollgate refuses in text it is given (ADR 0043): C0 controls (U+0000–U+001F), DEL and C1 controls
 * (U+007F–U+009F), and lone UTF-16 surrogates, which PostgreSQL cannot store or which hide in logs and exports.
 * Text in request bodies may contain TAB, LF and CR (descriptions, notes and reasons span lines); query
 * parameters, path segments and header values may not.
 */
public final class ControlCharacters {

    private ControlCharacters() {
    }

    /** The index of the first refused character of a body text, or -1; TAB, LF and CR are allowed. */
    public static int firstRefusedInText(CharSequence text) {
        return firstRefused(text, true);
    }

    /** The index of the first refused character of a single-line value (parameter, path, header), or -1. */
    public static int firstRefusedInLine(CharSequence text) {
        return firstRefused(text, false);
    }

    /** What to tell the caller about the character at {@code index}: which one, and where. */
    public static String problem(CharSequence text, int index) {
        char c = text.charAt(index);
        String what = Character.isSurrogate(c) ? "an unpaired surrogate" : "the control character";
        return "Contains " + what + " U+%04X at position %d; remove it.".formatted((int) c, index + 1);
    }

    private static int firstRefused(CharSequence text, boolean allowLineBreaks) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20) {
                if (!(allowLineBreaks && (c == '\t' || c == '\n' || c == '\r'))) {
                    return i;
                }
            } else if (c >= 0x7F && c <= 0x9F) {
                return i;
            } else if (Character.isHighSurrogate(c)) {
                if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return i;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }
}

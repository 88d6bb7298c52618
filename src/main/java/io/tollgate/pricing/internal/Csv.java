package io.tollgate.pricing.internal;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * RFC 4180 CSV: every written field is quoted, and a field that a spreadsheet would run as a formula (leading
 * {@code = + - @}, tab or carriage return) is prefixed with {@code '}. Reading undoes exactly that prefix, so an
 * export can be imported again unchanged.
 */
final class Csv {

    private static final String FORMULA_STARTS = "=+-@\t\r";

    /** One record and the line of the document it starts on (1-based). */
    record Record(int line, List<String> fields) {
    }

    static final class MalformedException extends Exception {

        private final int line;

        MalformedException(int line, String message) {
            super(message);
            this.line = line;
        }

        int line() {
            return line;
        }
    }

    private Csv() {
    }

    static String line(List<@Nullable String> fields) {
        List<String> quoted = new ArrayList<>(fields.size());
        for (String field : fields) {
            quoted.add(field(field));
        }
        return String.join(",", quoted) + "\r\n";
    }

    static String field(@Nullable String value) {
        if (value == null) {
            return "";
        }
        String safe = !value.isEmpty() && FORMULA_STARTS.indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        return "\"" + safe.replace("\"", "\"\"") + "\"";
    }

    /** Parses a whole document; blank lines are skipped. A quote left open is reported at the line it opened. */
    static List<Record> parse(String document) throws MalformedException {
        String text = document.startsWith("\uFEFF") ? document.substring(1) : document;
        List<Record> records = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int line = 1;
        int recordLine = 1;
        boolean quoted = false;
        boolean wasQuoted = false;
        int quoteLine = 0;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    field.append(c);
                }
            } else if (c == '"') {
                if (field.length() > 0 || wasQuoted) {
                    throw new MalformedException(line, "A quote may only start a field; double it inside a quoted field.");
                }
                quoted = true;
                wasQuoted = true;
                quoteLine = line;
            } else if (c == ',') {
                fields.add(unneutralised(field.toString(), wasQuoted));
                field.setLength(0);
                wasQuoted = false;
            } else if (c == '\r' || c == '\n') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                fields.add(unneutralised(field.toString(), wasQuoted));
                addUnlessBlank(records, recordLine, fields);
                fields = new ArrayList<>();
                field.setLength(0);
                wasQuoted = false;
                line++;
                recordLine = line;
            } else {
                if (wasQuoted) {
                    throw new MalformedException(line, "Nothing may follow a quoted field's closing quote but a comma.");
                }
                field.append(c);
            }
            i++;
        }
        if (quoted) {
            throw new MalformedException(quoteLine, "A quoted field is never closed.");
        }
        if (field.length() > 0 || wasQuoted || !fields.isEmpty()) {
            fields.add(unneutralised(field.toString(), wasQuoted));
            addUnlessBlank(records, recordLine, fields);
        }
        return records;
    }

    private static void addUnlessBlank(List<Record> records, int line, List<String> fields) {
        if (!(fields.size() == 1 && fields.getFirst().isBlank())) {
            records.add(new Record(line, List.copyOf(fields)));
        }
    }

    private static String unneutralised(String value, boolean quoted) {
        String field = quoted ? value : value.strip();
        if (field.length() >= 2 && field.charAt(0) == '\'' && FORMULA_STARTS.indexOf(field.charAt(1)) >= 0) {
            return field.substring(1);
        }
        return field;
    }
}

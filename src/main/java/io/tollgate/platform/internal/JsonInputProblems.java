package io.tollgate.platform.internal;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tollgate.platform.internal.ApiExceptionHandler.FieldProblem;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Turns the strict JSON mapper's refusals (ADR 0043) into the field they concern: well-formed JSON of the wrong
 * shape is a 422 naming the field; JSON that does not parse stays a 400.
 */
final class JsonInputProblems {

    private static final Pattern DUPLICATE = Pattern.compile("Duplicate Object property \"(.*)\"");

    private JsonInputProblems() {
    }

    static @Nullable FieldProblem fieldProblem(Throwable error) {
        JacksonException jackson = find(error);
        if (jackson == null) {
            return null;
        }
        String path = path(jackson);
        if (jackson instanceof StreamReadException) {
            Matcher duplicate = DUPLICATE.matcher(String.valueOf(jackson.getOriginalMessage()));
            return duplicate.find()
                    ? new FieldProblem(join(path, duplicate.group(1)), "Appears more than once; send each key once.")
                    : null;
        }
        if (!(jackson instanceof DatabindException) || path.isEmpty()) {
            return null;
        }
        if (jackson instanceof UnrecognizedPropertyException) {
            return new FieldProblem(path, "Is not a field of this request; check the spelling.");
        }
        if (jackson instanceof StrictJsonConfiguration.RefusedCharacterException refused) {
            return new FieldProblem(path, String.valueOf(refused.getOriginalMessage()));
        }
        if (jackson instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return new FieldProblem(path, expected(mismatch.getTargetType()));
        }
        return new FieldProblem(path, "Has the wrong type or format.");
    }

    private static @Nullable JacksonException find(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof JacksonException jackson) {
                return jackson;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    private static String path(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static String expected(Class<?> type) {
        if (type == String.class) {
            return "Must be a JSON string.";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class
                || type == Short.class || type == short.class) {
            return "Must be a whole number (a JSON number without a fraction or exponent).";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "Must be true or false.";
        }
        if (type.isEnum()) {
            return "Must be one of the documented values, as a string.";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "Must be a JSON array.";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "Must be a JSON object.";
        }
        if (List.of(java.time.Instant.class, java.time.LocalDate.class).contains(type)) {
            return "Must be an ISO-8601 string.";
        }
        return "Has the wrong type or format.";
    }
}

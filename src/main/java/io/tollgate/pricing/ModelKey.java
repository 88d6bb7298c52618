package io.tollgate.pricing;

import java.util.Locale;
import java.util.regex.Pattern;

import io.tollgate.platform.InvalidInputException;

/**
 * A provider and one of its models, as prices are keyed: lower-case, trimmed, checked against the formats the
 * database enforces. Provider: {@code openai}, {@code aws-bedrock}; model: {@code gpt-4o},
 * {@code anthropic.claude-3-5-sonnet-20241022-v2:0}.
 */
public record ModelKey(String provider, String model) {

    public static final Pattern PROVIDER = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
    public static final Pattern MODEL = Pattern.compile("[a-z0-9][a-z0-9._:/@+-]{0,199}");

    public ModelKey {
        if (!PROVIDER.matcher(provider).matches()) {
            throw new InvalidInputException("provider", "Use 1–40 lower-case letters, digits and '-', starting with a"
                    + " letter or digit (e.g. openai, aws-bedrock).");
        }
        if (!MODEL.matcher(model).matches()) {
            throw new InvalidInputException("model", "Use 1–200 lower-case letters, digits and . _ : / @ + -,"
                    + " starting with a letter or digit (e.g. gpt-4o).");
        }
    }

    /** Normalises what a person or an agent typed: trimmed and lower-case, then checked. */
    public static ModelKey of(String provider, String model) {
        return new ModelKey(normalise(provider), normalise(model));
    }

    private static String normalise(String value) {
        return value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
    }
}

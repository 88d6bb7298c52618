package io.tollgate.pricing.internal;

import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.tollgate.platform.InvalidInputException;
import io.tollgate.pricing.ModelKey;
import io.tollgate.pricing.PriceClass;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * One version of the curated default price book, read from its YAML file (src/main/resources/pricing/…). Strict:
 * an unknown key, a malformed price or a provider block without its source URL and as_of date is an error naming
 * the file and line, because a typo here would silently misprice every tenant.
 */
public record DefaultBookFile(String version, LocalDate asOf, LocalDate effectiveFrom,
                              Map<String, String> sources, List<Entry> entries) {

    /** One model's prices (USD per pricing unit) and where they were read. */
    public record Entry(ModelKey model, String source, LocalDate asOf, Map<PriceClass, BigDecimal> prices) {
    }

    static final class InvalidBookException extends RuntimeException {

        InvalidBookException(String message) {
            super(message);
        }
    }

    private static final Set<String> BOOK_KEYS = Set.of("version", "as_of", "effective_from", "providers");
    private static final Set<String> PROVIDER_KEYS = Set.of("provider", "source", "as_of", "models");

    /** A digest of the prices themselves (not of the file's bytes), to recognise a reloaded version. */
    public String checksum() {
        StringBuilder canonical = new StringBuilder(version).append('|').append(asOf).append('|').append(effectiveFrom);
        entries.stream().sorted(java.util.Comparator.comparing((Entry e) -> e.model().provider())
                .thenComparing(e -> e.model().model())).forEach(entry -> {
                    canonical.append('\n').append(entry.model().provider()).append('/').append(entry.model().model());
                    entry.prices().forEach((c, usd) -> canonical.append(' ').append(c.apiName()).append('=')
                            .append(Prices.plain(usd)));
                });
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static DefaultBookFile parse(String name, String yaml) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        Node root = new Yaml(options).compose(new java.io.StringReader(yaml));
        if (!(root instanceof MappingNode book)) {
            throw new InvalidBookException(name + ": expected a mapping with version, as_of, effective_from, providers");
        }
        Map<String, Node> top = keys(name, book, BOOK_KEYS);
        String version = text(name, top, "version", book);
        if (!version.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,39}")) {
            throw new InvalidBookException(name + ": version “" + version + "” is not 1–40 letters, digits, . _ -");
        }
        LocalDate asOf = date(name, top, "as_of", book);
        LocalDate effectiveFrom = date(name, top, "effective_from", book);
        Map<String, String> sources = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        Set<ModelKey> seen = new java.util.HashSet<>();
        for (Node providerNode : list(name, top, "providers", book)) {
            if (!(providerNode instanceof MappingNode providerBlock)) {
                throw error(name, providerNode, "each provider is a mapping");
            }
            Map<String, Node> provider = keys(name, providerBlock, PROVIDER_KEYS);
            String providerName = text(name, provider, "provider", providerBlock);
            String source = text(name, provider, "source", providerBlock);
            if (!source.startsWith("https://")) {
                throw error(name, provider.get("source"), "source must be an https URL of the pricing page");
            }
            URI.create(source);
            LocalDate providerAsOf = date(name, provider, "as_of", providerBlock);
            sources.put(providerName, source);
            for (Node modelNode : list(name, provider, "models", providerBlock)) {
                for (Entry entry : entries(name, providerName, source, providerAsOf, modelNode)) {
                    if (!seen.add(entry.model())) {
                        throw error(name, modelNode, entry.model().provider() + "/" + entry.model().model()
                                + " is listed twice");
                    }
                    entries.add(entry);
                }
            }
        }
        if (entries.isEmpty()) {
            throw new InvalidBookException(name + ": no prices");
        }
        return new DefaultBookFile(version, asOf, effectiveFrom, sources, entries);
    }

    /** A model and each of its aliases become entries with the same prices. */
    private static List<Entry> entries(String name, String provider, String source, LocalDate asOf, Node node) {
        if (!(node instanceof MappingNode mapping)) {
            throw error(name, node, "each model is a mapping");
        }
        List<String> models = new ArrayList<>();
        Map<PriceClass, BigDecimal> prices = new EnumMap<>(PriceClass.class);
        for (NodeTuple tuple : mapping.getValue()) {
            String key = ((ScalarNode) tuple.getKeyNode()).getValue();
            Node value = tuple.getValueNode();
            if (key.equals("model")) {
                models.addFirst(scalar(name, value));
            } else if (key.equals("aliases")) {
                if (!(value instanceof SequenceNode aliases)) {
                    throw error(name, value, "aliases is a list");
                }
                aliases.getValue().forEach(alias -> models.add(scalar(name, alias)));
            } else {
                PriceClass priceClass = PriceClass.fromApiName(key)
                        .orElseThrow(() -> error(name, tuple.getKeyNode(), "unknown key “" + key + "”"));
                try {
                    prices.put(priceClass, Prices.usd(key, scalar(name, value)));
                } catch (InvalidInputException e) {
                    throw error(name, value, key + ": " + e.getMessage());
                }
            }
        }
        if (models.isEmpty() || prices.isEmpty()) {
            throw error(name, node, "each model needs a model name and at least one price");
        }
        List<Entry> entries = new ArrayList<>();
        for (String model : models) {
            try {
                entries.add(new Entry(new ModelKey(provider, model), source, asOf, prices));
            } catch (InvalidInputException e) {
                throw error(name, node, e.field() + " “" + model + "”: " + e.getMessage());
            }
        }
        return entries;
    }

    private static Map<String, Node> keys(String name, MappingNode mapping, Set<String> allowed) {
        Map<String, Node> keys = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            String key = scalar(name, tuple.getKeyNode());
            if (!allowed.contains(key)) {
                throw error(name, tuple.getKeyNode(), "unknown key “" + key + "”");
            }
            keys.put(key, tuple.getValueNode());
        }
        return keys;
    }

    private static String text(String name, Map<String, Node> keys, String key, Node parent) {
        Node node = keys.get(key);
        if (node == null) {
            throw error(name, parent, key + " is missing");
        }
        String value = scalar(name, node).strip();
        if (value.isEmpty()) {
            throw error(name, node, key + " is empty");
        }
        return value;
    }

    private static LocalDate date(String name, Map<String, Node> keys, String key, Node parent) {
        try {
            return LocalDate.parse(text(name, keys, key, parent));
        } catch (java.time.format.DateTimeParseException e) {
            throw error(name, keys.get(key), key + " is not a date (YYYY-MM-DD)");
        }
    }

    private static List<Node> list(String name, Map<String, Node> keys, String key, Node parent) {
        Node node = keys.get(key);
        if (!(node instanceof SequenceNode sequence)) {
            throw error(name, node == null ? parent : node, key + " must be a list");
        }
        return sequence.getValue();
    }

    private static String scalar(String name, Node node) {
        if (!(node instanceof ScalarNode scalar)) {
            throw error(name, node, "expected a single value");
        }
        return scalar.getValue();
    }

    private static InvalidBookException error(String name, Node node, String message) {
        int line = node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
        return new InvalidBookException(name + ", line " + line + ": " + message);
    }
}

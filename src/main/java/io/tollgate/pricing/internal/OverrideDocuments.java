package io.tollgate.pricing.internal;

import java.io.IOException;
import java.io.Writer;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.tollgate.platform.ControlCharacters;
import io.tollgate.platform.InvalidInputException;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The CSV and YAML shapes of the price book: exports of the effective book, and imported override documents read
 * into rows that keep their line numbers. Both formats carry the same columns (docs/pricing.md).
 */
public final class OverrideDocuments {

    /** Export columns, in order; an import needs the first five ({@link #REQUIRED}) and may carry the rest. */
    public static final List<String> COLUMNS = List.of("provider", "model", "price_class", "price_usd",
            "effective_from", "note", "origin", "unit", "reference");
    static final List<String> REQUIRED = COLUMNS.subList(0, 5);
    static final int MAX_ROWS = 5_000;

    public enum Format {
        CSV("text/csv"), YAML("application/yaml");

        private final String mediaType;

        Format(String mediaType) {
            this.mediaType = mediaType;
        }

        public String mediaType() {
            return mediaType;
        }

        public String extension() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Format of(String name) {
            return switch (name == null ? "" : name.strip().toLowerCase(Locale.ROOT)) {
                case "csv" -> CSV;
                case "yaml", "yml" -> YAML;
                default -> throw new InvalidInputException("format", "Use csv or yaml.");
            };
        }

        /** The format a request body declares: text/csv, or application/yaml (also x-yaml, text/yaml). */
        public static @Nullable Format ofMediaType(@Nullable MediaType type) {
            if (type == null) {
                return null;
            }
            String subtype = type.getSubtype().toLowerCase(Locale.ROOT);
            if (type.getType().equals("text") && subtype.equals("csv")) {
                return CSV;
            }
            return subtype.equals("yaml") || subtype.equals("x-yaml") ? YAML : null;
        }
    }

    /** One row of an imported document: its fields by column name and the line it starts on. */
    public record Row(int line, Map<String, String> fields) {
    }

    private OverrideDocuments() {
    }

    /** Reads a document into rows; a document that cannot be read at all is one problem on its line. */
    static List<Row> read(Format format, String document) {
        List<Row> rows = format == Format.CSV ? readCsv(document) : readYaml(document);
        if (rows.isEmpty()) {
            throw new InvalidInputException("document", "The document has no price rows.");
        }
        if (rows.size() > MAX_ROWS) {
            throw new InvalidInputException("document", "At most " + MAX_ROWS + " rows per import.");
        }
        refuseControlCharacters(rows);
        return rows;
    }

    /** Documents are not read by the JSON mapper, so its control-character rule (ADR 0043) is applied here. */
    private static void refuseControlCharacters(List<Row> rows) {
        List<InvalidInputException.Problem> problems = new ArrayList<>();
        for (Row row : rows) {
            row.fields().forEach((column, value) -> {
                int at = value == null ? -1 : ControlCharacters.firstRefusedInText(value);
                if (at >= 0) {
                    problems.add(new InvalidInputException.Problem(column, ControlCharacters.problem(value, at),
                            row.line()));
                }
            });
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException("Some rows contain control characters; nothing was imported.", problems);
        }
    }

    private static List<Row> readCsv(String document) {
        List<Csv.Record> records;
        try {
            records = Csv.parse(document);
        } catch (Csv.MalformedException e) {
            throw lineProblem("document", e.getMessage(), e.line());
        }
        if (records.isEmpty()) {
            return List.of();
        }
        Csv.Record header = records.getFirst();
        List<String> columns = header.fields().stream().map(c -> c.strip().toLowerCase(Locale.ROOT)).toList();
        checkColumns(columns, header.line());
        List<Row> rows = new ArrayList<>();
        for (Csv.Record record : records.subList(1, records.size())) {
            if (record.fields().size() != columns.size()) {
                throw lineProblem("document", "Expected " + columns.size() + " fields as in the header, found "
                        + record.fields().size() + ".", record.line());
            }
            Map<String, String> fields = new LinkedHashMap<>();
            for (int i = 0; i < columns.size(); i++) {
                fields.put(columns.get(i), record.fields().get(i));
            }
            rows.add(new Row(record.line(), fields));
        }
        return rows;
    }

    private static void checkColumns(List<String> columns, int line) {
        List<InvalidInputException.Problem> problems = new ArrayList<>();
        for (String column : columns) {
            if (!COLUMNS.contains(column)) {
                problems.add(new InvalidInputException.Problem(column.isEmpty() ? "document" : column,
                        "Unknown column “" + column + "”; use " + String.join(", ", COLUMNS) + ".", line));
            }
        }
        if (Set.copyOf(columns).size() != columns.size()) {
            problems.add(new InvalidInputException.Problem("document", "A column is named twice.", line));
        }
        for (String required : REQUIRED) {
            if (!columns.contains(required)) {
                problems.add(new InvalidInputException.Problem(required, "The column is missing.", line));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException("The header line is not valid; nothing was imported.", problems);
        }
    }

    /** {@code prices:} followed by a list of mappings, or the list alone. */
    private static List<Row> readYaml(String document) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(10);
        options.setNestingDepthLimit(10);
        options.setCodePointLimit(1_000_000);
        Node root;
        try {
            root = new Yaml(options).compose(new java.io.StringReader(document));
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 1 : e.getProblemMark().getLine() + 1;
            throw lineProblem("document", "Not valid YAML: " + e.getProblem() + ".", line);
        } catch (YAMLException e) {
            throw new InvalidInputException("document", "Not valid YAML.");
        }
        if (root == null) {
            return List.of();
        }
        Node list = root;
        if (root instanceof MappingNode mapping) {
            list = mapping.getValue().stream().filter(t -> t.getKeyNode() instanceof ScalarNode key
                            && key.getValue().equals("prices")).map(NodeTuple::getValueNode).findFirst()
                    .orElseThrow(() -> lineProblem("document", "Put the rows under “prices:”.", line(root)));
        }
        if (!(list instanceof SequenceNode sequence)) {
            throw lineProblem("document", "“prices” must be a list of rows.", line(list));
        }
        List<Row> rows = new ArrayList<>();
        List<InvalidInputException.Problem> problems = new ArrayList<>();
        for (Node item : sequence.getValue()) {
            if (!(item instanceof MappingNode mapping)) {
                problems.add(new InvalidInputException.Problem("document", "Each row must be a mapping of columns.",
                        line(item)));
                continue;
            }
            Map<String, String> fields = new LinkedHashMap<>();
            for (NodeTuple tuple : mapping.getValue()) {
                String key = tuple.getKeyNode() instanceof ScalarNode k ? k.getValue().toLowerCase(Locale.ROOT) : "";
                if (!COLUMNS.contains(key)) {
                    problems.add(new InvalidInputException.Problem(key.isEmpty() ? "document" : key,
                            "Unknown column “" + key + "”; use " + String.join(", ", COLUMNS) + ".",
                            line(tuple.getKeyNode())));
                } else if (tuple.getValueNode() instanceof ScalarNode value) {
                    fields.put(key, value.getValue());
                } else {
                    problems.add(new InvalidInputException.Problem(key, "Give a single value.",
                            line(tuple.getValueNode())));
                }
            }
            rows.add(new Row(line(item), fields));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems.size() + " problems in the document; nothing was imported.",
                    problems);
        }
        return rows;
    }

    /** The effective price book as CSV, one row per provider, model and class. */
    static void writeCsv(List<PriceStore.EffectivePrice> prices, Writer out) throws IOException {
        out.write(Csv.line(new ArrayList<>(COLUMNS)));
        for (PriceStore.EffectivePrice price : prices) {
            out.write(Csv.line(new ArrayList<>(values(price).values())));
        }
    }

    /** The effective price book as YAML: when, which default version, and the rows (prices as exact strings). */
    static void writeYaml(LocalDate on, @Nullable String version, List<PriceStore.EffectivePrice> prices, Writer out) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("effective_on", on.toString());
        document.put("price_book_version", version);
        document.put("prices", prices.stream().map(OverrideDocuments::values).toList());
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndicatorIndent(2);
        options.setIndentWithIndicator(true);
        options.setWidth(200);
        new Yaml(options).dump(document, out);
    }

    private static Map<String, String> values(PriceStore.EffectivePrice price) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("provider", price.model().provider());
        values.put("model", price.model().model());
        values.put("price_class", price.priceClass().apiName());
        values.put("price_usd", Prices.plain(price.usd()));
        values.put("effective_from", price.effectiveFrom().toString());
        values.put("note", price.note());
        values.put("origin", price.origin().name().toLowerCase(Locale.ROOT));
        values.put("unit", price.priceClass().unit());
        values.put("reference", price.overrideId() != null ? Prices.overrideId(price.overrideId())
                : String.valueOf(price.version()));
        return values;
    }

    private static int line(Node node) {
        return node.getStartMark() == null ? 1 : node.getStartMark().getLine() + 1;
    }

    private static InvalidInputException lineProblem(String field, String message, int line) {
        return new InvalidInputException("Line " + line + ": " + message + " Nothing was imported.",
                List.of(new InvalidInputException.Problem(field, message, line)));
    }
}

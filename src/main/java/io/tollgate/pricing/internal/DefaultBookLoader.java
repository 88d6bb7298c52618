package io.tollgate.pricing.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Loads the default price book versions into the global tables at start-up, oldest first, each in its own
 * transaction. A version already loaded with the same prices is skipped, so every replica may run this; a version
 * whose prices differ from what was loaded under its name stops the start-up (history is never rewritten: changed
 * prices need a new version with a new effective_from).
 */
@Component
public class DefaultBookLoader implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DefaultBookLoader.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    public enum Result { LOADED, ALREADY_LOADED }

    private final PricingProperties properties;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;

    DefaultBookLoader(PricingProperties properties, JdbcTemplate jdbc, PlatformTransactionManager transactionManager) {
        this.properties = properties;
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    @Override
    public void run(ApplicationArguments args) throws IOException {
        if (!properties.defaultBook().enabled()) {
            log.info("Default price book loading is off (tollgate.pricing.default-book.enabled=false)");
            return;
        }
        List<DefaultBookFile> books = new ArrayList<>();
        PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
        for (String location : properties.defaultBook().locations()) {
            for (Resource resource : resolver.getResources(location)) {
                books.add(read(resource));
            }
        }
        books.sort(Comparator.comparing(DefaultBookFile::effectiveFrom).thenComparing(DefaultBookFile::version));
        for (DefaultBookFile book : books) {
            Result result = load(book);
            log.info("Default price book {} (as of {}, effective from {}): {} prices, {}", book.version(),
                    book.asOf(), book.effectiveFrom(), book.entries().size(), result == Result.LOADED
                            ? "loaded" : "already loaded");
        }
    }

    public static DefaultBookFile read(Resource resource) throws IOException {
        try (InputStream in = resource.getInputStream()) {
            return DefaultBookFile.parse(String.valueOf(resource.getFilename()),
                    new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /** Loads one version unless it is loaded already; safe against a replica loading the same version at once. */
    public Result load(DefaultBookFile book) {
        String checksum = book.checksum();
        return transactions.execute(status -> {
            int inserted = jdbc.update("INSERT INTO price_book_versions (version, as_of, effective_from, sources,"
                            + " checksum) VALUES (?, ?, ?, ?, ?) ON CONFLICT (version) DO NOTHING", book.version(),
                    Date.valueOf(book.asOf()), Date.valueOf(book.effectiveFrom()),
                    JSON.writeValueAsString(book.sources()), checksum);
            if (inserted == 0) {
                String loaded = jdbc.queryForObject("SELECT checksum FROM price_book_versions WHERE version = ?",
                        String.class, book.version());
                if (!checksum.equals(loaded)) {
                    throw new IllegalStateException("Default price book version " + book.version() + " differs from"
                            + " the one loaded before under that name. Prices are never rewritten: give the changed"
                            + " prices a new version and effective_from.");
                }
                return Result.ALREADY_LOADED;
            }
            List<Object[]> rows = new ArrayList<>();
            for (DefaultBookFile.Entry entry : book.entries()) {
                for (Map.Entry<io.tollgate.pricing.PriceClass, java.math.BigDecimal> price : entry.prices().entrySet()) {
                    rows.add(new Object[] {book.version(), entry.model().provider(), entry.model().model(),
                            price.getKey().apiName(), price.getValue(), Date.valueOf(book.effectiveFrom()),
                            entry.source()});
                }
            }
            jdbc.batchUpdate("INSERT INTO default_prices (version, provider, model, price_class, usd, effective_from,"
                    + " source) VALUES (?, ?, ?, ?, ?, ?, ?)", rows);
            return Result.LOADED;
        });
    }
}

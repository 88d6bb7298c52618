package io.tollgate.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import io.tollgate.identity.BearerFixtures;
import io.tollgate.platform.Money;
import io.tollgate.platform.TenantId;
import io.tollgate.platform.TenantTransactions;
import io.tollgate.pricing.internal.DefaultBookFile;
import io.tollgate.pricing.internal.DefaultBookLoader;
import io.tollgate.support.ConsoleClient;
import io.tollgate.support.Databases;
import io.tollgate.support.TestAccounts;
import io.tollgate.support.TollgateTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;

/**
 * {@link PriceBook} as other modules use it, on the real database: dated default versions, reloading, overrides per
 * tenant, and row-level security underneath. Test versions use a provider of their own and dates far in the future,
 * so the shared default book of the other tests is untouched.
 */
@TollgateTest
class PriceBookTest {

    @LocalServerPort
    int port;

    @Autowired
    PriceBook priceBook;

    @Autowired
    DefaultBookLoader loader;

    @Autowired
    TenantTransactions transactions;

    @Autowired
    Environment environment;

    final String provider = "t" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void the_shipped_book_is_loaded_and_prices_for_any_tenant_without_a_role() {
        TenantId tenant = tenant("Book");
        Quote quote = priceBook.price(tenant, ModelKey.of("anthropic", "claude-sonnet-4-5"),
                Instant.parse("2026-04-01T23:59:59Z"), new Usage(1_000, 500, 2_000, 100, 0, 0, 0));
        // 1000 × 3000 + 500 × 15000 + 2000 × 300 + 100 × 3750 nano-USD
        assertThat(quote.cost()).isEqualTo(Money.ofNanos(3_000_000 + 7_500_000 + 600_000 + 375_000));
        assertThat(quote.priceBookVersion()).isEqualTo("2025-12-01");
        assertThat(quote.pricedOn()).isEqualTo(LocalDate.of(2026, 4, 1));
    }

    @Test
    void a_new_version_changes_the_price_from_its_date_and_keeps_the_old_one_before() {
        loader.load(book("-1", "2901-01-01", "1.00"));
        loader.load(book("-2", "2901-06-01", "2.00"));
        TenantId tenant = tenant("Dated");
        Usage million = Usage.tokens(1_000_000, 0);
        ModelKey model = new ModelKey(provider, "m1");

        Quote before = priceBook.price(tenant, model, LocalDate.of(2901, 5, 31), million);
        Quote after = priceBook.price(tenant, model, LocalDate.of(2901, 6, 1), million);
        assertThat(before.cost()).isEqualTo(Money.ofNanos(1_000_000_000L));
        assertThat(before.lines().getFirst().reference()).isEqualTo(provider + "-1");
        assertThat(after.cost()).isEqualTo(Money.ofNanos(2_000_000_000L));
        assertThat(after.lines().getFirst().reference()).isEqualTo(provider + "-2");
        assertThat(priceBook.price(tenant, model, LocalDate.of(2900, 12, 31), million).outcome())
                .as("before its first version the model is unknown").isEqualTo(Quote.Outcome.UNKNOWN_MODEL);
    }

    @Test
    void reloading_a_version_is_idempotent_and_changing_a_loaded_version_is_refused() throws Exception {
        DefaultBookFile book = book("-r", "2902-01-01", "3.00");
        assertThat(loader.load(book)).isEqualTo(DefaultBookLoader.Result.LOADED);
        assertThat(loader.load(book)).isEqualTo(DefaultBookLoader.Result.ALREADY_LOADED);
        assertThat(count("SELECT count(*) FROM default_prices WHERE provider = '" + provider + "'")).isEqualTo(1);

        assertThatThrownBy(() -> loader.load(book("-r", "2902-01-01", "3.50")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("new version");
        assertThat(count("SELECT count(*) FROM default_prices WHERE provider = '" + provider + "' AND usd = 3"))
                .isEqualTo(1);
    }

    @Test
    void an_override_applies_to_its_own_tenant_only_and_rls_hides_it_from_others() throws Exception {
        ConsoleClient owner = TestAccounts.fresh("Rls").signUp(port);
        TenantId mine = new TenantId(BearerFixtures.tenantOf(owner));
        TenantId theirs = tenant("RlsOther");
        var created = owner.api("POST", "/v1/price-overrides", "application/json", "{\"provider\":\"mistral\","
                + "\"model\":\"mistral-large-latest\",\"price_class\":\"output\",\"price_usd\":\"4\","
                + "\"effective_from\":\"2026-01-01\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        ModelKey model = ModelKey.of("mistral", "mistral-large-latest");
        Usage output = Usage.tokens(0, 1_000);

        Quote ownQuote = priceBook.price(mine, model, LocalDate.of(2026, 2, 1), output);
        assertThat(ownQuote.cost()).isEqualTo(Money.ofNanos(4_000_000));
        assertThat(ownQuote.flags()).containsExactly(Quote.Flag.OVERRIDE);
        assertThat(priceBook.price(theirs, model, LocalDate.of(2026, 2, 1), output).cost())
                .isEqualTo(Money.ofNanos(6_000_000));
        // Inside the other tenant's transaction too (the facade joins a transaction bound to its tenant).
        assertThat(transactions.asTenant(theirs, () -> priceBook.price(theirs, model, LocalDate.of(2026, 2, 1),
                output)).cost()).isEqualTo(Money.ofNanos(6_000_000));

        Databases databases = Databases.of(environment);
        try (Connection runtime = databases.asRuntime()) {
            runtime.setAutoCommit(false);
            assertThat(countIn(runtime, theirs, "SELECT count(*) FROM price_overrides")).isZero();
            assertThat(countIn(runtime, mine, "SELECT count(*) FROM price_overrides")).isEqualTo(1);
            runtime.rollback();
        }
    }

    private DefaultBookFile book(String suffix, String effectiveFrom, String input) {
        return DefaultBookFile.parse(provider + suffix + ".yaml", """
                version: "%s%s"
                as_of: %s
                effective_from: %s
                providers:
                  - provider: %s
                    source: https://pricing.example/%s
                    as_of: %s
                    models:
                      - model: m1
                        input: %s
                """.formatted(provider, suffix, effectiveFrom, effectiveFrom, provider, provider, effectiveFrom,
                input));
    }

    private TenantId tenant(String label) {
        return new TenantId(BearerFixtures.tenantOf(TestAccounts.fresh(label).signUp(port)));
    }

    private long count(String sql) throws Exception {
        try (Connection connection = Databases.of(environment).asSuperuser();
             PreparedStatement statement = connection.prepareStatement(sql);
             ResultSet rs = statement.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long countIn(Connection runtime, TenantId tenant, String sql) throws Exception {
        try (PreparedStatement bind = runtime.prepareStatement("SELECT set_config('app.tenant_id', ?, true)")) {
            bind.setString(1, tenant.toString());
            bind.execute();
        }
        try (PreparedStatement statement = runtime.prepareStatement(sql); ResultSet rs = statement.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}

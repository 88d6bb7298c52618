package io.tollgate.pricing.internal;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.tollgate.platform.TenantId;
import io.tollgate.pricing.ModelKey;
import io.tollgate.pricing.PriceClass;
import io.tollgate.pricing.Quote;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/**
 * SQL for dated prices: the global default book and the bound tenant's overrides (RLS keeps other tenants' out).
 * "Effective on a day" is the latest row with {@code effective_from} on or before it; an override beats the default
 * book for its provider, model and class; among default rows with the same date the later-loaded version wins.
 */
@Repository
public class PriceStore {

    /** A price in force: where it came from, and the default version or override it is. */
    public record EffectivePrice(ModelKey model, PriceClass priceClass, BigDecimal usd, LocalDate effectiveFrom,
                                 Quote.Origin origin, @Nullable String version, @Nullable UUID overrideId,
                                 String note) {
    }

    public record Override(UUID id, ModelKey model, PriceClass priceClass, BigDecimal usd, LocalDate effectiveFrom,
                           String note, Instant createdAt, String createdBy) {
    }

    /** A position in the effective price list: the key of the last row returned. */
    public record Position(String provider, String model, String priceClass) {
    }

    private final JdbcTemplate jdbc;

    PriceStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    private static final String DEFAULTS_ON = """
            SELECT DISTINCT ON (p.provider, p.model, p.price_class) p.provider, p.model, p.price_class, p.usd,
                   p.effective_from, 'DEFAULT' AS origin, p.version, NULL::uuid AS override_id, '' AS note
            FROM default_prices p JOIN price_book_versions v ON v.version = p.version
            WHERE p.effective_from <= ?
            ORDER BY p.provider, p.model, p.price_class, p.effective_from DESC, v.loaded_at DESC""";

    private static final String OVERRIDES_ON = """
            SELECT DISTINCT ON (provider, model, price_class) provider, model, price_class, usd, effective_from,
                   'OVERRIDE' AS origin, NULL::text AS version, id AS override_id, note
            FROM price_overrides
            WHERE effective_from <= ?
            ORDER BY provider, model, price_class, effective_from DESC""";

    private static final String EFFECTIVE_ON = "WITH d AS (" + DEFAULTS_ON + "), o AS (" + OVERRIDES_ON + "), "
            + "e AS (SELECT * FROM o UNION ALL SELECT d.* FROM d WHERE NOT EXISTS (SELECT 1 FROM o "
            + "WHERE o.provider = d.provider AND o.model = d.model AND o.price_class = d.price_class)) "
            + "SELECT provider, model, price_class, usd, effective_from, origin, version, override_id, note FROM e ";

    /** The prices in force for one model on a day, one per class that has one. */
    List<EffectivePrice> effectiveFor(ModelKey model, LocalDate on) {
        return jdbc.query(EFFECTIVE_ON + "WHERE provider = ? AND model = ? ORDER BY price_class", EFFECTIVE,
                Date.valueOf(on), Date.valueOf(on), model.provider(), model.model());
    }

    /**
     * A page of the effective price book on a day, ordered by provider, model and class. {@code model} matches
     * exactly, {@code modelContains} as a substring, {@code origin} keeps only defaults or only overrides; null
     * filters are not applied.
     */
    public List<EffectivePrice> effective(LocalDate on, @Nullable String provider, @Nullable String model,
                                          @Nullable String modelContains, Quote.@Nullable Origin origin,
                                          @Nullable Position after, int limit) {
        String afterProvider = after == null ? null : after.provider();
        String originName = origin == null ? null : origin.name();
        return jdbc.query(EFFECTIVE_ON + "WHERE (?::text IS NULL OR provider = ?) AND (?::text IS NULL OR model = ?)"
                        + " AND (?::text IS NULL OR strpos(model, ?) > 0) AND (?::text IS NULL OR origin = ?)"
                        + " AND (?::text IS NULL OR (provider, model, price_class) > (?, ?, ?))"
                        + " ORDER BY provider, model, price_class LIMIT ?", EFFECTIVE,
                Date.valueOf(on), Date.valueOf(on), provider, provider, model, model, modelContains, modelContains,
                originName, originName, afterProvider, afterProvider, after == null ? null : after.model(),
                after == null ? null : after.priceClass(), limit);
    }

    /** The default book in force on a day: the latest-loaded version with the latest start on or before it. */
    Optional<String> versionInForce(LocalDate on) {
        return jdbc.query("SELECT version FROM price_book_versions WHERE effective_from <= ?"
                + " ORDER BY effective_from DESC, loaded_at DESC LIMIT 1", (rs, n) -> rs.getString(1),
                Date.valueOf(on)).stream().findFirst();
    }

    void insertOverride(TenantId tenant, Override o) {
        jdbc.update("INSERT INTO price_overrides (tenant_id, id, provider, model, price_class, usd, effective_from,"
                        + " note, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", tenant.value(), o.id(),
                o.model().provider(), o.model().model(), o.priceClass().apiName(), o.usd(),
                Date.valueOf(o.effectiveFrom()), o.note(), o.createdBy());
    }

    Optional<Override> override(UUID id) {
        return jdbc.query(OVERRIDE_SELECT + " WHERE id = ?", OVERRIDE, id).stream().findFirst();
    }

    Optional<Override> overrideAt(ModelKey model, PriceClass priceClass, LocalDate effectiveFrom) {
        return jdbc.query(OVERRIDE_SELECT + " WHERE provider = ? AND model = ? AND price_class = ?"
                        + " AND effective_from = ?", OVERRIDE, model.provider(), model.model(), priceClass.apiName(),
                Date.valueOf(effectiveFrom)).stream().findFirst();
    }

    /** Overrides in creation order (ids are time-ordered), optionally of one provider and/or model. */
    public List<Override> overrides(@Nullable String provider, @Nullable String model, @Nullable UUID after,
                                    int limit) {
        return jdbc.query(OVERRIDE_SELECT + " WHERE (?::text IS NULL OR provider = ?) AND (?::text IS NULL OR model = ?)"
                        + " AND (?::uuid IS NULL OR id > ?) ORDER BY id LIMIT ?", OVERRIDE, provider, provider, model,
                model, after, after, limit);
    }

    boolean deleteOverride(UUID id) {
        return jdbc.update("DELETE FROM price_overrides WHERE id = ?", id) == 1;
    }

    private static final String OVERRIDE_SELECT = "SELECT id, provider, model, price_class, usd, effective_from, note,"
            + " created_at, created_by FROM price_overrides";

    private static final RowMapper<Override> OVERRIDE = (rs, n) -> new Override(rs.getObject(1, UUID.class),
            new ModelKey(rs.getString(2), rs.getString(3)), priceClass(rs, 4), rs.getBigDecimal(5),
            rs.getDate(6).toLocalDate(), rs.getString(7), rs.getTimestamp(8).toInstant(), rs.getString(9));

    private static final RowMapper<EffectivePrice> EFFECTIVE = (rs, n) -> new EffectivePrice(
            new ModelKey(rs.getString(1), rs.getString(2)), priceClass(rs, 3), rs.getBigDecimal(4),
            rs.getDate(5).toLocalDate(), Quote.Origin.valueOf(rs.getString(6)), rs.getString(7),
            rs.getObject(8, UUID.class), rs.getString(9));

    private static PriceClass priceClass(ResultSet rs, int column) throws SQLException {
        String name = rs.getString(column);
        return PriceClass.fromApiName(name).orElseThrow(() -> new IllegalStateException("price class " + name));
    }
}

package io.tollgate.pricing.internal;

import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import io.tollgate.audit.AuditableEvent.Change;
import io.tollgate.platform.ConflictException;
import io.tollgate.platform.Ids;
import io.tollgate.platform.InvalidInputException;
import io.tollgate.platform.NotFoundException;
import io.tollgate.platform.PreconditionFailedException;
import io.tollgate.platform.TenantId;
import io.tollgate.platform.TenantScope;
import io.tollgate.pricing.ModelKey;
import io.tollgate.pricing.PriceClass;
import io.tollgate.pricing.PriceOverrideCreated;
import io.tollgate.pricing.PriceOverrideDeleted;
import io.tollgate.pricing.PriceOverridesImported;
import io.tollgate.pricing.PricingSettingsChanged;
import io.tollgate.pricing.Quote;
import io.tollgate.pricing.Usage;
import io.tollgate.pricing.internal.OverrideDocuments.Format;
import io.tollgate.pricing.internal.PricingSettings.UnknownModelPolicy;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The price book as people and agents see it through the API and the console: every member (and {@code read} keys)
 * reads prices, quotes and settings; owners and admins (and {@code admin} keys) change overrides and settings. Every
 * change is audited in the same transaction.
 */
@Service
@Transactional
public class PricingService {

    static final String READERS = "hasAnyRole('OWNER', 'ADMIN', 'APPROVER', 'ANALYST', 'VIEWER')";
    static final String WRITERS = "hasAnyRole('OWNER', 'ADMIN')";
    static final int EXPORT_LIMIT = 100_000;

    private final PriceStore prices;
    private final SettingsStore settings;
    private final PriceBookService book;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    PricingService(PriceStore prices, SettingsStore settings, PriceBookService book,
                   ApplicationEventPublisher events, Clock clock) {
        this.prices = prices;
        this.settings = settings;
        this.book = book;
        this.events = events;
        this.clock = clock;
    }

    public record Page<T, C>(List<T> items, @Nullable C next) {
    }

    /** A new override as entered, already converted and checked. */
    public record NewOverride(ModelKey model, PriceClass priceClass, BigDecimal usd, LocalDate effectiveFrom,
                              String note) {
    }

    public record ImportResult(List<PriceStore.Override> created, int skippedDefaults) {
    }

    /** Today in UTC, the day prices are looked up for when none is given. */
    public LocalDate today() {
        return LocalDate.now(clock.withZone(ZoneOffset.UTC));
    }

    @Transactional(readOnly = true)
    @PreAuthorize(READERS)
    public Page<PriceStore.EffectivePrice, PriceStore.Position> prices(LocalDate on, @Nullable String provider,
            @Nullable String model, @Nullable String modelContains, PriceStore.@Nullable Position after, int limit) {
        List<PriceStore.EffectivePrice> rows = prices.effective(on, provider, model, modelContains, null, after,
                limit + 1);
        List<PriceStore.EffectivePrice> items = rows.size() > limit ? rows.subList(0, limit) : rows;
        PriceStore.EffectivePrice last = rows.size() > limit ? items.getLast() : null;
        return new Page<>(List.copyOf(items), last == null ? null : new PriceStore.Position(last.model().provider(),
                last.model().model(), last.priceClass().apiName()));
    }

    @Transactional(readOnly = true)
    @PreAuthorize(READERS)
    public @Nullable String versionInForce(LocalDate on) {
        return prices.versionInForce(on).orElse(null);
    }

    @Transactional(readOnly = true)
    @PreAuthorize(READERS)
    public Quote quote(ModelKey model, LocalDate on, Usage usage) {
        return book.quote(model, on, usage);
    }

    @Transactional(readOnly = true)
    @PreAuthorize(READERS)
    public Page<PriceStore.Override, UUID> overrides(@Nullable String provider, @Nullable String model,
                                                     @Nullable UUID after, int limit) {
        List<PriceStore.Override> rows = prices.overrides(provider, model, after, limit + 1);
        List<PriceStore.Override> items = rows.size() > limit ? rows.subList(0, limit) : rows;
        return new Page<>(List.copyOf(items), rows.size() > limit ? items.getLast().id() : null);
    }

    @Transactional(readOnly = true)
    @PreAuthorize(READERS)
    public PriceStore.Override override(UUID id) {
        return prices.override(id).orElseThrow(() -> NotFoundException.of("price override"));
    }

    /**
     * Refuses (403) anyone who may not change prices; forms call it before converting what was typed, so whether a
     * request is refused never depends on its input.
     */
    @PreAuthorize(WRITERS)
    public void checkMayChangePrices() {
        // the check is the annotation
    }

    @PreAuthorize(WRITERS)
    public PriceStore.Override createOverride(NewOverride request) {
        prices.overrideAt(request.model(), request.priceClass(), request.effectiveFrom()).ifPresent(existing -> {
            throw new ConflictException("effective_from", "An override of " + describe(request) + " from "
                    + request.effectiveFrom() + " exists already (" + Prices.overrideId(existing.id())
                    + "). Delete it first.");
        });
        PriceStore.Override created = insert(request);
        events.publishEvent(new PriceOverrideCreated(tenant(), created.id(), created.model(), created.priceClass(),
                created.usd(), created.effectiveFrom(), created.note()));
        return created;
    }

    @PreAuthorize(WRITERS)
    public PriceStore.Override deleteOverride(UUID id) {
        PriceStore.Override existing = prices.override(id).orElseThrow(() -> NotFoundException.of("price override"));
        if (!prices.deleteOverride(id)) {
            throw NotFoundException.of("price override");
        }
        events.publishEvent(new PriceOverrideDeleted(tenant(), existing.id(), existing.model(),
                existing.priceClass(), existing.usd(), existing.effectiveFrom()));
        return existing;
    }

    /**
     * Imports a CSV or YAML document of overrides, all or nothing: any bad line (or a clash with an existing
     * override or another line) refuses the whole document with one problem per line. Rows whose origin is
     * {@code default} (as in an export) are skipped.
     */
    @PreAuthorize(WRITERS)
    public ImportResult importOverrides(Format format, String document) {
        List<OverrideDocuments.Row> rows = OverrideDocuments.read(format, document);
        List<InvalidInputException.Problem> problems = new ArrayList<>();
        List<NewOverride> accepted = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        int skipped = 0;
        for (OverrideDocuments.Row row : rows) {
            String origin = row.fields().getOrDefault("origin", "").strip().toLowerCase(java.util.Locale.ROOT);
            if (origin.equals("default")) {
                skipped++;
                continue;
            }
            if (!origin.isEmpty() && !origin.equals("override")) {
                problems.add(new InvalidInputException.Problem("origin", "Use override or default.", row.line()));
                continue;
            }
            NewOverride request;
            try {
                request = toOverride(row.fields());
            } catch (InvalidInputException e) {
                e.problems().forEach(p -> problems.add(new InvalidInputException.Problem(p.field(), p.message(),
                        row.line())));
                continue;
            }
            String key = request.model() + "|" + request.priceClass() + "|" + request.effectiveFrom();
            Integer earlier = seen.putIfAbsent(key, row.line());
            if (earlier != null) {
                problems.add(new InvalidInputException.Problem("effective_from", "Line " + earlier
                        + " sets the same provider, model, class and date.", row.line()));
            } else if (prices.overrideAt(request.model(), request.priceClass(), request.effectiveFrom()).isPresent()) {
                problems.add(new InvalidInputException.Problem("effective_from", "An override of "
                        + describe(request) + " from " + request.effectiveFrom() + " exists already.", row.line()));
            } else {
                accepted.add(request);
            }
        }
        if (!problems.isEmpty()) {
            long lines = problems.stream().map(InvalidInputException.Problem::line).distinct().count();
            throw new InvalidInputException(lines + (lines == 1 ? " line is" : " lines are")
                    + " not valid; nothing was imported.", problems);
        }
        if (accepted.isEmpty()) {
            throw new InvalidInputException("document", "The document has no override rows (only default ones).");
        }
        List<PriceStore.Override> created = accepted.stream().map(this::insert).toList();
        events.publishEvent(new PriceOverridesImported(tenant(), format.extension(), created.size(), skipped));
        return new ImportResult(created, skipped);
    }

    /**
     * Writes the effective price book on a day, defaults and overrides marked by origin; with an origin, only the
     * rows of that origin (an export of the overrides alone is small enough to import elsewhere).
     */
    @Transactional(readOnly = true)
    @PreAuthorize(READERS)
    public void export(LocalDate on, Quote.@Nullable Origin origin, Format format, Writer out) throws IOException {
        List<PriceStore.EffectivePrice> rows = prices.effective(on, null, null, null, origin, null, EXPORT_LIMIT);
        if (format == Format.CSV) {
            OverrideDocuments.writeCsv(rows, out);
        } else {
            OverrideDocuments.writeYaml(on, prices.versionInForce(on).orElse(null), rows, out);
        }
    }

    @Transactional(readOnly = true)
    @PreAuthorize(READERS)
    public PricingSettings settings() {
        return settings.load(false).orElse(PricingSettings.INITIAL);
    }

    /**
     * Sets the unknown-model policy and the fallback rates. With FALLBACK, input and output rates are required. With
     * an expected version (an ETag, a form's hidden field) a concurrent change in between is refused (412).
     */
    @PreAuthorize(WRITERS)
    public PricingSettings updateSettings(UnknownModelPolicy policy, Map<PriceClass, BigDecimal> rates,
                                          @Nullable Long expectedVersion) {
        if (policy == UnknownModelPolicy.FALLBACK) {
            for (PriceClass required : List.of(PriceClass.INPUT, PriceClass.OUTPUT)) {
                if (!rates.containsKey(required)) {
                    throw new InvalidInputException("fallback_rates." + required.apiName(),
                            "With the fallback policy, give at least the input and output rates.");
                }
            }
        }
        PricingSettings current = settings.load(true).orElse(null);
        long currentVersion = current == null ? 0 : current.version();
        if (expectedVersion != null && expectedVersion != currentVersion) {
            throw new PreconditionFailedException("The pricing settings were changed by someone else. Reload and retry.");
        }
        if (current == null) {
            if (!settings.insert(tenant(), policy)) {
                throw new PreconditionFailedException("The pricing settings were changed by someone else. Reload and"
                        + " retry.");
            }
        } else {
            settings.update(policy);
        }
        settings.replaceRates(tenant(), rates);
        PricingSettings before = current == null ? PricingSettings.INITIAL : current;
        PricingSettings after = settings.load(false).orElseThrow();
        Map<String, Change> changes = changes(before, after);
        if (!changes.isEmpty()) {
            events.publishEvent(new PricingSettingsChanged(tenant(), changes));
        }
        return after;
    }

    /** Converts one override's fields as typed (API, form or imported row); problems name the fields at fault. */
    public static NewOverride toOverride(Map<String, String> fields) {
        List<InvalidInputException.Problem> problems = new ArrayList<>();
        ModelKey model = attempt(problems, () -> ModelKey.of(fields.getOrDefault("provider", ""),
                fields.getOrDefault("model", "")));
        PriceClass priceClass = attempt(problems, () -> Prices.priceClass("price_class",
                fields.getOrDefault("price_class", "")));
        BigDecimal usd = attempt(problems, () -> Prices.usd("price_usd", fields.getOrDefault("price_usd", "")));
        LocalDate from = attempt(problems, () -> Prices.date("effective_from", fields.getOrDefault("effective_from",
                "")));
        String note = attempt(problems, () -> Prices.note("note", fields.getOrDefault("note", "")));
        if (!problems.isEmpty()) {
            throw problems.size() == 1 ? new InvalidInputException(problems.getFirst().field(),
                    problems.getFirst().message()) : new InvalidInputException("The request has invalid fields.",
                    problems);
        }
        return new NewOverride(model, priceClass, usd, from, note);
    }

    private PriceStore.Override insert(NewOverride request) {
        PriceStore.Override override = new PriceStore.Override(Ids.newUuid(), request.model(), request.priceClass(),
                request.usd(), request.effectiveFrom(), request.note(), clock.instant(),
                TenantScope.currentActor().displayName());
        try {
            prices.insertOverride(tenant(), override);
        } catch (DuplicateKeyException e) {
            throw new ConflictException("effective_from", "An override of " + describe(request) + " from "
                    + request.effectiveFrom() + " exists already.");
        }
        return prices.override(override.id()).orElseThrow();
    }

    private static Map<String, Change> changes(PricingSettings before, PricingSettings after) {
        Map<String, Change> changes = new LinkedHashMap<>();
        if (before.policy() != after.policy()) {
            changes.put("unknown_model_policy", new Change(before.policy().name(), after.policy().name()));
        }
        for (PriceClass priceClass : PriceClass.values()) {
            BigDecimal old = before.fallbackRates().get(priceClass);
            BigDecimal now = after.fallbackRates().get(priceClass);
            if (!Objects.equals(old == null ? null : Prices.plain(old), now == null ? null : Prices.plain(now))) {
                changes.put("fallback_rates." + priceClass.apiName(), new Change(old == null ? null : Prices.plain(old),
                        now == null ? null : Prices.plain(now)));
            }
        }
        return changes;
    }

    private static <T> @Nullable T attempt(List<InvalidInputException.Problem> problems,
                                           java.util.function.Supplier<T> conversion) {
        try {
            return conversion.get();
        } catch (InvalidInputException e) {
            problems.addAll(e.problems());
            return null;
        }
    }

    private static String describe(NewOverride request) {
        return request.model().provider() + "/" + request.model().model() + " " + request.priceClass().apiName();
    }

    private static TenantId tenant() {
        return TenantScope.requireTenant();
    }
}

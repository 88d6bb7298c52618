package io.tollgate.pricing.internal.web;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tollgate.platform.InvalidInputException;
import io.tollgate.platform.PrefixedId;
import io.tollgate.platform.PreconditionFailedException;
import io.tollgate.pricing.ModelKey;
import io.tollgate.pricing.PriceClass;
import io.tollgate.pricing.Quote;
import io.tollgate.pricing.Usage;
import io.tollgate.pricing.internal.OverrideDocuments.Format;
import io.tollgate.pricing.internal.PriceStore;
import io.tollgate.pricing.internal.Prices;
import io.tollgate.pricing.internal.PricingService;
import io.tollgate.pricing.internal.PricingSettings;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The price book over {@code /v1}: effective prices, quotes, the tenant's overrides (with CSV/YAML import and
 * export) and its unknown-model settings. Prices are exact decimal strings in USD per pricing unit; costs are
 * integer nano-USD.
 */
@RestController
@Tag(name = "Price book")
class PricingApiController {

    private static final String CSV_EXAMPLE = """
            provider,model,price_class,price_usd,effective_from,note
            openai,gpt-4o,input,2.00,2026-03-01,Enterprise agreement
            """;
    private static final String EXPORT_CSV_EXAMPLE = """
            provider,model,price_class,price_usd,effective_from,note,origin,unit,reference
            openai,gpt-4o,input,2.50,2025-12-01,,default,1M tokens,2025-12-01
            openai,gpt-4o,input,2.00,2026-03-01,Enterprise agreement,override,1M tokens,prc_01933b2a4c7e7f0a8d2b6c1e5f4a3b2c
            """;
    private static final String YAML_EXAMPLE = """
            prices:
              - provider: openai
                model: gpt-4o
                price_class: input
                price_usd: "2.00"
                effective_from: 2026-03-01
                note: Enterprise agreement
            """;

    private final PricingService pricing;

    PricingApiController(PricingService pricing) {
        this.pricing = pricing;
    }

    record Page<T>(List<T> data, @Nullable String nextCursor) {
    }

    record Price(String provider, String model, String priceClass, String priceUsd, String unit,
                 LocalDate effectiveFrom, String origin, @Nullable String priceBookVersion,
                 @Nullable String overrideId) {

        static Price of(PriceStore.EffectivePrice p) {
            return new Price(p.model().provider(), p.model().model(), p.priceClass().apiName(), Prices.plain(p.usd()),
                    p.priceClass().unit(), p.effectiveFrom(), p.origin().name().toLowerCase(Locale.ROOT), p.version(),
                    p.overrideId() == null ? null : Prices.overrideId(p.overrideId()));
        }
    }

    record Override(String id, String provider, String model, String priceClass, String priceUsd, String unit,
                    LocalDate effectiveFrom, String note, Instant createdAt, String createdBy) {

        static Override of(PriceStore.Override o) {
            return new Override(Prices.overrideId(o.id()), o.model().provider(), o.model().model(),
                    o.priceClass().apiName(), Prices.plain(o.usd()), o.priceClass().unit(), o.effectiveFrom(),
                    o.note(), o.createdAt(), o.createdBy());
        }
    }

    record NewOverride(@NotBlank(message = "Give the provider.") @Size(max = 40) String provider,
                       @NotBlank(message = "Give the model.") @Size(max = 200) String model,
                       @NotBlank(message = "Give the price class.") String priceClass,
                       @NotBlank(message = "Give the price in USD per unit, as a decimal string.") String priceUsd,
                       @NotBlank(message = "Give the date (YYYY-MM-DD) the price applies from.") String effectiveFrom,
                       @Nullable @Size(max = 500, message = "At most 500 characters.") String note) {

        Map<String, String> fields() {
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("provider", provider);
            fields.put("model", model);
            fields.put("price_class", priceClass);
            fields.put("price_usd", priceUsd);
            fields.put("effective_from", effectiveFrom);
            fields.put("note", note == null ? "" : note);
            return fields;
        }
    }

    @io.swagger.v3.oas.annotations.media.Schema(name = "QuoteUsage")
    record UsageBody(@Nullable Long inputTokens, @Nullable Long outputTokens, @Nullable Long cachedInputReadTokens,
                     @Nullable Long cacheWriteTokens, @Nullable Long requests, @Nullable Long images,
                     @Nullable Long audioSeconds) {

        Usage toUsage() {
            return new Usage(zero(inputTokens), zero(outputTokens), zero(cachedInputReadTokens),
                    zero(cacheWriteTokens), zero(requests), zero(images), zero(audioSeconds));
        }

        private static long zero(@Nullable Long value) {
            return value == null ? 0 : value;
        }
    }

    record QuoteRequest(@NotBlank(message = "Give the provider.") @Size(max = 40) String provider,
                        @NotBlank(message = "Give the model.") @Size(max = 200) String model,
                        @Nullable @Size(max = 40) String at,
                        @NotNull(message = "Give the usage counts.") @Valid UsageBody usage) {
    }

    record QuoteLine(String priceClass, long quantity, String priceUsd, String unit, String origin,
                     @Nullable String reference, String exactNanoUsd) {
    }

    record QuoteResponse(String outcome, @Nullable Long costNanoUsd, @Nullable String costUsd, String provider,
                         String model, LocalDate pricedOn, @Nullable String priceBookVersion, List<String> flags,
                         List<QuoteLine> lines, List<String> unpricedClasses) {

        static QuoteResponse of(Quote q) {
            return new QuoteResponse(q.outcome().name().toLowerCase(Locale.ROOT),
                    q.cost() == null ? null : q.cost().nanos(), q.cost() == null ? null : q.cost().toUsd().toPlainString(),
                    q.model().provider(), q.model().model(), q.pricedOn(), q.priceBookVersion(),
                    q.flags().stream().map(f -> f.name().toLowerCase(Locale.ROOT)).sorted().toList(),
                    q.lines().stream().map(l -> new QuoteLine(l.priceClass().apiName(), l.quantity(),
                            Prices.plain(l.usdPerUnit()), l.priceClass().unit(),
                            l.origin().name().toLowerCase(Locale.ROOT), l.reference(),
                            l.exactNanos().stripTrailingZeros().toPlainString())).toList(),
                    q.unpriced().stream().map(PriceClass::apiName).toList());
        }
    }

    record Settings(String unknownModelPolicy, Map<String, String> fallbackRates, long version) {

        static Settings of(PricingSettings s) {
            Map<String, String> rates = new LinkedHashMap<>();
            s.fallbackRates().forEach((c, usd) -> rates.put(c.apiName(), Prices.plain(usd)));
            return new Settings(s.policy().name().toLowerCase(Locale.ROOT), rates, s.version());
        }
    }

    record SettingsUpdate(@NotBlank(message = "Use deny or fallback.") String unknownModelPolicy,
                          @Nullable Map<String, String> fallbackRates) {
    }

    record Imported(int imported, int skippedDefaultRows, List<Override> data) {
    }

    @Operation(operationId = "listPrices", summary = "The effective price book on a day (default UTC today): per provider, model and class, the "
            + "tenant's override or else the default price")
    @GetMapping(path = "/v1/prices", produces = MediaType.APPLICATION_JSON_VALUE)
    Page<Price> prices(@RequestParam(name = "provider", required = false) @Nullable String provider,
                       @RequestParam(name = "model", required = false) @Nullable String model,
                       @RequestParam(name = "at", required = false) @Nullable String at,
                       @RequestParam(name = "limit", defaultValue = "50") @Min(1) @Max(200) int limit,
                       @RequestParam(name = "cursor", required = false) @Nullable String cursor) {
        var page = pricing.prices(day(at, "at"), lower(provider), lower(model), null, PricesCursor.parse(cursor),
                limit);
        return new Page<>(page.items().stream().map(Price::of).toList(),
                page.next() == null ? null : PricesCursor.of(page.next()));
    }

    @Operation(operationId = "quotePrice", summary = "The cost of one usage line on a day, in nano-USD, rounded once (half-up)")
    @PostMapping(path = "/v1/prices/quote", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    QuoteResponse quote(@Valid @RequestBody QuoteRequest request) {
        ModelKey model = ModelKey.of(request.provider(), request.model());
        Usage usage = request.usage().toUsage();
        return QuoteResponse.of(pricing.quote(model, day(request.at(), "at"), usage));
    }

    @Operation(operationId = "listPriceOverrides", summary = "The organisation's own prices, oldest first")
    @GetMapping(path = "/v1/price-overrides", produces = MediaType.APPLICATION_JSON_VALUE)
    Page<Override> overrides(@RequestParam(name = "provider", required = false) @Nullable String provider,
                             @RequestParam(name = "model", required = false) @Nullable String model,
                             @RequestParam(name = "limit", defaultValue = "50") @Min(1) @Max(200) int limit,
                             @RequestParam(name = "cursor", required = false) @Nullable String cursor) {
        UUID after = cursor == null || cursor.isBlank() ? null
                : PrefixedId.parse(Prices.OVERRIDE_PREFIX, cursor, "cursor");
        var page = pricing.overrides(lower(provider), lower(model), after, limit);
        return new Page<>(page.items().stream().map(Override::of).toList(),
                page.next() == null ? null : Prices.overrideId(page.next()));
    }

    @Operation(operationId = "getPriceOverride", summary = "One price override")
    @GetMapping(path = "/v1/price-overrides/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    Override override(@PathVariable("id") String id) {
        return Override.of(pricing.override(PrefixedId.parse(Prices.OVERRIDE_PREFIX, id, "price override")));
    }

    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "201", description = "Created")
    @Operation(operationId = "createPriceOverride", summary = "Set the tenant's own price for a provider's model and class from a date")
    @PostMapping(path = "/v1/price-overrides", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Override> create(@Valid @RequestBody NewOverride request) {
        Override created = Override.of(pricing.createOverride(PricingService.toOverride(request.fields())));
        return ResponseEntity.created(URI.create("/v1/price-overrides/" + created.id())).body(created);
    }

    @Operation(operationId = "deletePriceOverride", summary = "Delete a price override; the default (or an older override) applies again")
    @DeleteMapping("/v1/price-overrides/{id}")
    ResponseEntity<Void> delete(@PathVariable("id") String id) {
        pricing.deleteOverride(PrefixedId.parse(Prices.OVERRIDE_PREFIX, id, "price override"));
        return ResponseEntity.noContent().build();
    }

    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "201", description = "Imported")
    @Operation(operationId = "importPriceOverrides", summary = "Import overrides from CSV (text/csv) or YAML (application/yaml), all or nothing")
    @PostMapping(path = "/v1/price-overrides/import", consumes = {"text/csv", "application/yaml", "application/x-yaml",
            "text/yaml"}, produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Imported> importOverrides(@RequestHeader(name = HttpHeaders.CONTENT_TYPE, required = false)
                                             @Nullable String contentType,
                                             @io.swagger.v3.oas.annotations.parameters.RequestBody(content = {
                                                     @Content(mediaType = "text/csv", schema = @Schema(type = "string"),
                                                             examples = @ExampleObject(value = CSV_EXAMPLE)),
                                                     @Content(mediaType = "application/yaml",
                                                             schema = @Schema(type = "string"),
                                                             examples = @ExampleObject(value = YAML_EXAMPLE))})
                                             @RequestBody String document) {
        Format format = Format.ofMediaType(contentType == null ? null : MediaType.parseMediaType(contentType));
        if (format == null) {
            throw new InvalidInputException("content_type", "Send the document as text/csv or application/yaml.");
        }
        PricingService.ImportResult result = pricing.importOverrides(format, document);
        return ResponseEntity.status(201).body(new Imported(result.created().size(), result.skippedDefaults(),
                result.created().stream().map(Override::of).toList()));
    }

    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", description = "The price book file",
            content = {@Content(mediaType = "text/csv", schema = @Schema(type = "string"),
                    examples = @ExampleObject(value = EXPORT_CSV_EXAMPLE)),
                @Content(mediaType = "application/yaml", schema = @Schema(type = "string"),
                        examples = @ExampleObject(value = YAML_EXAMPLE))})
    @Operation(operationId = "exportPriceBook", summary = "The effective price book on a day as CSV or YAML, defaults and overrides marked by origin")
    @GetMapping("/v1/price-book/export")
    void export(@RequestParam(name = "format", defaultValue = "csv") String format,
                @RequestParam(name = "at", required = false) @Nullable String at,
                @RequestParam(name = "origin", required = false) @Nullable String origin,
                HttpServletResponse response) throws IOException {
        Format chosen = Format.of(format);
        LocalDate on = day(at, "at");
        ByteArrayBody body = new ByteArrayBody();
        pricing.export(on, origin(origin), chosen, body.writer());
        response.setContentType(chosen.mediaType() + "; charset=UTF-8");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                .filename("price-book-" + on + "." + chosen.extension()).build().toString());
        response.getOutputStream().write(body.bytes());
    }

    @Operation(operationId = "getPricingSettings", summary = "What happens to usage of a model the price book does not know, with an ETag")
    @GetMapping(path = "/v1/pricing-settings", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Settings> settings() {
        PricingSettings settings = pricing.settings();
        return ResponseEntity.ok().eTag(etag(settings.version())).body(Settings.of(settings));
    }

    @Operation(operationId = "updatePricingSettings", summary = "Set what happens to usage of a model the price book does not know: deny, or fallback rates")
    @PutMapping(path = "/v1/pricing-settings", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Settings> updateSettings(@Valid @RequestBody SettingsUpdate update,
                                            @RequestHeader(name = "If-Match", required = false) @Nullable String ifMatch) {
        PricingSettings.UnknownModelPolicy policy = switch (update.unknownModelPolicy().strip().toLowerCase(Locale.ROOT)) {
            case "deny" -> PricingSettings.UnknownModelPolicy.DENY;
            case "fallback" -> PricingSettings.UnknownModelPolicy.FALLBACK;
            default -> throw new InvalidInputException("unknown_model_policy", "Use deny or fallback.");
        };
        Map<PriceClass, BigDecimal> rates = new EnumMap<>(PriceClass.class);
        if (update.fallbackRates() != null) {
            update.fallbackRates().forEach((name, usd) -> {
                String field = "fallback_rates." + name;
                rates.put(Prices.priceClass(field, name), Prices.usd(field, usd));
            });
        }
        PricingSettings saved = pricing.updateSettings(policy, rates, ifMatch == null ? null : parseEtag(ifMatch));
        return ResponseEntity.ok().eTag(etag(saved.version())).body(Settings.of(saved));
    }

    /** A day from {@code YYYY-MM-DD} or an ISO instant (its UTC day); absent means today in UTC. */
    private LocalDate day(@Nullable String value, String field) {
        if (value == null || value.isBlank()) {
            return pricing.today();
        }
        String text = value.strip();
        try {
            return text.length() <= 10 ? Prices.date(field, text)
                    : OffsetDateTime.parse(text).atZoneSameInstant(ZoneOffset.UTC).toLocalDate();
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(field, "Give a date (YYYY-MM-DD) or a time such as 2025-01-31T14:30:00Z.");
        }
    }

    static Quote.@Nullable Origin origin(@Nullable String origin) {
        return switch (origin == null ? "" : origin.strip().toLowerCase(Locale.ROOT)) {
            case "" -> null;
            case "default" -> Quote.Origin.DEFAULT;
            case "override" -> Quote.Origin.OVERRIDE;
            default -> throw new InvalidInputException("origin", "Use default or override, or leave it out.");
        };
    }

    private static @Nullable String lower(@Nullable String value) {
        return value == null || value.isBlank() ? null : value.strip().toLowerCase(Locale.ROOT);
    }

    private static String etag(long version) {
        return "\"v" + version + "\"";
    }

    private static long parseEtag(String ifMatch) {
        String value = ifMatch.trim();
        if (value.startsWith("W/")) {
            value = value.substring(2);
        }
        if (value.length() > 3 && value.startsWith("\"v") && value.endsWith("\"")) {
            try {
                return Long.parseLong(value.substring(2, value.length() - 1));
            } catch (NumberFormatException ignored) {
                // falls through: an ETag we never issued cannot match
            }
        }
        throw new PreconditionFailedException("If-Match does not match the current version of the pricing settings.");
    }

    /** The export is built before anything is sent, so a refusal still becomes a problem response. */
    private static final class ByteArrayBody {

        private final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        private final Writer writer = new BufferedWriter(new OutputStreamWriter(bytes, StandardCharsets.UTF_8));

        Writer writer() {
            return writer;
        }

        byte[] bytes() throws IOException {
            writer.flush();
            return bytes.toByteArray();
        }
    }
}

package io.tollgate.pricing.internal.web;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/** The "add an override" form; converted by the service's own rules, so the API and the console agree. */
public class OverrideFormData {

    private String provider = "";
    private String model = "";
    private String priceClass = "input";
    private String priceUsd = "";
    private String effectiveFrom = "";
    private String note = "";

    public String getProvider() { return provider; }
    public void setProvider(@Nullable String value) { provider = clean(value); }
    public String getModel() { return model; }
    public void setModel(@Nullable String value) { model = clean(value); }
    public String getPriceClass() { return priceClass; }
    public void setPriceClass(@Nullable String value) { priceClass = clean(value); }
    public String getPriceUsd() { return priceUsd; }
    public void setPriceUsd(@Nullable String value) { priceUsd = clean(value); }
    public String getEffectiveFrom() { return effectiveFrom; }
    public void setEffectiveFrom(@Nullable String value) { effectiveFrom = clean(value); }
    public String getNote() { return note; }
    public void setNote(@Nullable String value) { note = clean(value); }

    Map<String, String> fields() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("provider", provider);
        fields.put("model", model);
        fields.put("price_class", priceClass);
        fields.put("price_usd", priceUsd);
        fields.put("effective_from", effectiveFrom);
        fields.put("note", note);
        return fields;
    }

    /** The form field of an API field name. */
    static String formField(String apiField) {
        return switch (apiField) {
            case "price_class" -> "priceClass";
            case "price_usd" -> "priceUsd";
            case "effective_from" -> "effectiveFrom";
            case "provider", "model", "note" -> apiField;
            default -> "provider";
        };
    }

    private static String clean(@Nullable String value) {
        return value == null ? "" : value.strip();
    }
}

package io.tollgate.pricing.internal.web;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import io.tollgate.platform.InvalidInputException;
import io.tollgate.pricing.ModelKey;
import io.tollgate.pricing.PriceClass;
import io.tollgate.pricing.internal.PriceStore;
import org.jspecify.annotations.Nullable;

/** The opaque cursor of the effective price list: the provider, model and class of the last row, base64url. */
final class PricesCursor {

    private PricesCursor() {
    }

    static String of(PriceStore.Position position) {
        String raw = position.provider() + "\n" + position.model() + "\n" + position.priceClass();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** Checked before it reaches SQL: anything not minted by {@link #of} is refused. */
    static PriceStore.@Nullable Position parse(@Nullable String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\n", -1);
            if (parts.length == 3 && ModelKey.PROVIDER.matcher(parts[0]).matches()
                    && ModelKey.MODEL.matcher(parts[1]).matches() && PriceClass.fromApiName(parts[2]).isPresent()) {
                return new PriceStore.Position(parts[0], parts[1], parts[2]);
            }
        } catch (IllegalArgumentException e) {
            // falls through to the refusal
        }
        throw new InvalidInputException("cursor", "This cursor is not valid; use next_cursor from a list response.");
    }
}

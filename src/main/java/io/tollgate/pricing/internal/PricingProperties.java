package io.tollgate.pricing.internal;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** {@code tollgate.pricing.*}: where the default price book versions are read from at start-up. */
@Validated
@ConfigurationProperties("tollgate.pricing")
public record PricingProperties(@Valid @NotNull @DefaultValue DefaultBook defaultBook) {

    /**
     * @param enabled   load the default book versions at start-up (off only for special deployments)
     * @param locations resource patterns of the version files; each file is one version
     */
    public record DefaultBook(@DefaultValue("true") boolean enabled,
                              @NotEmpty @DefaultValue("classpath:pricing/default-price-book/*.yaml")
                              List<String> locations) {
    }
}

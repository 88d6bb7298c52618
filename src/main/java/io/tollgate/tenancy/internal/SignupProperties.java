package io.tollgate.tenancy.internal;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** How organisations come into being: {@code tollgate.signup.mode}. */
@Validated
@ConfigurationProperties("tollgate.signup")
public record SignupProperties(@NotNull @DefaultValue("open") Mode mode, @DefaultValue("30d") Duration codeTtl) {

    public enum Mode {
        /** Anyone may create an organisation. */
        OPEN,
        /** Creating an organisation needs a single-use code issued by an operator. */
        INVITE_ONLY,
        /** Only operators create organisations. */
        CLOSED
    }
}

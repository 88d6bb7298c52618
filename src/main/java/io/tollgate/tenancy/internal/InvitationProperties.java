package io.tollgate.tenancy.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code tollgate.invitations.*}: how long an invitation link stays valid, and the public base URL used to build
 * links (defaults to the URL of the request that created the invitation).
 */
@Validated
@ConfigurationProperties("tollgate.invitations")
public record InvitationProperties(@DefaultValue("7d") Duration ttl, @DefaultValue("") String baseUrl) {

    public InvitationProperties {
        if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(Duration.ofDays(30)) > 0) {
            throw new IllegalArgumentException("tollgate.invitations.ttl must be between 1 second and 30 days");
        }
    }
}

package io.tollgate.platform.internal.web;

import java.util.List;

import io.tollgate.platform.AddressRange;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/**
 * {@code tollgate.http.*}: how the main port meets the network in front of it. Applied to Tomcat by
 * {@link TrustedProxiesEnvironment}; bound here so the setting is documented and validated like every other.
 *
 * @param trustedProxies the reverse proxies (IP addresses or CIDR ranges) whose {@code X-Forwarded-For} and
 *                       {@code X-Forwarded-Proto} headers are believed; empty (the default) believes no one, so the
 *                       client address is always the connection's peer
 */
@ConfigurationProperties("tollgate.http")
record HttpProperties(@DefaultValue List<String> trustedProxies) {

    HttpProperties {
        trustedProxies = trustedProxies.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
        for (String proxy : trustedProxies) {
            try {
                AddressRange.parse(proxy);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(TrustedProxiesEnvironment.PROPERTY + ": " + e.getMessage(), e);
            }
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(HttpProperties.class)
    static class Binding {
    }
}

package io.tollgate.platform.internal.web;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.tollgate.platform.AddressRange;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Forwarded headers are believed only from the proxies in {@code tollgate.http.trusted-proxies} (ADR 0040). Spring
 * Boot's {@code native} strategy installs Tomcat's {@code RemoteIpValve}, whose default internal proxies are every
 * loopback, RFC 1918 and ULA address, so anyone on a private network could name their own client address. This
 * sets the valve's lists from the one Tollgate setting, through Boot's own properties so that both connectors (the
 * main port and the management port, which is built in a child context) get the same valve; an empty setting
 * trusts no proxy at all.
 */
public class TrustedProxiesEnvironment implements EnvironmentPostProcessor, Ordered {

    static final String PROPERTY = "tollgate.http.trusted-proxies";

    @Override
    public int getOrder() {
        // After application.yaml and profiles are loaded, so their settings count.
        return Ordered.LOWEST_PRECEDENCE;
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        List<String> configured = Binder.get(environment).bind(PROPERTY, Bindable.listOf(String.class))
                .orElse(List.of());
        String ranges = configured.stream().map(String::strip).filter(entry -> !entry.isEmpty())
                .map(TrustedProxiesEnvironment::range).collect(Collectors.joining(","));
        // Tomcat reads a list containing "/" as CIDR ranges; an empty one makes no peer a proxy.
        environment.getPropertySources().addFirst(new MapPropertySource("tollgateTrustedProxies", Map.of(
                "server.tomcat.remoteip.internal-proxies", ranges,
                "server.tomcat.remoteip.trusted-proxies", "")));
    }

    private static String range(String entry) {
        try {
            return AddressRange.parse(entry).toString();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PROPERTY + ": " + e.getMessage(), e);
        }
    }
}

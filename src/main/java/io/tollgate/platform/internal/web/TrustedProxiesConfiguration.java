package io.tollgate.platform.internal.web;

import java.util.stream.Collectors;

import org.apache.catalina.valves.RemoteIpValve;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.tomcat.TomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Forwarded headers are believed only from the proxies in {@code tollgate.http.trusted-proxies} (ADR 0040). Spring
 * Boot's {@code native} strategy installs Tomcat's {@code RemoteIpValve} with Tomcat's default internal proxies —
 * every loopback, RFC 1918 and ULA address — so anyone on a private network could name their own client address,
 * passing API key allowlists, escaping per-address throttles and writing the audit trail's address. This replaces
 * that default with the configured list, and with nothing when the list is empty.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(HttpProperties.class)
class TrustedProxiesConfiguration {

    @Bean
    WebServerFactoryCustomizer<TomcatWebServerFactory> trustedProxiesCustomizer(HttpProperties properties) {
        String proxies = properties.trustedProxyRanges().stream().map(Object::toString)
                .collect(Collectors.joining(","));
        return new TrustedProxiesCustomizer(proxies);
    }

    /** Runs after Boot's own Tomcat customizer, which is the one that adds the valve. */
    private record TrustedProxiesCustomizer(String proxies) implements WebServerFactoryCustomizer<TomcatWebServerFactory>,
            Ordered {

        @Override
        public void customize(TomcatWebServerFactory factory) {
            factory.getEngineValves().stream().filter(RemoteIpValve.class::isInstance).map(RemoteIpValve.class::cast)
                    .forEach(valve -> {
                        // A value with a slash is read by Tomcat as CIDR ranges; empty trusts no proxy at all.
                        valve.setInternalProxies(proxies);
                        valve.setTrustedProxies(null);
                    });
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }
}

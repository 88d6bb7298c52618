package io.tollgate.platform.internal.outbound;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

import io.tollgate.platform.OutboundHttp;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.util.Timeout;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;
import org.springframework.stereotype.Component;

/**
 * The outbound-address policy applied twice: when a URL is given ({@link #check}, for a clear answer to the
 * person giving it) and on every connection (the client's DNS resolver), which is the check that counts.
 */
@Component
@EnableConfigurationProperties(OutboundProperties.class)
class GuardedOutboundHttp implements OutboundHttp {

    private final OutboundAddressPolicy policy;

    GuardedOutboundHttp(OutboundProperties properties, OwnPorts ownPorts) {
        this.policy = new OutboundAddressPolicy(properties, ownPorts::current);
    }

    @Override
    public void check(URI url) {
        String host = url.getHost();
        if (host == null) {
            throw new OutboundAddressRefused("Give an absolute URL with a host name.");
        }
        String bareHost = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(bareHost);
        } catch (UnknownHostException e) {
            // Not resolvable now: nothing to judge yet; the connection-time check still applies.
            return;
        }
        int port = url.getPort() > 0 ? url.getPort() : defaultPort(url.getScheme());
        for (InetAddress address : addresses) {
            Optional<String> refusal = policy.refusal(address, port);
            if (refusal.isPresent()) {
                throw new OutboundAddressRefused(RefusalMessages.of(host, address, refusal.get()));
            }
        }
    }

    @Override
    public ClientHttpRequestFactory requestFactory(Duration timeout) {
        var connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setDnsResolver(new GuardedDnsResolver(policy))
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(timeout)).setSocketTimeout(Timeout.of(timeout)).build())
                .build();
        var client = HttpClients.custom()
                .setConnectionManager(connections)
                // A redirect could lead anywhere; an IdP's documents are fetched from where the URL says.
                .disableRedirectHandling()
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(Timeout.of(timeout)).build())
                .build();
        var factory = new HttpComponentsClientHttpRequestFactory(client);
        factory.setConnectionRequestTimeout(timeout);
        return factory;
    }

    private static int defaultPort(String scheme) {
        return "https".equals(scheme == null ? "" : scheme.toLowerCase(Locale.ROOT)) ? 443 : 80;
    }
}

package io.tollgate.platform.internal.outbound;

import java.util.List;

import io.tollgate.platform.AddressRange;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code tollgate.outbound.*}: which addresses server-side calls to tenant-chosen URLs may reach (ADR 0041).
 *
 * @param allowPrivateAddresses also reach private networks (RFC 1918, IPv6 unique-local, CGNAT 100.64.0.0/10), for
 *                              identity providers inside the operator's network; loopback, link-local and the rest
 *                              stay refused
 * @param allowedAddresses      ranges (IP addresses or CIDR) reachable whatever they are, such as a development IdP
 *                              on 127.0.0.1; this application's own ports on its own addresses stay refused
 */
@ConfigurationProperties("tollgate.outbound")
record OutboundProperties(boolean allowPrivateAddresses, @DefaultValue List<String> allowedAddresses) {

    OutboundProperties {
        allowedAddresses = allowedAddresses.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
        for (String range : allowedAddresses) {
            try {
                AddressRange.parse(range);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("tollgate.outbound.allowed-addresses: " + e.getMessage(), e);
            }
        }
    }

    List<AddressRange> allowedRanges() {
        return allowedAddresses.stream().map(AddressRange::parse).toList();
    }
}

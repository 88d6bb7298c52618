package io.tollgate.platform.internal.outbound;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import io.tollgate.platform.OutboundHttp.OutboundAddressRefused;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;

/**
 * The HTTP client's only way from a host name to addresses: resolves, checks every address, and hands the client
 * exactly the checked addresses to connect to. A host with any forbidden address is refused as a whole, so a
 * record set mixing public and internal addresses cannot steer a retry inward.
 */
final class GuardedDnsResolver implements DnsResolver {

    private final OutboundAddressPolicy policy;

    GuardedDnsResolver(OutboundAddressPolicy policy) {
        this.policy = policy;
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        InetAddress[] addresses = SystemDefaultDnsResolver.INSTANCE.resolve(host);
        for (InetAddress address : addresses) {
            refuseIfForbidden(host, address, -1);
        }
        return addresses;
    }

    @Override
    public List<InetSocketAddress> resolve(String host, int port) throws UnknownHostException {
        InetAddress[] addresses = SystemDefaultDnsResolver.INSTANCE.resolve(host);
        for (InetAddress address : addresses) {
            refuseIfForbidden(host, address, port);
        }
        return Arrays.stream(addresses).map(address -> new InetSocketAddress(address, port)).toList();
    }

    @Override
    public String resolveCanonicalHostname(String host) throws UnknownHostException {
        return SystemDefaultDnsResolver.INSTANCE.resolveCanonicalHostname(host);
    }

    private void refuseIfForbidden(String host, InetAddress address, int port) throws UnknownHostException {
        Optional<String> refusal = policy.refusal(address, port);
        if (refusal.isPresent()) {
            var failure = new UnknownHostException(host + ": refused by the outbound address policy");
            failure.initCause(new OutboundAddressRefused(RefusalMessages.of(host, address, refusal.get())));
            throw failure;
        }
    }
}

package io.tollgate.platform.internal.outbound;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import io.tollgate.platform.AddressRange;

/**
 * Which addresses a server-side call may connect to. IPv6 forms that carry an IPv4 address (IPv4-mapped,
 * IPv4-compatible, the NAT64 prefix) are judged by that IPv4 address, so {@code ::ffff:169.254.169.254} is no way
 * around the rules.
 */
final class OutboundAddressPolicy {

    private enum Kind {
        UNSPECIFIED("an unspecified address"), LOOPBACK("a loopback address"), LINK_LOCAL("a link-local address"),
        PRIVATE("a private network address"), MULTICAST("a multicast address"), RESERVED("a reserved address"),
        PUBLIC("a public address");

        final String description;

        Kind(String description) {
            this.description = description;
        }
    }

    private static final List<AddressRange> PRIVATE = ranges("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16",
            "100.64.0.0/10", "fc00::/7");
    private static final List<AddressRange> RESERVED = ranges("0.0.0.0/8", "240.0.0.0/4", "fec0::/10");
    private static final AddressRange NAT64 = AddressRange.parse("64:ff9b::/96");

    private final boolean allowPrivate;
    private final List<AddressRange> allowed;
    private final Supplier<Set<Integer>> ownPorts;

    OutboundAddressPolicy(OutboundProperties properties, Supplier<Set<Integer>> ownPorts) {
        this.allowPrivate = properties.allowPrivateAddresses();
        this.allowed = properties.allowedRanges();
        this.ownPorts = ownPorts;
    }

    /**
     * Why the call may not connect to this address and port (what the address is, such as "a loopback address"), or
     * empty when it may. A port below 1 skips the own-port
     * rule (for callers that do not know the port).
     */
    Optional<String> refusal(InetAddress address, int port) {
        InetAddress judged = embeddedIpv4(address).orElse(address);
        if (port > 0 && ownPorts.get().contains(port) && isOwnAddress(judged)) {
            return Optional.of("this Tollgate itself (port " + port + ")");
        }
        if (allowed.stream().anyMatch(range -> range.contains(judged) || range.contains(address))) {
            return Optional.empty();
        }
        Kind kind = kind(judged);
        if (kind == Kind.PUBLIC || kind == Kind.PRIVATE && allowPrivate) {
            return Optional.empty();
        }
        return Optional.of(kind.description);
    }

    private static Kind kind(InetAddress address) {
        if (address.isAnyLocalAddress()) {
            return Kind.UNSPECIFIED;
        }
        if (address.isLoopbackAddress()) {
            return Kind.LOOPBACK;
        }
        if (address.isLinkLocalAddress()) {
            return Kind.LINK_LOCAL;
        }
        if (address.isMulticastAddress()) {
            return Kind.MULTICAST;
        }
        if (PRIVATE.stream().anyMatch(range -> range.contains(address))) {
            return Kind.PRIVATE;
        }
        if (RESERVED.stream().anyMatch(range -> range.contains(address))
                || address instanceof Inet4Address && address.getAddress()[0] == (byte) 255) {
            return Kind.RESERVED;
        }
        return Kind.PUBLIC;
    }

    private static Optional<InetAddress> embeddedIpv4(InetAddress address) {
        if (!(address instanceof Inet6Address v6)) {
            return Optional.empty();
        }
        byte[] bytes = v6.getAddress();
        boolean leadingZeros = IntStream.range(0, 10).allMatch(i -> bytes[i] == 0);
        boolean mapped = leadingZeros && bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
        boolean compatible = v6.isIPv4CompatibleAddress() && !v6.isLoopbackAddress() && !v6.isAnyLocalAddress();
        if (!mapped && !compatible && !NAT64.contains(v6)) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByAddress(Arrays.copyOfRange(bytes, 12, 16)));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static boolean isOwnAddress(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress()) {
            return true;
        }
        try {
            return NetworkInterface.getByInetAddress(address) != null;
        } catch (SocketException e) {
            // The interfaces could not be read: assume the worst rather than let a call to ourselves through.
            return true;
        }
    }

    private static List<AddressRange> ranges(String... cidrs) {
        return Arrays.stream(cidrs).map(AddressRange::parse).toList();
    }
}

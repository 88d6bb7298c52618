package io.tollgate.platform;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * An IP address range in CIDR notation ({@code 10.0.0.0/8}, {@code fd00::/8}); a bare address is a range of one.
 * Parsing accepts IP literals only, so it never turns into a DNS lookup.
 */
public final class AddressRange {

    private static final Pattern LITERAL = Pattern.compile("(\\d{1,3}(\\.\\d{1,3}){3}|[0-9a-fA-F]*:[0-9a-fA-F:.]*)");

    private final byte[] network;
    private final int prefixLength;

    private AddressRange(byte[] network, int prefixLength) {
        this.network = network;
        this.prefixLength = prefixLength;
    }

    /** @throws IllegalArgumentException naming the value when it is not an IP address or CIDR range */
    public static AddressRange parse(String value) {
        String text = value.strip();
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        if (!LITERAL.matcher(address).matches()) {
            throw invalid(value);
        }
        byte[] bytes;
        try {
            bytes = InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException e) {
            throw invalid(value);
        }
        int maxLength = bytes.length * 8;
        int length;
        try {
            length = slash < 0 ? maxLength : Integer.parseInt(text.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw invalid(value);
        }
        if (length < 0 || length > maxLength) {
            throw invalid(value);
        }
        return new AddressRange(mask(bytes, length), length);
    }

    public boolean contains(InetAddress address) {
        byte[] candidate = address.getAddress();
        return candidate.length == network.length && Arrays.equals(mask(candidate, prefixLength), network);
    }

    private static byte[] mask(byte[] bytes, int length) {
        byte[] masked = bytes.clone();
        for (int bit = length; bit < masked.length * 8; bit++) {
            masked[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        return masked;
    }

    private static IllegalArgumentException invalid(String value) {
        String shown = value.length() > 50 ? value.substring(0, 50) + "…" : value;
        return new IllegalArgumentException("\"" + shown + "\" is not an IP address or CIDR range such as 10.0.0.0/8");
    }

    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(network).getHostAddress() + "/" + prefixLength;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}

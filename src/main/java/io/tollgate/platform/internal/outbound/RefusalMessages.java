package io.tollgate.platform.internal.outbound;

import java.net.InetAddress;

/** The sentence an administrator reads when a URL they gave is refused. */
final class RefusalMessages {

    private RefusalMessages() {
    }

    static String of(String host, InetAddress address, String reason) {
        String bareHost = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        boolean literal = bareHost.equalsIgnoreCase(address.getHostAddress()) || bareHost.contains(":")
                || bareHost.matches("[0-9.]+");
        String what = literal ? "it is " + reason : "it resolves to " + address.getHostAddress() + ", " + reason;
        return "Tollgate does not call " + host + ": " + what + ". Give an address on the public internet.";
    }
}

package io.tollgate.platform;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import org.springframework.http.client.ClientHttpRequestFactory;

/**
 * Server-side HTTP calls to URLs that tenants choose (their identity providers' discovery documents, JWKS, token
 * and userinfo endpoints), under one outbound-address policy (ADR 0041): no loopback, link-local (cloud metadata),
 * private, CGNAT, unspecified or multicast address, and never this application's own ports, unless an operator
 * allows a range in {@code tollgate.outbound.*}.
 */
public interface OutboundHttp {

    /**
     * Checks a URL before it is stored or fetched: its host and every address the host resolves to now.
     *
     * @throws OutboundAddressRefused with a sentence for the person who gave the URL
     */
    void check(URI url);

    /**
     * Requests that resolve the host, check every address and connect only to the checked ones (no window for DNS
     * rebinding), and never follow redirects. A refused address fails the request with an I/O error whose cause
     * chain holds an {@link OutboundAddressRefused}.
     */
    ClientHttpRequestFactory requestFactory(Duration timeout);

    /** The URL's host is, or resolves to, an address the policy forbids; the message can be shown as it is. */
    final class OutboundAddressRefused extends RuntimeException {

        public OutboundAddressRefused(String message) {
            super(message);
        }

        /** The refusal somewhere in a failed call's cause chain, if that is why it failed. */
        public static Optional<OutboundAddressRefused> in(Throwable failure) {
            for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
                if (cause instanceof OutboundAddressRefused refused) {
                    return Optional.of(refused);
                }
            }
            return Optional.empty();
        }
    }
}

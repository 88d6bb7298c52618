package io.tollgate.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.test.context.TestPropertySource;

/**
 * The second shared context, with the network settings of a production deployment instead of the test profile's:
 * the main port behind a reverse proxy at 127.0.0.1 (the only trusted one), and outbound calls under the default
 * address policy, which refuses loopback. Tests of either setting share it, so it starts once.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@TollgateTest
@TestPropertySource(properties = {
        "tollgate.http.trusted-proxies=127.0.0.1/32",
        // Replaces the test profile's loopback allowance with a range nothing here uses (TEST-NET-1).
        "tollgate.outbound.allowed-addresses=192.0.2.1/32"})
public @interface ProductionNetworkingTest {
}

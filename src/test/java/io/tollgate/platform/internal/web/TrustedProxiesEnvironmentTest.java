package io.tollgate.platform.internal.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/** {@code tollgate.http.trusted-proxies} becomes Tomcat's only proxy list, and a bad entry stops the start. */
class TrustedProxiesEnvironmentTest {

    @Test
    void no_setting_trusts_no_proxy_whatever_the_remoteip_properties_said() {
        StandardEnvironment environment = environment(Map.of(
                "server.tomcat.remoteip.internal-proxies", "10\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}"));

        new TrustedProxiesEnvironment().postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("server.tomcat.remoteip.internal-proxies")).isEmpty();
        assertThat(environment.getProperty("server.tomcat.remoteip.trusted-proxies")).isEmpty();
    }

    @Test
    void listed_proxies_become_cidr_ranges() {
        StandardEnvironment environment = environment(Map.of(
                "tollgate.http.trusted-proxies", "10.42.0.0/16, 192.0.2.7,fd00::/8"));

        new TrustedProxiesEnvironment().postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("server.tomcat.remoteip.internal-proxies"))
                .isEqualTo("10.42.0.0/16,192.0.2.7/32,fd00:0:0:0:0:0:0:0/8");
    }

    @Test
    void a_host_name_or_bad_range_fails_naming_the_property() {
        for (String bad : new String[] {"ingress.internal", "10.0.0.0/33", "10.0.0.0/abc"}) {
            StandardEnvironment environment = environment(Map.of("tollgate.http.trusted-proxies", bad));

            assertThatThrownBy(() -> new TrustedProxiesEnvironment().postProcessEnvironment(environment,
                    new SpringApplication())).hasMessageContaining("tollgate.http.trusted-proxies").hasMessageContaining(bad);
        }
    }

    private static StandardEnvironment environment(Map<String, Object> properties) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
        return environment;
    }
}

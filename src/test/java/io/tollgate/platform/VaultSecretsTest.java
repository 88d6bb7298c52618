package io.tollgate.platform;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.tollgate.TollgateApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Secrets from Vault (KV v2), through Spring Cloud Vault's config-data import, against WireMock speaking Vault's
 * HTTP API: the app hashes tokens with the pepper Vault holds, and refuses to start when Vault is unreachable.
 */
@ExtendWith(OutputCaptureExtension.class)
class VaultSecretsTest {

    private static final String PEPPER = "vault-held-pepper-0123456789abcdef0123456789";

    WireMockServer vault;

    @BeforeEach
    void startVault() {
        vault = new WireMockServer(wireMockConfig().dynamicPort());
        vault.start();
        // Spring Vault first asks how a path is mounted (engine and KV version), then reads the secret.
        vault.stubFor(get(urlPathMatching("/v1/sys/internal/ui/mounts/.*"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(
                        "{\"data\":{\"path\":\"secret/\",\"type\":\"kv\",\"options\":{\"version\":\"2\"},"
                                + "\"description\":\"\"}}")));
        vault.stubFor(get(urlPathEqualTo("/v1/secret/data/tollgate")).withHeader("X-Vault-Token", equalTo("test-token"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(
                        "{\"request_id\":\"1\",\"lease_id\":\"\",\"renewable\":false,\"lease_duration\":0,"
                                + "\"data\":{\"data\":{\"tollgate.security.token-pepper\":\"" + PEPPER + "\"},"
                                + "\"metadata\":{\"created_time\":\"2026-11-01T00:00:00Z\",\"deletion_time\":\"\","
                                + "\"destroyed\":false,\"version\":1}},\"wrap_info\":null,\"warnings\":null,"
                                + "\"auth\":null}")));
    }

    @AfterEach
    void stopVault() {
        vault.stop();
    }

    @Test
    void the_pepper_comes_from_vault_when_vault_is_enabled() {
        try (ConfigurableApplicationContext app = start("http://localhost:" + vault.port())) {
            TokenHasher hasher = app.getBean(TokenHasher.class);

            assertThat(hasher.hash("tg_live_probe"))
                    .isEqualTo(new TokenHasher(PEPPER.getBytes(StandardCharsets.UTF_8)).hash("tg_live_probe"));
            vault.verify(getRequestedFor(urlPathEqualTo("/v1/secret/data/tollgate")));
        }
    }

    @Test
    void startup_fails_fast_naming_vault_when_vault_is_unreachable(CapturedOutput output) throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String uri = "http://localhost:" + closedPort;

        assertThatThrownBy(() -> start(uri).close()).hasStackTraceContaining(uri);
        assertThat(output.getAll()).contains("APPLICATION FAILED TO START")
                .contains("Vault is enabled (spring.cloud.vault.enabled=true) but Tollgate could not read its secrets")
                .contains("docs/runbooks/vault.md");
    }

    private static ConfigurableApplicationContext start(String vaultUri) {
        // Command-line arguments outrank application-test.yaml; the test profile's embedded database is reused.
        return new SpringApplicationBuilder(TollgateApplication.class)
                .profiles("test")
                .run("--server.port=0", "--management.server.port=0",
                        "--spring.config.import=vault://",
                        "--spring.cloud.vault.enabled=true",
                        "--spring.cloud.vault.uri=" + vaultUri,
                        "--spring.cloud.vault.authentication=TOKEN",
                        "--spring.cloud.vault.token=test-token",
                        "--spring.cloud.vault.fail-fast=true",
                        "--spring.cloud.vault.kv.enabled=true",
                        "--spring.cloud.vault.kv.backend=secret",
                        "--spring.cloud.vault.kv.default-context=tollgate",
                        "--spring.cloud.vault.kv.application-name=tollgate",
                        "--spring.cloud.vault.kv.profiles=");
    }
}

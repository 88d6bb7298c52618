package io.tollgate.tenancy.internal.sso;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.tollgate.platform.InvalidInputException;
import io.tollgate.platform.SecretCipher;
import io.tollgate.platform.TenantId;
import io.tollgate.tenancy.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.vault.authentication.TokenAuthentication;
import org.springframework.vault.client.VaultEndpoint;
import org.springframework.vault.core.VaultOperations;
import org.springframework.vault.core.VaultTemplate;

/**
 * A client secret kept in Vault (KV v2) instead of Tollgate's database: read through Spring Vault when the
 * registration is built, against WireMock speaking Vault's HTTP API.
 */
class ClientSecretsVaultTest {

    private static final String REFERENCE = "vault:secret/tollgate/sso/acme#client_secret";

    WireMockServer vault;
    SecretCipher cipher = new SecretCipher(new byte[32]);

    @BeforeEach
    void startVault() {
        vault = new WireMockServer(wireMockConfig().dynamicPort());
        vault.start();
        vault.stubFor(get(urlPathMatching("/v1/sys/internal/ui/mounts/.*"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(
                        "{\"data\":{\"path\":\"secret/\",\"type\":\"kv\",\"options\":{\"version\":\"2\"}}}")));
        vault.stubFor(get(urlPathEqualTo("/v1/secret/data/tollgate/sso/acme"))
                .withHeader("X-Vault-Token", equalTo("test-token"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(
                        "{\"data\":{\"data\":{\"client_secret\":\"held-in-vault\"},\"metadata\":{\"version\":3}}}")));
    }

    @AfterEach
    void stopVault() {
        vault.stop();
    }

    @Test
    void a_vault_reference_is_resolved_through_spring_vault() {
        ClientSecrets secrets = new ClientSecrets(cipher, vaultAt("http://localhost:" + vault.port()));

        SsoConfiguration.StoredSecret stored = secrets.reference(REFERENCE);

        assertThat(stored.source()).isEqualTo("vault");
        assertThat(secrets.reveal(configuration(stored))).isEqualTo("held-in-vault");
    }

    @Test
    void a_missing_key_at_the_path_fails_without_naming_any_secret() {
        ClientSecrets secrets = new ClientSecrets(cipher, vaultAt("http://localhost:" + vault.port()));

        assertThatThrownBy(() -> secrets.reveal(configuration(secrets.reference(
                "vault:secret/tollgate/sso/acme#other_key")))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("other_key").hasMessageNotContaining("held-in-vault");
    }

    @Test
    void a_reference_is_refused_when_vault_is_off_or_it_is_malformed() {
        ClientSecrets withoutVault = new ClientSecrets(cipher,
                new StaticListableBeanFactory().getBeanProvider(VaultOperations.class));
        ClientSecrets withVault = new ClientSecrets(cipher, vaultAt("http://localhost:" + vault.port()));

        assertThatThrownBy(() -> withoutVault.reference(REFERENCE)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("Vault is not enabled");
        assertThatThrownBy(() -> withVault.reference("secret/tollgate#x")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> withVault.reference("vault:secret/../sys#x"))
                .isInstanceOf(InvalidInputException.class);
    }

    private static org.springframework.beans.factory.ObjectProvider<VaultOperations> vaultAt(String uri) {
        VaultTemplate template = new VaultTemplate(VaultEndpoint.from(URI.create(uri)),
                new TokenAuthentication("test-token"));
        return new StaticListableBeanFactory(Map.of("vault", template)).getBeanProvider(VaultOperations.class);
    }

    private static SsoConfiguration configuration(SsoConfiguration.StoredSecret secret) {
        return new SsoConfiguration(new TenantId(UUID.randomUUID()), "https://idp.example", "client", secret,
                List.of("example.org"), "groups", Map.of(), Role.VIEWER, false, false, true, 0, Instant.now(),
                Instant.now());
    }
}

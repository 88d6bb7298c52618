package io.tollgate.tenancy.internal.sso;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tollgate.platform.InvalidInputException;
import io.tollgate.platform.SecretCipher;
import io.tollgate.platform.TenantId;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.vault.core.VaultKeyValueOperationsSupport.KeyValueBackend;
import org.springframework.vault.core.VaultOperations;
import org.springframework.vault.support.VaultResponse;

/**
 * Where an IdP client secret lives: sealed with the server's secrets key (bound to its tenant), or in Vault's KV v2
 * store, referenced as {@code vault:<mount>/<path>#<key>} and read through Spring Vault when Vault is enabled.
 * The plaintext only ever exists in memory, on its way into a client registration.
 */
@Component
class ClientSecrets {

    static final Pattern REFERENCE = Pattern.compile("vault:([A-Za-z0-9_-]+)/([A-Za-z0-9_./-]+)#([A-Za-z0-9_.-]+)");

    private final SecretCipher cipher;
    private final ObjectProvider<VaultOperations> vault;

    ClientSecrets(SecretCipher cipher, ObjectProvider<VaultOperations> vault) {
        this.cipher = cipher;
        this.vault = vault;
    }

    SsoConfiguration.StoredSecret seal(TenantId tenant, String plaintext) {
        return SsoConfiguration.StoredSecret.sealed(cipher.encrypt(plaintext, context(tenant)));
    }

    /** Checks a Vault reference's shape, and that this server can read Vault at all. */
    SsoConfiguration.StoredSecret reference(String reference) {
        if (!REFERENCE.matcher(reference).matches() || reference.contains("..")) {
            throw new InvalidInputException("client_secret_ref",
                    "Give a Vault reference like vault:secret/tollgate/sso/acme#client_secret (KV v2).");
        }
        if (vault.getIfAvailable() == null) {
            throw new InvalidInputException("client_secret_ref", "Vault is not enabled on this server "
                    + "(spring.cloud.vault.enabled); give the client secret itself instead.");
        }
        return SsoConfiguration.StoredSecret.inVault(reference);
    }

    /** @throws IllegalStateException naming what failed (never the secret) when it cannot be read */
    String reveal(SsoConfiguration configuration) {
        SsoConfiguration.StoredSecret secret = configuration.secret();
        if (secret.ciphertext() != null) {
            return cipher.decrypt(secret.ciphertext(), context(configuration.tenant()));
        }
        return fromVault(String.valueOf(secret.vaultReference()));
    }

    private String fromVault(String reference) {
        Matcher parts = REFERENCE.matcher(reference);
        VaultOperations operations = vault.getIfAvailable();
        if (!parts.matches() || operations == null) {
            throw new IllegalStateException("the client secret is a Vault reference but Vault is not enabled");
        }
        VaultResponse response = operations.opsForKeyValue(parts.group(1), KeyValueBackend.KV_2).get(parts.group(2));
        Map<String, Object> data = response == null ? null : response.getData();
        if (data == null || !(data.get(parts.group(3)) instanceof String value) || value.isEmpty()) {
            throw new IllegalStateException("Vault has no value at " + reference);
        }
        return value;
    }

    private static String context(TenantId tenant) {
        return "sso-client-secret:" + tenant;
    }
}

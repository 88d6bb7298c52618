package io.tollgate.platform.internal;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/**
 * Spring Cloud Vault's own start-up failure reads like a storage error ("Cannot determine MountInfo…"); this says
 * plainly that Vault was enabled but could not be read, and what to check.
 */
class VaultUnreachableFailureAnalyzer implements FailureAnalyzer {

    @Override
    public @Nullable FailureAnalysis analyze(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause.getClass().getName().startsWith("org.springframework.vault.")
                    || String.valueOf(cause.getMessage()).contains("sys/internal/ui/mounts")) {
                return new FailureAnalysis(
                        "Vault is enabled (spring.cloud.vault.enabled=true) but Tollgate could not read its secrets "
                                + "from it: " + rootMessage(failure),
                        "Check that Vault is reachable at spring.cloud.vault.uri (VAULT_ADDR / "
                                + "SPRING_CLOUD_VAULT_URI), that the token or AppRole is valid, and that the KV v2 "
                                + "secret (default secret/tollgate) exists. To run without Vault, unset "
                                + "SPRING_CLOUD_VAULT_ENABLED and SPRING_CONFIG_IMPORT. See docs/runbooks/vault.md.",
                        failure);
            }
        }
        return null;
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}

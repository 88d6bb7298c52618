package io.tollgate.tenancy.internal.sso;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.tollgate.platform.InvalidInputException;
import io.tollgate.platform.TenantId;
import io.tollgate.tenancy.Role;
import org.junit.jupiter.api.Test;

/** The rules of an SSO configuration that need no server: role mapping, groups claims, domains. */
class SsoRulesTest {

    private static SsoConfiguration configuration(Map<String, Role> mappings, Role defaultRole) {
        return new SsoConfiguration(new TenantId(UUID.randomUUID()), "https://idp.example", "client",
                SsoConfiguration.StoredSecret.inVault("vault:secret/x#y"), List.of("example.org"), "groups", mappings,
                defaultRole, true, false, true, 0, Instant.now(), Instant.now());
    }

    @Test
    void the_strongest_mapped_role_wins_and_unmapped_groups_get_the_default() {
        SsoConfiguration config = configuration(Map.of("viewers", Role.VIEWER, "finance", Role.APPROVER,
                "admins", Role.ADMIN), Role.ANALYST);

        assertThat(config.roleFor(List.of("viewers", "admins", "finance"))).isEqualTo(Role.ADMIN);
        assertThat(config.roleFor(List.of("viewers", "finance"))).isEqualTo(Role.APPROVER);
        assertThat(config.roleFor(List.of("someone-else"))).isEqualTo(Role.ANALYST);
        assertThat(config.roleFor(List.of())).isEqualTo(Role.ANALYST);
    }

    @Test
    void a_groups_claim_is_a_list_or_a_string_of_names() {
        assertThat(SsoAdmission.groups(List.of("a", "b"))).containsExactly("a", "b");
        assertThat(SsoAdmission.groups("a, b c")).containsExactly("a", "b", "c");
        assertThat(SsoAdmission.groups(null)).isEmpty();
        assertThat(SsoAdmission.groups(42)).isEmpty();
    }

    @Test
    void domains_are_normalised_and_shared_mailbox_providers_refused() {
        assertThat(SsoConfigurationService.domains(List.of(" @Example.ORG", "example.org", "", "sub.example.co.uk")))
                .containsExactly("example.org", "sub.example.co.uk");
        assertThatThrownBy(() -> SsoConfigurationService.domains(List.of("gmail.com")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("public mailbox");
        assertThatThrownBy(() -> SsoConfigurationService.domains(List.of("not a domain")))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> SsoConfigurationService.domains(List.of()))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void a_mapping_never_grants_owner() {
        assertThatThrownBy(() -> SsoConfigurationService.mappings(Map.of("root", Role.OWNER)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("never makes an owner");
    }

    @Test
    void registration_ids_name_the_tenant() {
        UUID tenant = UUID.randomUUID();

        assertThat(TenantClientRegistrations.tenantOf("t-" + tenant)).contains(new TenantId(tenant));
        assertThat(TenantClientRegistrations.tenantOf("t-not-a-uuid")).isEmpty();
        assertThat(TenantClientRegistrations.tenantOf("google")).isEmpty();
    }
}

package io.tollgate.tenancy.internal;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.LockModeType;
import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

interface TenantRepository extends JpaRepository<Tenant, UUID> {

    boolean existsBySlug(String slug);
}

interface UserAccountRepository extends JpaRepository<UserAccount, UUID> {

    @Query("select u from UserAccount u where lower(u.email) = lower(?1)")
    Optional<UserAccount> findByEmail(String email);
}

interface MembershipRepository extends JpaRepository<Membership, UUID> {

    Optional<Membership> findByUserId(UUID userId);

    List<Membership> findByIdGreaterThanOrderById(UUID after, Limit limit);

    /** Locked, so two concurrent demotions cannot both see "another owner is left". */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    List<Membership> findByRole(io.tollgate.tenancy.Role role);

    /**
     * Every tenant this person belongs to. Native, so Hibernate's tenant filter does not narrow it; row-level
     * security admits exactly the rows of the user bound as {@code app.user_id}.
     */
    @Query(value = """
            select m.tenant_id as tenantId, t.name as tenantName, t.slug as tenantSlug, m.role as role
            from memberships m join tenants t on t.id = m.tenant_id
            where m.user_id = ?1 order by t.name""", nativeQuery = true)
    List<MembershipView> findAllTenantsOf(UUID userId);

    interface MembershipView {
        UUID getTenantId();
        String getTenantName();
        String getTenantSlug();
        String getRole();
    }
}

interface InvitationRepository extends JpaRepository<Invitation, UUID> {

    @Lock(LockModeType.PESSIMISTIC_WRITE)
    Optional<Invitation> findByTokenHash(String tokenHash);

    List<Invitation> findByIdLessThanOrderByIdDesc(UUID before, Limit limit);
}

interface SignupCodeRepository extends JpaRepository<SignupCode, UUID> {

    @Lock(LockModeType.PESSIMISTIC_WRITE)
    Optional<SignupCode> findByCodeHash(String codeHash);
}
